import { formatLocalDate, formatLocalDateTime, type RequestContext } from '../../../src';
import { directory, OfficialStatus } from '../../staff';
import type { OfficialDocument } from '../entities/document.entity';
import { Confidentiality, DOCUMENT_TYPES, URGENCY_NAMES, Urgency } from '../entities/enums';
import { DocumentsPermissions as P } from '../permissions';
import { officialsOfAgencyWith } from './actor';

/**
 * Vietnamese e-mail notifications, sent through the job queue (ctx.sendMail) in the transaction of
 * the change that causes them. Officials are written to at their work address (`email`); personal
 * addresses are never used for official business. The subject line of a confidential document
 * (mật and above) never leaves the platform: the mail only says that one is waiting.
 */
export interface Addressee {
  email: string;
  name: string;
}

export async function officialAddressees(
  ctx: RequestContext,
  officialIds: Array<string | null | undefined>,
): Promise<Addressee[]> {
  const ids = [...new Set(officialIds.filter((id): id is string => !!id))];
  if (!ids.length) return [];
  const officials = await directory.officials(ctx, ids);
  return ids
    .map((id) => officials.get(id))
    .filter((o) => !!o && o.status === OfficialStatus.ACTIVE && !!o.email)
    .map((o) => ({ email: o!.email!, name: o!.fullName }));
}

/** Officials currently posted in the departments. */
export async function departmentMemberIds(
  ctx: RequestContext,
  departmentIds: Array<string | null | undefined>,
): Promise<string[]> {
  const ids = [...new Set(departmentIds.filter((id): id is string => !!id))];
  if (!ids.length) return [];
  return [...new Set((await directory.postingsAt(ctx, { departmentIds: ids })).map((p) => p.officialId))];
}

/** The records clerks of an agency (posted there, holding documents.register over it). */
export async function clerkAddressees(
  ctx: RequestContext,
  agencyId: string,
  unitId: string,
): Promise<Addressee[]> {
  return officialAddressees(ctx, await officialsOfAgencyWith(ctx, agencyId, unitId, P.register));
}

function numberNotation(d: OfficialDocument): string {
  return [d.number, d.notation].filter(Boolean).join('/') || '(chưa có số)';
}

function describe(d: OfficialDocument): string {
  const lines = [
    `Văn bản: ${DOCUMENT_TYPES[d.documentType].name} số ${numberNotation(d)}${d.issueDate ? ` ngày ${formatLocalDate(d.issueDate)}` : ''} của ${d.issuerName}`,
  ];
  if (d.confidentiality === Confidentiality.NORMAL) lines.push(`Trích yếu: ${d.subject}`);
  else lines.push('Độ mật: văn bản mật — trích yếu và nội dung chỉ xem trên hệ thống.');
  if (d.urgency !== Urgency.NORMAL) lines.push(`Độ khẩn: ${URGENCY_NAMES[d.urgency]}`);
  return lines.join('\n');
}

function link(ctx: RequestContext, d: OfficialDocument): string {
  return `${ctx.config.publicUrl}/van-ban/${d.id}`;
}

const SIGNATURE = '\n\n--\nHệ thống quản lý văn bản và điều hành (thư tự động, vui lòng không trả lời).';

async function send(
  ctx: RequestContext,
  to: Addressee[],
  subject: string,
  body: (a: Addressee) => string,
): Promise<number> {
  const seen = new Set<string>();
  let sent = 0;
  for (const addressee of to) {
    const key = addressee.email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    await ctx.sendMail({
      to: addressee.email,
      subject,
      text: `Kính gửi ${addressee.name},\n\n${body(addressee)}${SIGNATURE}`,
    });
    sent++;
  }
  return sent;
}

