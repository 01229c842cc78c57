import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createOfficial, createProcedure } from './helpers';
import {
  DossierDocument,
  LookupDossierDocument,
  ProcedureDocument,
  ReceiveDossierAtCounterDocument,
  type ReceiveDossierAtCounterMutation,
  RequestDossierSupplementDocument,
} from '../../../test/graphql/generated';

/**
 * The public pages in a real browser: Debian's Chromium (`chromium`, installed by `.ci/run` when
 * missing; `CHROMIUM_PATH` to use another), driven by puppeteer-core, on a phone-sized screen. The
 * screenshots land in `test/artifacts/` (ignored by git) for a human to look at.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../../../test/artifacts');

describe('public pages: procedure page and dossier lookup (headless Chromium)', () => {
  let t: TestApp;
  let w: StaffWorld;
  let browser: Browser;
  let page: Page;
  let dossier: ReceiveDossierAtCounterMutation['receiveDossierAtCounter'];

  /** What a page offers a screen reader and a phone: language, labels, alt texts, no overflow, no script. */
  // Runs in the page; a string, because this project's TypeScript has no DOM types (server code).
  const audit = (p: Page) =>
    p.evaluate(`({
      lang: document.documentElement.lang,
      title: document.title,
      h1: document.querySelector('h1')?.textContent?.trim(),
      scripts: document.querySelectorAll('script').length,
      imagesWithoutAlt: [...document.querySelectorAll('img')].filter((i) => !i.getAttribute('alt')).length,
      unlabelledInputs: [...document.querySelectorAll('input')].filter(
        (i) => !i.id || !document.querySelector('label[for="' + i.id + '"]'),
      ).length,
      overflow: document.documentElement.scrollWidth > window.innerWidth,
      text: document.body.innerText,
    })`) as Promise<{
      lang: string;
      title: string;
      h1: string | undefined;
      scripts: number;
      imagesWithoutAlt: number;
      unlabelledInputs: number;
      overflow: boolean;
      text: string;
    }>;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
    w = await arrangeStaffWorld(t);
    const specialist = await createOfficial(t, w.adminToken, {
      fullName: 'Đặng Thị Thủy',
      position: 'SPECIALIST',
      agencyId: w.agencyA.id,
      role: 'specialist',
      scope: { agencyId: w.agencyA.id },
    });
    await createProcedure(t, w.adminToken, { name: 'Thủ tục đăng ký khai sinh' });
    dossier = (
      await t.query(
        ReceiveDossierAtCounterDocument,
        {
          input: {
            procedureCode: '1.001193',
            caseCode: 'TH2',
            deskId: w.deskA.id,
            applicant: { name: 'Lê Thị Hồng Nhung', idNumber: '022190007777', phone: '0911222333' },
          },
        },
        { token: w.officerA.token },
      )
    ).receiveDossierAtCounter;
    const { version } = (
      await t.query(DossierDocument, { id: dossier.dossierId }, { token: w.officerA.token })
    ).dossier!;
    await t.query(
      RequestDossierSupplementDocument,
      {
        input: {
          dossierId: dossier.dossierId,
          version,
          items: ['Văn bản xác minh của Ủy ban nhân dân nơi sinh'],
          note: 'Thiếu xác nhận nơi sinh',
        },
      },
      { token: specialist.token },
    );
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Root in CI containers: Chromium's sandbox needs user namespaces that containers often lack.
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('serves the procedure page behind the QR code: name, components, fees, limits, where to file', async () => {
    const qrUrl = (await t.query(ProcedureDocument, { code: '1.001193' })).procedure?.publicUrl ?? '';
    expect(new URL(qrUrl).pathname).toBe('/thu-tuc/1.001193');
    const response = await page.goto(`${t.baseUrl}/thu-tuc/1.001193`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html; charset=utf-8/);
    const a = await audit(page);
    expect(a).toMatchObject({
      lang: 'vi',
      h1: 'Thủ tục đăng ký khai sinh',
      scripts: 0,
      imagesWithoutAlt: 0,
      overflow: false,
    });
    for (const expected of [
      'Mã thủ tục',
      '1.001193',
      'Hộ tịch',
      'Cấp xã',
      'Dịch vụ công trực tuyến toàn trình',
      'Giấy khai sinh (bản chính)',
      'Tờ khai đăng ký khai sinh',
      'Giấy chứng sinh',
      'Văn bản xác minh (nếu có)',
      'Phí xác minh: 8.000 đồng',
      'Miễn lệ phí',
      'Đăng ký đúng hạn: 1 ngày làm việc',
      'Cần xác minh: 3 ngày làm việc; 4 ngày làm việc (nộp trực tuyến)',
      'Hồ sơ nhận sau 15 giờ được tính từ ngày làm việc tiếp theo.',
      'Nơi nộp hồ sơ',
      'Ủy ban nhân dân cấp xã',
      '1872/QĐ-BTP ngày 04/09/2020',
      'Áp dụng từ ngày\n01/07/2025',
    ])
      expect(a.text).toContain(expected);
    // The QR image of the page itself is a real, decodable PNG the browser rendered.
    const qrLoaded = await page.$eval(
      'img',
      (img) => (img as unknown as { naturalWidth: number }).naturalWidth,
    );
    expect(qrLoaded).toBeGreaterThan(100);
    const shot = path.join(ARTIFACTS, 'thu-tuc-1.001193.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);

    const missing = await page.goto(`${t.baseUrl}/thu-tuc/9.999999`);
    expect(missing?.status()).toBe(404);
    expect((await audit(page)).h1).toBe('Không tìm thấy');
  });

  it('lets a citizen look a dossier up in the form: a wrong factor is refused, the PIN shows what is missing', async () => {
    const response = await page.goto(
      `${t.baseUrl}/tra-cuu-ho-so?ma=${encodeURIComponent(dossier.dossierCode)}`,
      { waitUntil: 'load' },
    );
    expect(response?.status()).toBe(200);
    const form = await audit(page);
    expect(form).toMatchObject({
      lang: 'vi',
      h1: 'Tra cứu hồ sơ',
      scripts: 0,
      unlabelledInputs: 0,
      overflow: false,
    });
    expect(await page.$eval('#ma', (i) => (i as unknown as { value: string }).value)).toBe(
      dossier.dossierCode,
    );

    // A wrong second factor: the same answer as an unknown code, in an alert.
    await page.type('#xac-thuc', '000000' === dossier.lookupPin ? '111111' : '000000');
    const [wrong] = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    expect(wrong?.status()).toBe(404);
    expect(await page.$eval('[role="alert"]', (e) => e.textContent?.trim())).toBe(
      'Không tìm thấy hồ sơ với mã hồ sơ và mã xác thực đã nhập',
    );

    // The PIN from the receipt: status, appointment, the supplement request with its deadline.
    await page.$eval('#xac-thuc', (i) => ((i as unknown as { value: string }).value = ''));
    await page.type('#xac-thuc', dossier.lookupPin!);
    const [right] = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    expect(right?.status()).toBe(200);
    expect(right?.request().method()).toBe('POST');
    expect(page.url()).not.toContain(dossier.lookupPin); // the secret never travels in a URL
    const a = await audit(page);
    expect(a.overflow).toBe(false);
    const lookup = (
      await t.query(LookupDossierDocument, {
        input: { code: dossier.dossierCode, secret: dossier.lookupPin! },
      })
    ).lookupDossier;
    const vn = (iso: string) => {
      const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} ngày ${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
    };
    for (const expected of [
      `Hồ sơ ${dossier.dossierCode}`,
      'Yêu cầu bổ sung hồ sơ',
      'Văn bản xác minh của Ủy ban nhân dân nơi sinh',
      'Lý do, hướng dẫn: Thiếu xác nhận nơi sinh',
      `Hạn nộp bổ sung\n${vn(lookup.supplement!.deadlineAt!)}`,
      'Tiếp nhận hồ sơ',
      'Phí xác minh: 8.000 đồng',
      'Nơi nhận kết quả',
    ])
      expect(a.text).toContain(expected);
    // A supplement is awaited: the clock is stopped, so no appointment is promised on the page.
    expect(lookup.appointmentAt).toBeNull();
    expect(a.text).toContain('Hẹn trả kết quả\nTạm dừng tính thời hạn');
    // Nothing personal, nothing secret.
    const html = await page.content();
    for (const secret of [
      'Lê Thị Hồng Nhung',
      '022190007777',
      '0911222333',
      dossier.lookupPin,
      'Đặng Thị Thủy',
    ])
      expect(html).not.toContain(secret);
    const shot = path.join(ARTIFACTS, 'tra-cuu-ho-so.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
  });
});
