/** Shared pieces of the applicant emails: plain text first, and a simple HTML version of it. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailBase {
  agencyName: string;
  dossierCode: string;
  procedureName: string;
  applicantName: string;
  lookupUrl: string;
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function money(amount: number): string {
  return `${amount.toLocaleString('vi-VN').replace(/,/g, '.')} đồng`;
}

/** Paragraphs of text become <p>; lines starting with "- " become a list. */
export function toHtml(title: string, paragraphs: string[], link?: { href: string; label: string }): string {
  const body = paragraphs
    .map((p) => {
      const lines = p.split('\n');
      if (lines.every((l) => l.startsWith('- ')))
        return `<ul>${lines.map((l) => `<li>${escapeHtml(l.slice(2))}</li>`).join('')}</ul>`;
      return `<p>${lines.map(escapeHtml).join('<br>')}</p>`;
    })
    .join('\n');
  const button = link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : '';
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.5; color: #222">
<h2 style="color: #b01e23">${escapeHtml(title)}</h2>
${body}
${button}
<p style="color: #777; font-size: 12px">Thư này được gửi tự động từ hệ thống một cửa điện tử; vui lòng không trả lời thư.</p>
</body></html>`;
}

export function footer(base: MailBase): string {
  return `Tra cứu tình trạng hồ sơ: ${base.lookupUrl}\n(nhập mã hồ sơ và mã tra cứu in trên giấy tiếp nhận, hoặc 4 số cuối số định danh cá nhân / số điện thoại)`;
}

export function render(
  title: string,
  base: MailBase,
  paragraphs: string[],
  link?: { href: string; label: string },
): RenderedMail {
  const all = [
    `Kính gửi: ${base.applicantName},`,
    ...paragraphs,
    footer(base),
    `Trân trọng,\n${base.agencyName}`,
  ];
  return {
    subject: `[${base.dossierCode}] ${title}`,
    text: all.join('\n\n') + '\n',
    html: toHtml(title, all, link),
  };
}