export const notify = {
  submittedToLeader(ctx: RequestContext, d: OfficialDocument, to: Addressee[], note: string | null) {
    return send(
      ctx,
      to,
      `[Văn bản đến] Trình xin ý kiến chỉ đạo: ${numberNotation(d)}`,
      () =>
        `Văn thư đã trình đồng chí văn bản đến sau để cho ý kiến chỉ đạo.\n\n${describe(d)}${note ? `\nGhi chú: ${note}` : ''}\n\nXem và giao xử lý: ${link(ctx, d)}`,
    );
  },

  assigned(ctx: RequestContext, d: OfficialDocument, lead: Addressee[], co: Addressee[]) {
    const deadline = d.handlingDueAt
      ? `Hạn xử lý: ${formatLocalDateTime(d.handlingDueAt)}.`
      : 'Văn bản không có hạn xử lý.';
    const text = (role: string) =>
      `Đồng chí được giao ${role} xử lý văn bản sau.\n\n${describe(d)}\n${deadline}${d.directionNote ? `\nÝ kiến chỉ đạo: ${d.directionNote}` : ''}\n\nXem và xử lý: ${link(ctx, d)}`;
    return Promise.all([
      send(
        ctx,
        lead,
        `[Giao xử lý] ${numberNotation(d)} — hạn ${d.handlingDueAt ? formatLocalDateTime(d.handlingDueAt) : 'không'}`,
        () => text('chủ trì'),
      ),
      send(ctx, co, `[Phối hợp xử lý] ${numberNotation(d)}`, () => text('phối hợp')),
    ]);
  },

  returned(ctx: RequestContext, d: OfficialDocument, to: Addressee[], note: string | null) {
    return send(
      ctx,
      to,
      `[Trả lại] ${numberNotation(d)} cần giao lại`,
      () =>
        `Cán bộ chủ trì đã trả lại văn bản sau để đồng chí giao lại.\n\n${describe(d)}${note ? `\nLý do: ${note}` : ''}\n\nGiao lại: ${link(ctx, d)}`,
    );
  },

  deadlineApproaching(ctx: RequestContext, d: OfficialDocument, to: Addressee[], dueAt: Date) {
    return send(
      ctx,
      to,
      `[Sắp đến hạn] ${numberNotation(d)} — hạn ${formatLocalDateTime(dueAt)}`,
      () =>
        `Văn bản đồng chí đang xử lý sắp đến hạn (${formatLocalDateTime(dueAt)}).\n\n${describe(d)}\n\nCập nhật kết quả: ${link(ctx, d)}`,
    );
  },

  deadlinePassed(ctx: RequestContext, d: OfficialDocument, to: Addressee[], dueAt: Date) {
    return send(
      ctx,
      to,
      `[Quá hạn] ${numberNotation(d)} — hạn ${formatLocalDateTime(dueAt)}`,
      () =>
        `Văn bản sau đã quá hạn xử lý (hạn ${formatLocalDateTime(dueAt)}) mà chưa hoàn thành.\n\n${describe(d)}\n\nXem: ${link(ctx, d)}`,
    );
  },

  submittedForApproval(ctx: RequestContext, d: OfficialDocument, to: Addressee[], note: string | null) {
    return send(
      ctx,
      to,
      `[Trình duyệt] Dự thảo ${DOCUMENT_TYPES[d.documentType].name}`,
      () =>
        `Có dự thảo văn bản trình đồng chí phê duyệt.\n\n${describe(d)}${note ? `\nGhi chú: ${note}` : ''}\n\nXem và duyệt: ${link(ctx, d)}`,
    );
  },

  decided(ctx: RequestContext, d: OfficialDocument, to: Addressee[], approved: boolean) {
    return send(
      ctx,
      to,
      `[${approved ? 'Đã duyệt' : 'Trả lại'}] Dự thảo ${DOCUMENT_TYPES[d.documentType].name}`,
      () =>
        `Dự thảo văn bản của đồng chí đã được ${approved ? 'phê duyệt' : 'trả lại để chỉnh sửa'}.\n\n${describe(d)}${d.decisionNote ? `\nÝ kiến: ${d.decisionNote}` : ''}\n\nXem: ${link(ctx, d)}`,
    );
  },

  /** To the clerks of a recipient agency, once its copy is registered. */
  received(ctx: RequestContext, copy: OfficialDocument, to: Addressee[]) {
    return send(
      ctx,
      to,
      `[Văn bản đến] ${numberNotation(copy)} của ${copy.issuerName} — số đến ${copy.registerNumber}`,
      () =>
        `Hệ thống đã tiếp nhận và vào sổ văn bản điện tử sau (số đến ${copy.registerNumber}${copy.registeredAt ? `, ${formatLocalDateTime(copy.registeredAt)}` : ''}).\n\n${describe(copy)}\n\nTrình lãnh đạo / xem: ${link(ctx, copy)}`,
    );
  },

  /** To a recipient outside the platform. */
  issuedToOutside(ctx: RequestContext, d: OfficialDocument, to: Addressee) {
    return send(
      ctx,
      [to],
      `[Văn bản] ${numberNotation(d)} của ${d.issuerName}`,
      () =>
        `${d.issuerName} gửi Quý cơ quan văn bản sau.\n\n${describe(d)}${d.signerName ? `\nNgười ký: ${d.signerName}${d.signerTitle ? ` (${d.signerTitle})` : ''}` : ''}\nMã định danh cơ quan gửi: ${d.issuerElectronicId ?? ''}`,
    );
  },

  recalled(ctx: RequestContext, d: OfficialDocument, to: Addressee[], reason: string | null) {
    return send(
      ctx,
      to,
      `[Thu hồi văn bản] ${numberNotation(d)} của ${d.issuerName}`,
      () =>
        `${d.issuerName} đã thu hồi văn bản sau; đề nghị dừng xử lý và không sử dụng văn bản này.\n\n${describe(d)}${reason ? `\nLý do thu hồi: ${reason}` : ''}`,
    );
  },
};
