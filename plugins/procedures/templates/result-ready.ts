import { render, type MailBase, type RenderedMail } from './layout';

/** The result is ready (status 9). */
export function resultReadyMail(
  data: MailBase & {
    resolvedAt: string;
    resultDocument: string;
    placeOfReturn: string;
    satisfactionHint: boolean;
  },
): RenderedMail {
  return render('Thông báo có kết quả giải quyết hồ sơ', data, [
    `Hồ sơ "${data.procedureName}" (mã ${data.dossierCode}) của Ông/Bà đã có kết quả từ ${data.resolvedAt}.`,
    `Kết quả: ${data.resultDocument}\nNơi nhận kết quả: ${data.placeOfReturn}`,
    'Khi đến nhận kết quả, Ông/Bà vui lòng mang theo giấy tiếp nhận hồ sơ và hẹn trả kết quả.',
    ...(data.satisfactionHint
      ? ['Ông/Bà có thể đánh giá mức độ hài lòng bằng mã QR trên giấy tiếp nhận.']
      : []),
  ]);
}
