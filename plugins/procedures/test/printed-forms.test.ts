import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createCommuneLeader, createOfficial, createProcedure } from './helpers';
import {
  ApologiseForDossierDelayDocument,
  DossierDocument,
  ReceiveDossierAtCounterDocument,
  RequestDossierSupplementDocument,
  SubmitDossierOnlineDocument,
} from '../../../test/graphql/generated';

/**
 * The printed forms read back as a desk's printer would see them: the PDF is decoded from
 * the API's answer and its text extracted with poppler's `pdftotext` (Debian `poppler-utils`), its
 * images listed with `pdfimages`. Nothing here parses our own output with our own code.
 */
const PRINTED = 'pdf { form label title fileName mimeType size sha256 contentBase64 }';
const FORM_PDF = `query($input: DossierFormPdfInput!) { dossierFormPdf(input: $input) { form label title fileName mimeType size sha256 contentBase64 } }`;

/** "HH:mm ngày dd/MM/yyyy" of an instant in Vietnam (UTC+7, no daylight saving), computed here. */
function vnText(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} ngày ${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

describe('printed forms of the one-stop desk (PDF)', () => {
  let t: TestApp;
  let w: StaffWorld;
  let specialist: { token: string; fullName: string };
  let dir: string;
  // A name sent decomposed (NFD, as some keyboards and scanners produce it) must print composed.
  const applicant = 'Nguyễn Thị Ngọc Hường';
  let counter: {
    dossierId: string;
    dossierCode: string;
    lookupPin: string;
    appointmentAt: string;
    receivedAt: string;
    appointmentAtText: string;
    pdf: { contentBase64: string; size: number; sha256: string; fileName: string; mimeType: string };
  };

  const pdfToText = (base64: string, name: string): string => {
    const file = path.join(dir, `${name}.pdf`);
    writeFileSync(file, Buffer.from(base64, 'base64'));
    // Raw order keeps each table cell's words together.
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  };
  const imagesIn = (base64: string, name: string): number => {
    const file = path.join(dir, `${name}-img.pdf`);
    writeFileSync(file, Buffer.from(base64, 'base64'));
    const list = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' });
    // Rows after the two heading lines; an image's transparency mask is listed as its own "smask" row.
    return list
      .trim()
      .split('\n')
      .slice(2)
      .filter((row) => row.trim().split(/\s+/)[2] === 'image').length;
  };
  const oneLine = (text: string) => text.replace(/\s+/g, ' ');
  const version = async (id: string) =>
    (await t.query(DossierDocument, { id }, { token: w.officerA.token })).dossier!.version;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'printed-forms-'));
    t = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      env: { PUBLIC_URL: 'https://dichvucong.quangninh.gov.vn' },
    });
    w = await arrangeStaffWorld(t);
    specialist = await createOfficial(t, w.adminToken, {
      fullName: 'Đặng Thị Thủy',
      position: 'SPECIALIST',
      agencyId: w.agencyA.id,
      role: 'specialist',
      scope: { agencyId: w.agencyA.id },
    });
    await createProcedure(t, w.adminToken, {
      cases: [{ code: 'TH2', name: 'Cần xác minh', limits: [{ amount: 3, unit: 'WORKING_DAYS' }] }],
      fees: [{ name: 'Phí xác minh', amount: 8000 }],
      components: [
        { code: 'TK', name: 'Tờ khai đăng ký khai sinh', originals: 1 },
        { code: 'GCS', name: 'Giấy chứng sinh', originals: 1, copies: 1 },
      ],
    });
    counter = (
      await t.query(
        `mutation($input: ReceiveDossierAtCounterInput!) { receiveDossierAtCounter(input: $input) {
          dossierId dossierCode lookupPin appointmentAt receivedAt appointmentAtText ${PRINTED} } }`,
        {
          input: {
            procedureCode: '1.001193',
            deskId: w.deskA.id,
            applicant: { name: applicant.normalize('NFD'), idNumber: '022190001234', phone: '0912345678' },
          },
        },
        { token: w.officerA.token },
      )
    ).receiveDossierAtCounter;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the receipt (Mẫu 01) as issued: code, appointment, applicant with diacritics intact, PIN, QR codes', async () => {
    const { pdf } = counter;
    expect(pdf).toMatchObject({ mimeType: 'application/pdf', fileName: `mau-01-${counter.dossierCode}.pdf` });
    const bytes = Buffer.from(pdf.contentBase64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBe(pdf.size);
    const text = pdfToText(pdf.contentBase64, 'receipt');
    const flat = oneLine(text);
    expect(text).toContain(applicant); // NFC, every diacritic
    expect(text).not.toContain(applicant.normalize('NFD'));
    expect(flat).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(flat).toContain('Mẫu số 01');
    expect(flat).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(flat).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(flat).toContain(`Mã hồ sơ: ${counter.dossierCode}`);
    // The appointment and the reception time as the law's local time, computed independently here.
    expect(counter.appointmentAtText).toBe(vnText(counter.appointmentAt));
    expect(flat).toContain(`Thời gian trả kết quả giải quyết hồ sơ: ${vnText(counter.appointmentAt)}`);
    expect(flat).toContain(`Thời gian nhận hồ sơ: ${vnText(counter.receivedAt)}`);
    expect(flat).toContain('Phí xác minh: 8.000 đồng');
    expect(flat).toContain('Giấy chứng sinh');
    expect(flat).toContain(`Mã tra cứu (PIN, giữ bí mật): ${counter.lookupPin}`);
    // The link may wrap at the line's end.
    expect(text.replace(/\s+/g, '')).toContain(
      `https://dichvucong.quangninh.gov.vn/tra-cuu-ho-so?ma=${encodeURIComponent(counter.dossierCode)}`,
    );
    // The dossier's QR code and the satisfaction QR code are images in the PDF.
    expect(imagesIn(pdf.contentBase64, 'receipt')).toBe(2);
  });

  it('reprints the receipt without the PIN nor the satisfaction code', async () => {
    const reprint = (
      await t.query(
        FORM_PDF,
        { input: { dossierId: counter.dossierId, form: 'RECEIPT' } },
        { token: w.officerA.token },
      )
    ).dossierFormPdf;
    const text = oneLine(pdfToText(reprint.contentBase64, 'reprint'));
    expect(text).toContain(counter.dossierCode);
    expect(text).toContain(vnText(counter.appointmentAt));
    expect(text).toContain(applicant);
    expect(text).not.toContain('Mã tra cứu (PIN');
    expect(text).not.toContain(counter.lookupPin);
    expect(imagesIn(reprint.contentBase64, 'reprint')).toBe(1);
  });

  it('prints the supplement request (Mẫu 02) with the items and the deadline', async () => {
    const paused = (
      await t.query(
        RequestDossierSupplementDocument,
        {
          input: {
            dossierId: counter.dossierId,
            version: await version(counter.dossierId),
            items: ['Bản sao giấy chứng nhận kết hôn của cha mẹ', 'Giấy chứng sinh bản chính'],
            note: 'Giấy chứng sinh bị mờ, không đọc được',
          },
        },
        { token: specialist.token },
      )
    ).requestDossierSupplement;
    expect(paused.status).toBe('SUPPLEMENT_REQUESTED');
    const pause = paused.pauses[paused.pauses.length - 1];
    const form = (
      await t.query(
        FORM_PDF,
        { input: { dossierId: counter.dossierId, form: 'SUPPLEMENT_REQUEST' } },
        { token: w.officerA.token },
      )
    ).dossierFormPdf;
    expect(form).toMatchObject({ form: 'SUPPLEMENT_REQUEST', label: 'Mẫu số 02' });
    const text = oneLine(pdfToText(form.contentBase64, 'supplement'));
    expect(text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(text).toContain(`Kính gửi: ${applicant}`);
    expect(text).toContain('Bản sao giấy chứng nhận kết hôn của cha mẹ');
    expect(text).toContain('Giấy chứng sinh bản chính');
    expect(text).toContain('Giấy chứng sinh bị mờ, không đọc được');
    expect(pause.deadlineAt).toEqual(expect.any(String));
    expect(text).toContain(`Hạn nộp bổ sung: ${vnText(pause.deadlineAt!)}`);
    expect(text).toContain(`Thời gian yêu cầu: ${vnText(pause.startedAt)}`);
    expect(text).toContain(specialist.fullName);
  });

  it('prints the apology (Mẫu 04) with the appointment it apologises for and the new one', async () => {
    await t.query(
      `mutation($input: DossierVersionInput!) { receiveDossierSupplement(input: $input) { status } }`,
      { input: { dossierId: counter.dossierId, version: await version(counter.dossierId) } },
      { token: w.officerA.token },
    );
    const { appointmentAt } = (
      await t.query(DossierDocument, { id: counter.dossierId }, { token: w.officerA.token })
    ).dossier!;
    const newAppointmentAt = new Date(new Date(appointmentAt!).getTime() + 3 * 86_400_000).toISOString();
    await t.query(
      ApologiseForDossierDelayDocument,
      {
        input: {
          dossierId: counter.dossierId,
          version: await version(counter.dossierId),
          reason: 'Phải xác minh thêm tại Ủy ban nhân dân xã nơi sinh',
          newAppointmentAt,
        },
      },
      { token: specialist.token },
    );
    const form = (
      await t.query(
        FORM_PDF,
        { input: { dossierId: counter.dossierId, form: 'APOLOGY' } },
        { token: w.officerA.token },
      )
    ).dossierFormPdf;
    const text = oneLine(pdfToText(form.contentBase64, 'apology'));
    // Today's edition (Thông tư 03/2025/TT-VPCP) names the apology so.
    expect(form).toMatchObject({ form: 'APOLOGY', label: 'Mẫu số 04' });
    expect(text).toContain('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
    expect(text).toContain(`hẹn trả kết quả vào ${vnText(appointmentAt!)}`);
    expect(text).toContain(`Thời gian hẹn trả kết quả mới: ${vnText(newAppointmentAt)}`);
    expect(text).toContain('Lý do: Phải xác minh thêm tại Ủy ban nhân dân xã nơi sinh');
  });

  it("prints the control slip (Mẫu 06) and the register (Mẫu 07) of today's edition with the dossier", async () => {
    const slip = (
      await t.query(
        FORM_PDF,
        { input: { dossierId: counter.dossierId, form: 'CONTROL_SLIP' } },
        { token: w.officerA.token },
      )
    ).dossierFormPdf;
    expect(slip).toMatchObject({ form: 'CONTROL_SLIP', label: 'Mẫu số 06' });
    expect(slip.fileName).toBe(`mau-06-${counter.dossierCode}.pdf`);
    const slipText = oneLine(pdfToText(slip.contentBase64, 'slip'));
    expect(slipText).toContain('Mẫu số 06 (Thông tư 03/2025/TT-VPCP, Phụ lục I)');
    expect(slipText).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(slipText).toContain('Tên cơ quan, tổ chức, cá nhân giao');
    expect(slipText).toContain(`Ngày nhận hồ sơ: ${vnText(counter.receivedAt)}`);
    expect(slipText).toContain(`Người nộp hồ sơ: ${applicant}`);
    // The reception row: from the applicant to the desk (cells may wrap).
    expect(slipText.replace(/\s+/g, '')).toContain('Bộphậntiếpnhậnvàtrảkếtquả-UBNDphườngHạLong');

    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const register = (
      await t.query(
        `query($input: DossierRegisterPdfInput!) { dossierRegisterPdf(input: $input) { form label fileName contentBase64 } }`,
        { input: { agencyId: w.agencyA.id, from: today, to: today } },
        { token: w.officerA.token },
      )
    ).dossierRegisterPdf;
    expect(register).toMatchObject({ form: 'DOSSIER_REGISTER', label: 'Mẫu số 07' });
    const text = oneLine(pdfToText(register.contentBase64, 'register'));
    expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(text).toContain(counter.dossierCode);
    expect(text).toContain(applicant);
    expect(text).toContain('Đăng ký khai sinh');
    expect(text).toContain(vnText(counter.receivedAt).split(' ngày ')[1]); // the date of reception
    const [y, m, d] = today.split('-');
    expect(text).toContain(`Từ ngày ${d}/${m}/${y} đến ngày ${d}/${m}/${y}`);
    expect(text).toContain('Tổng số hồ sơ: 1');
  });

  it('prints the refusal (Mẫu 03) of an online dossier with its reason', async () => {
    const upload = async (name: string) => {
      const res = await fetch(`${t.baseUrl}/files`, {
        method: 'POST',
        headers: { 'x-file-name': encodeURIComponent(name) },
        body: Buffer.from(`%PDF-1.4\n% ${name}\n%%EOF\n`),
      });
      return ((await res.json()) as { id: string }).id;
    };
    const filed = (
      await t.query(SubmitDossierOnlineDocument, {
        input: {
          procedureCode: '1.001193',
          agencyId: w.agencyA.id,
          applicant: { name: 'Phạm Đức Thắng', idNumber: '022190005555', phone: '0977000111' },
          components: [
            { code: 'TK', fileId: await upload('tờ khai.pdf') },
            { code: 'GCS', fileId: await upload('giấy chứng sinh.pdf') },
          ],
        },
      })
    ).submitDossierOnline;
    const { id } = (await t.query(DossierDocument, { code: filed.code }, { token: w.officerA.token }))
      .dossier!;
    const notRefused = await t.request(
      FORM_PDF,
      { input: { dossierId: id, form: 'REFUSAL' } },
      { token: w.officerA.token },
    );
    expect(notRefused.errors?.[0].extensions).toMatchObject({ code: 'FORM_NOT_AVAILABLE', form: 'REFUSAL' });
    await t.query(
      `mutation($input: RefuseDossierInput!) { refuseDossier(input: $input) { status } }`,
      {
        input: {
          dossierId: id,
          version: await version(id),
          reason: 'Hồ sơ không thuộc thẩm quyền giải quyết của phường',
        },
      },
      { token: w.officerA.token },
    );
    const form = (
      await t.query(FORM_PDF, { input: { dossierId: id, form: 'REFUSAL' } }, { token: w.officerA.token })
    ).dossierFormPdf;
    const text = oneLine(pdfToText(form.contentBase64, 'refusal'));
    expect(text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain(`Mã hồ sơ: ${filed.code}`);
    expect(text).toContain('Kính gửi: Phạm Đức Thắng');
    expect(text).toContain('Hồ sơ không thuộc thẩm quyền giải quyết của phường');
  });

  it('prints the notice of stopping (Mẫu 05 since 15/9/2025) once a leader stops the dossier', async () => {
    const leader = await createCommuneLeader(t, w);
    const received = (
      await t.query(
        ReceiveDossierAtCounterDocument,
        {
          input: {
            procedureCode: '1.001193',
            deskId: w.deskA.id,
            applicant: { name: 'Vũ Thị Lan', idNumber: '022190007777', phone: '0912000777' },
          },
        },
        { token: w.officerA.token },
      )
    ).receiveDossierAtCounter;
    const notStopped = await t.request(
      FORM_PDF,
      { input: { dossierId: received.dossierId, form: 'STOP_NOTICE' } },
      { token: w.officerA.token },
    );
    expect(notStopped.errors?.[0].extensions).toMatchObject({
      code: 'FORM_NOT_AVAILABLE',
      form: 'STOP_NOTICE',
    });
    await t.query(
      `mutation($input: ReasonInput!) { stopDossier(input: $input) { status } }`,
      {
        input: {
          dossierId: received.dossierId,
          version: await version(received.dossierId),
          reason: 'Giấy tờ trong hồ sơ bị làm giả',
        },
      },
      { token: leader.token },
    );
    const form = (
      await t.query(
        FORM_PDF,
        { input: { dossierId: received.dossierId, form: 'STOP_NOTICE' } },
        { token: w.officerA.token },
      )
    ).dossierFormPdf;
    expect(form).toMatchObject({
      form: 'STOP_NOTICE',
      label: 'Mẫu số 05',
      title: 'Thông báo dừng giải quyết hồ sơ',
    });
    expect(form.fileName).toBe(`mau-05-${received.dossierCode}.pdf`);
    const text = oneLine(pdfToText(form.contentBase64, 'stop'));
    expect(text).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain('Kính gửi: Vũ Thị Lan');
    expect(text).toContain('Giấy tờ trong hồ sơ bị làm giả');
    expect(text).toContain(`Mã hồ sơ: ${received.dossierCode}`);
  });

  it('keeps forms in scope: another commune gets null, its register FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    const other = await t.request(
      FORM_PDF,
      { input: { dossierId: counter.dossierId, form: 'RECEIPT' } },
      { token: w.officerB.token },
    );
    expect(other.errors).toBeUndefined();
    expect(other.data?.dossierFormPdf).toBeNull();
    const register = await t.request(
      `query($input: DossierRegisterPdfInput!) { dossierRegisterPdf(input: $input) { size } }`,
      { input: { agencyId: w.agencyA.id, from: '2026-01-01', to: '2026-01-31' } },
      { token: w.officerB.token },
    );
    expect(register.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.request(FORM_PDF, { input: { dossierId: counter.dossierId, form: 'RECEIPT' } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const tooLong = await t.request(
      `query($input: DossierRegisterPdfInput!) { dossierRegisterPdf(input: $input) { size } }`,
      { input: { agencyId: w.agencyA.id, from: '2025-01-01', to: '2026-06-30' } },
      { token: w.officerA.token },
    );
    expect(tooLong.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const register06 = await t.request(
      FORM_PDF,
      {
        input: { dossierId: counter.dossierId, form: 'DOSSIER_REGISTER' },
      },
      { token: w.officerA.token },
    );
    expect(register06.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
