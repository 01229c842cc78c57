import type { MailMessage } from '../../../src';
import type { EmailAccountsOptions } from '../options';

/** Vietnamese mail templates of the plugin: text and a simple HTML version of the same words. */

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function toHtml(paragraphs: string[]): string {
  return `<!doctype html><html lang="vi"><body style="font-family:Arial,sans-serif;line-height:1.5">${paragraphs
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('')}</body></html>`;
}

function message(to: string, subject: string, paragraphs: string[]): MailMessage {
  return { to, subject, text: paragraphs.join('\n\n') + '\n', html: toHtml(paragraphs) };
}

function serverLines(server: EmailAccountsOptions['server']): string {
  const lines = [
    `Máy chủ nhận thư (IMAP): ${server.imapHost}, cổng ${server.imapPort}, SSL/TLS`,
    `Máy chủ gửi thư (SMTP): ${server.submissionHost}, cổng ${server.submissionPort}, STARTTLS, có xác thực`,
  ];
  if (server.webmailUrl) lines.push(`Hộp thư trên web: ${server.webmailUrl}`);
  return lines.join('\n');
}

export interface CredentialMailInput {
  to: string;
  displayName: string;
  address: string;
  password: string;
  kind: 'INITIAL' | 'RESET';
  server: EmailAccountsOptions['server'];
}

/** Welcome and first password, or a password reset. The only message that ever holds a password. */
export function credentialMail(input: CredentialMailInput): MailMessage {
  const intro =
    input.kind === 'INITIAL'
      ? `Hộp thư điện tử công vụ của Anh/Chị đã được cấp.`
      : `Mật khẩu hộp thư điện tử công vụ của Anh/Chị đã được cấp lại theo yêu cầu của quản trị viên.`;
  const subject =
    input.kind === 'INITIAL'
      ? `Cấp hộp thư điện tử công vụ ${input.address}`
      : `Cấp lại mật khẩu hộp thư ${input.address}`;
  return message(input.to, subject, [
    `Kính gửi ${input.displayName},`,
    intro,
    `Địa chỉ thư: ${input.address}\nTên đăng nhập: ${input.address}\nMật khẩu: ${input.password}`,
    serverLines(input.server),
    'Vì lý do an toàn, Anh/Chị vui lòng đổi mật khẩu ngay sau lần đăng nhập đầu tiên và không chuyển tiếp thư này. ' +
      'Mật khẩu trong thư này thay thế mọi mật khẩu đã gửi trước đó.',
    'Thư này được gửi tự động, vui lòng không trả lời.',
  ]);
}

export interface PasswordSentElsewhereInput {
  to: string;
  displayName: string;
  address: string;
  /** Where the new password went (the address the administrator gave). */
  recipient: string;
  requestedBy: string;
  at: string;
}

/**
 * To the owner's known address when an administrator has a new password of their mailbox sent to an
 * address the platform did not know for them: a stolen administrator account cannot take a mailbox
 * over without its owner being told. Holds no password.
 */
export function passwordSentElsewhereMail(input: PasswordSentElsewhereInput): MailMessage {
  return message(input.to, `Cảnh báo: mật khẩu hộp thư ${input.address} được gửi đến địa chỉ khác`, [
    `Kính gửi ${input.displayName},`,
    `Lúc ${input.at}, quản trị viên ${input.requestedBy} đã cấp lại mật khẩu hộp thư ${input.address} và gửi mật khẩu mới đến địa chỉ ${input.recipient}, không phải địa chỉ cá nhân Anh/Chị đã đăng ký.`,
    'Nếu Anh/Chị không đề nghị việc này, vui lòng liên hệ ngay bộ phận quản trị hệ thống của cơ quan.',
    'Thư này được gửi tự động, vui lòng không trả lời.',
  ]);
}

export interface QuotaWarningInput {
  to: string;
  displayName: string;
  address: string;
  percent: number;
  usedMb: number;
  quotaMb: number;
}

export function quotaWarningMail(input: QuotaWarningInput): MailMessage {
  const full = input.percent >= 100;
  return message(
    input.to,
    full ? `Hộp thư ${input.address} đã đầy` : `Hộp thư ${input.address} sắp đầy (${input.percent}%)`,
    [
      `Kính gửi ${input.displayName},`,
      `Hộp thư ${input.address} đã dùng ${input.usedMb} MB trên tổng dung lượng ${input.quotaMb} MB (${input.percent}%).`,
      full
        ? 'Hộp thư đã hết dung lượng: thư mới gửi đến có thể bị từ chối. Anh/Chị vui lòng xoá bớt thư cũ hoặc liên hệ quản trị viên để tăng dung lượng.'
        : 'Anh/Chị vui lòng xoá bớt thư cũ (nhất là thư có tệp đính kèm lớn) hoặc liên hệ quản trị viên để tăng dung lượng.',
      'Thư này được gửi tự động, vui lòng không trả lời.',
    ],
  );
}

export function forwardingNoticeMail(input: {
  to: string;
  leaverName: string;
  leaverAddress: string;
  unitAddress: string;
}): MailMessage {
  return message(input.to, `Chuyển tiếp thư của ${input.leaverAddress}`, [
    'Kính gửi bộ phận quản lý hộp thư đơn vị,',
    `${input.leaverName} đã nghỉ việc/chuyển công tác. Hộp thư ${input.leaverAddress} đã bị tạm khoá; ` +
      `thư gửi đến địa chỉ này từ nay được chuyển tới hộp thư đơn vị ${input.unitAddress}.`,
    'Thư này được gửi tự động, vui lòng không trả lời.',
  ]);
}
