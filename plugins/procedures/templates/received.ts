import { money, render, type MailBase, type RenderedMail } from './layout';

/** Mẫu 01 by email: the dossier was received, with the appointment. */
export function receivedMail(
  data: MailBase & {
    receivedAt: string;
    appointmentAt: string;
    placeOfReturn: string;
    components: string[];
    fees: Array<{ name: string; amount: number }>;
    feeTotal: number;
    satisfactionUrl: string | null;
  },
): RenderedMail {
  const fees = data.fees.length
    ? data.fees.map((f) => `- ${f.name}: ${money(f.amount)}`).join('\n')
    : '- Không thu phí, lệ phí';
  return render(
    'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
    data,
    [
      `${data.agencyName} đã tiếp nhận hồ sơ "${data.procedureName}" của Ông/Bà.`,
      `Mã hồ sơ: ${data.dossierCode}\nThời gian tiếp nhận: ${data.receivedAt}\nThời gian hẹn trả kết quả: ${data.appointmentAt}\nNơi trả kết quả: ${data.placeOfReturn}`,
      'Thành phần hồ sơ đã nhận:',
      data.components.length ? data.components.map((c) => `- ${c}`).join('\n') : '- (không có)',
      `Phí, lệ phí (tổng ${money(data.feeTotal)}):`,
      fees,
      ...(data.satisfactionUrl
        ? [`Mời Ông/Bà đánh giá mức độ hài lòng khi nhận kết quả: ${data.satisfactionUrl}`]
        : []),
    ],
    data.satisfactionUrl ? { href: data.satisfactionUrl, label: 'Đánh giá mức độ hài lòng' } : undefined,
  );
}
