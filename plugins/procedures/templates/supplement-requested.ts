import { render, type MailBase, type RenderedMail } from './layout';

/** Mẫu 02 by email: what is missing, by when. The clock stands still meanwhile. */
export function supplementRequestedMail(
  data: MailBase & { items: string[]; note: string | null; deadlineAt: string; requestedAt: string },
): RenderedMail {
  return render('Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', data, [
    `Qua xem xét, hồ sơ "${data.procedureName}" (mã ${data.dossierCode}) của Ông/Bà chưa đầy đủ. Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:`,
    data.items.map((i) => `- ${i}`).join('\n'),
    ...(data.note ? [`Lý do, hướng dẫn: ${data.note}`] : []),
    `Thời gian yêu cầu: ${data.requestedAt}\nHạn nộp bổ sung: ${data.deadlineAt}`,
    'Thời gian giải quyết tạm dừng cho đến khi nhận đủ hồ sơ bổ sung. Quá hạn trên mà không nhận được hồ sơ bổ sung, hồ sơ sẽ bị dừng xử lý.',
  ]);
}
