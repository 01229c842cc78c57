import { render, type MailBase, type RenderedMail } from './layout';

/** Mẫu 04 by email: the dossier is late; an apology and a new appointment. */
export function apologyMail(
  data: MailBase & { previousAppointmentAt: string; newAppointmentAt: string; reason: string },
): RenderedMail {
  return render('Phiếu xin lỗi và hẹn lại ngày trả kết quả', data, [
    `Ngày tiếp nhận hồ sơ "${data.procedureName}" (mã ${data.dossierCode}), ${data.agencyName} đã hẹn trả kết quả vào ${data.previousAppointmentAt}.`,
    `Tuy nhiên đến nay chưa trả kết quả được cho Ông/Bà. Lý do: ${data.reason}`,
    `Chúng tôi thành thật xin lỗi Ông/Bà vì sự chậm trễ này và hẹn lại thời gian trả kết quả vào ${data.newAppointmentAt}.`,
  ]);
}
