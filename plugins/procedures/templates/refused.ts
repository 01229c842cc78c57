import { render, type MailBase, type RenderedMail } from './layout';

/** Mẫu 03 by email: an online dossier was not received, with the reason. */
export function refusedMail(data: MailBase & { reason: string; refusedAt: string }): RenderedMail {
  return render('Phiếu từ chối tiếp nhận giải quyết hồ sơ', data, [
    `${data.agencyName} không tiếp nhận hồ sơ "${data.procedureName}" (mã ${data.dossierCode}) nộp trực tuyến của Ông/Bà.`,
    `Lý do: ${data.reason}`,
    `Thời gian: ${data.refusedAt}`,
  ]);
}
