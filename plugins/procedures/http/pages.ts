import { formatLocalDate, formatLocalDateTime } from '../../../src';
import { DeadlineUnit } from '../../staff';
import {
  DossierAction,
  DossierChannel,
  DossierStatus,
  OnlineServiceLevel,
  ResolvingLevel,
} from '../domain/enums';
import type { ProcedureVersion } from '../entities/procedure-version.entity';
import type { DossierLookupView } from '../services/lookup.service';

/**
 * Server-rendered public pages (the procedure page behind the catalogue's QR codes, the dossier
 * lookup form): plain HTML and one small stylesheet, no script, mobile first, in Vietnamese. Every
 * value is escaped; nothing personal or secret is ever printed (the lookup view has none).
 */

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
*{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;line-height:1.55;color:#1a1a1a;background:#f6f7f9}
a{color:#0b4f9c}
a:focus,button:focus,input:focus{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem;z-index:1}
header{background:#a50e0e;color:#fff;padding:.75rem 1rem}
header p{margin:0;font-size:.85rem}
header strong{display:block;font-size:1.05rem}
main{max-width:48rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;line-height:1.3;margin:.5rem 0 1rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem;border-bottom:2px solid #a50e0e;padding-bottom:.25rem}
section,form{background:#fff;border:1px solid #d8dbe0;border-radius:.5rem;padding:1rem;margin-bottom:1rem}
dl{margin:0}
dt{font-weight:600}
dd{margin:0 0 .6rem}
ul,ol{padding-left:1.25rem;margin:.25rem 0}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{border:1px solid #d8dbe0;padding:.4rem;text-align:left;vertical-align:top}
th{background:#eef1f5}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{width:100%;font-size:1.1rem;padding:.6rem;border:1px solid #6b7280;border-radius:.35rem}
.hint{font-size:.9rem;color:#4b5563;margin:.2rem 0 0}
button{margin-top:1rem;width:100%;font-size:1.1rem;padding:.75rem;border:0;border-radius:.35rem;background:#0b4f9c;color:#fff;cursor:pointer}
.error{border-color:#b91c1c;background:#fef2f2;color:#7f1d1d}
.status{font-size:1.15rem;font-weight:700}
.code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;word-break:break-all}
footer{max-width:48rem;margin:0 auto;padding:1rem;font-size:.85rem;color:#4b5563}
@media (min-width:40rem){h1{font-size:1.75rem}button{width:auto;padding:.6rem 2rem}dl{display:grid;grid-template-columns:14rem 1fr;gap:.25rem 1rem}dd{margin:0}}
`;

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
<header role="banner"><p>Cổng dịch vụ công</p><strong>Thủ tục hành chính và tra cứu hồ sơ</strong></header>
<main id="noi-dung">
${body}
</main>
<footer><a href="/tra-cuu-ho-so">Tra cứu hồ sơ</a></footer>
</body>
</html>`;
}

const LEVEL: Record<ResolvingLevel, string> = {
  [ResolvingLevel.PROVINCE]: 'Cấp tỉnh',
  [ResolvingLevel.DISTRICT]: 'Cấp huyện (trước ngày 01/7/2025)',
  [ResolvingLevel.COMMUNE]: 'Cấp xã',
};
const ONLINE: Record<OnlineServiceLevel, string> = {
  [OnlineServiceLevel.PARTIAL]: 'Dịch vụ công trực tuyến một phần',
  [OnlineServiceLevel.FULL]: 'Dịch vụ công trực tuyến toàn trình',
};
const UNIT: Record<DeadlineUnit, string> = {
  [DeadlineUnit.WORKING_DAYS]: 'ngày làm việc',
  [DeadlineUnit.CALENDAR_DAYS]: 'ngày',
  [DeadlineUnit.HOURS]: 'giờ làm việc',
};
const CHANNEL: Record<DossierChannel, string> = {
  [DossierChannel.COUNTER]: 'nộp trực tiếp',
  [DossierChannel.ONLINE]: 'nộp trực tuyến',
  [DossierChannel.POST]: 'nộp qua bưu chính',
};
const money = (amount: number) => `${amount.toLocaleString('vi-VN')} đồng`;

/** Where a procedure of this level is filed (Decree 118/2025/NĐ-CP: one-stop desks and centres). */
function whereToFile(version: ProcedureVersion): string[] {
  const places =
    version.level === ResolvingLevel.PROVINCE
      ? [
          'Trung tâm Phục vụ hành chính công cấp tỉnh, hoặc Trung tâm Phục vụ hành chính công cấp xã nơi thuận tiện (không phụ thuộc địa giới hành chính, từ ngày 01/7/2025).',
        ]
      : ['Bộ phận một cửa (Trung tâm Phục vụ hành chính công) của Ủy ban nhân dân cấp xã, phường, đặc khu.'];
  places.push('Qua dịch vụ bưu chính công ích.');
  if (version.onlineLevel)
    places.push(`Trực tuyến trên Cổng dịch vụ công (${ONLINE[version.onlineLevel].toLowerCase()}), 24/7.`);
  return places;
}

export function procedurePage(
  version: ProcedureVersion,
  options: { qrPng: string; inEffect: boolean },
): string {
  const v = version;
  const limits = v.cases
    .map(
      (c) =>
        `<li><strong>${escapeHtml(c.name)}</strong>: ${c.limits
          .map((l) => `${l.amount} ${UNIT[l.unit]}${l.channel ? ` (${CHANNEL[l.channel]})` : ''}`)
          .join('; ')}</li>`,
    )
    .join('');
  const caseName = (codes: string[]) =>
    codes.length
      ? ` <span class="hint">(${escapeHtml(
          codes.map((code) => v.cases.find((c) => c.code === code)?.name ?? code).join(', '),
        )})</span>`
      : '';
  const components = v.components
    .map(
      (c, i) =>
        `<tr><td>${i + 1}</td><td>${escapeHtml(c.name)}${c.required ? '' : ' <span class="hint">(nếu có)</span>'}${caseName(c.caseCodes)}</td><td>${c.originals}</td><td>${c.copies}</td></tr>`,
    )
    .join('');
  const fees = v.fees.length
    ? `<ul>${v.fees
        .map(
          (f) =>
            `<li>${escapeHtml(f.name)}: <strong>${escapeHtml(money(f.amount))}</strong>${f.note ? ` – ${escapeHtml(f.note)}` : ''}${caseName(f.caseCodes)}</li>`,
        )
        .join('')}</ul>`
    : '<p>Không thu phí, lệ phí.</p>';
  const body = `
<h1>${escapeHtml(v.name)}</h1>
<section aria-labelledby="thong-tin">
<h2 id="thong-tin">Thông tin chung</h2>
<dl>
<dt>Mã thủ tục</dt><dd class="code">${escapeHtml(v.code)}</dd>
<dt>Lĩnh vực</dt><dd>${escapeHtml(v.field)}</dd>
<dt>Cấp thực hiện</dt><dd>${escapeHtml(LEVEL[v.level])}</dd>
<dt>Dịch vụ công trực tuyến</dt><dd>${escapeHtml(v.onlineLevel ? ONLINE[v.onlineLevel] : 'Không')}</dd>
<dt>Kết quả</dt><dd>${escapeHtml(v.resultDocument)}</dd>
<dt>Áp dụng từ ngày</dt><dd>${escapeHtml(formatLocalDate(v.effectiveFrom))}${options.inEffect ? '' : ' (chưa có hiệu lực)'}</dd>
${v.decisionNumber ? `<dt>Quyết định công bố</dt><dd>${escapeHtml(v.decisionNumber)}${v.decisionDate ? ` ngày ${escapeHtml(formatLocalDate(v.decisionDate))}` : ''}</dd>` : ''}
</dl>
</section>
<section aria-labelledby="thoi-han">
<h2 id="thoi-han">Thời hạn giải quyết</h2>
<ul>${limits}</ul>
${v.cutoffHour !== null ? `<p class="hint">Hồ sơ nhận sau ${v.cutoffHour} giờ được tính từ ngày làm việc tiếp theo.</p>` : ''}
</section>
<section aria-labelledby="thanh-phan">
<h2 id="thanh-phan">Thành phần hồ sơ</h2>
<table>
<caption class="hint">Số lượng: 01 bộ</caption>
<thead><tr><th scope="col">STT</th><th scope="col">Tên giấy tờ</th><th scope="col">Bản chính</th><th scope="col">Bản sao</th></tr></thead>
<tbody>${components}</tbody>
</table>
</section>
<section aria-labelledby="phi">
<h2 id="phi">Phí, lệ phí</h2>
${fees}
</section>
<section aria-labelledby="noi-nop">
<h2 id="noi-nop">Nơi nộp hồ sơ</h2>
<ul>${whereToFile(v)
    .map((p) => `<li>${escapeHtml(p)}</li>`)
    .join('')}</ul>
<p>Đã nộp hồ sơ? <a href="/tra-cuu-ho-so">Tra cứu tình trạng hồ sơ</a>.</p>
</section>
<p><img src="${escapeHtml(options.qrPng)}" width="160" height="160" alt="Mã QR dẫn đến trang này"></p>
`;
  return layout(`${v.name} – Thủ tục hành chính`, body);
}

export function notFoundPage(message: string): string {
  return layout(
    'Không tìm thấy',
    `<h1>Không tìm thấy</h1><section><p>${escapeHtml(message)}</p><p><a href="/tra-cuu-ho-so">Tra cứu hồ sơ</a></p></section>`,
  );
}

const STATUS: Record<DossierStatus, string> = {
  [DossierStatus.NEW]: 'Mới nộp, chờ tiếp nhận',
  [DossierStatus.RECEIVED]: 'Đã tiếp nhận',
  [DossierStatus.NOT_RECEIVED]: 'Không tiếp nhận',
  [DossierStatus.PROCESSING]: 'Đang giải quyết',
  [DossierStatus.SUPPLEMENT_REQUESTED]: 'Yêu cầu bổ sung hồ sơ',
  [DossierStatus.AWAITING_FINANCIAL_OBLIGATION]: 'Chờ thực hiện nghĩa vụ tài chính',
  [DossierStatus.WITHDRAWAL_REQUESTED]: 'Công dân yêu cầu rút hồ sơ',
  [DossierStatus.STOPPED]: 'Dừng xử lý',
  [DossierStatus.RESOLVED]: 'Đã có kết quả',
  [DossierStatus.RETURNED]: 'Đã trả kết quả',
};
const ACTION: Record<DossierAction, string> = {
  [DossierAction.SUBMIT_ONLINE]: 'Nộp hồ sơ trực tuyến',
  [DossierAction.RECEIVE_AT_COUNTER]: 'Tiếp nhận hồ sơ',
  [DossierAction.RECEIVE]: 'Tiếp nhận hồ sơ',
  [DossierAction.REFUSE]: 'Từ chối tiếp nhận',
  [DossierAction.TRANSFER]: 'Chuyển xử lý',
  [DossierAction.ACCEPT_TRANSFER]: 'Nhận xử lý',
  [DossierAction.REQUEST_SUPPLEMENT]: 'Yêu cầu bổ sung',
  [DossierAction.RECEIVE_SUPPLEMENT]: 'Nhận hồ sơ bổ sung',
  [DossierAction.EXPIRE_SUPPLEMENT]: 'Hết hạn bổ sung',
  [DossierAction.APOLOGISE]: 'Xin lỗi và hẹn lại ngày trả kết quả',
  [DossierAction.REQUEST_FINANCIAL_OBLIGATION]: 'Thông báo nghĩa vụ tài chính',
  [DossierAction.CONFIRM_FINANCIAL_OBLIGATION]: 'Đã thực hiện nghĩa vụ tài chính',
  [DossierAction.REQUEST_WITHDRAWAL]: 'Yêu cầu rút hồ sơ',
  [DossierAction.ACCEPT_WITHDRAWAL]: 'Chấp nhận rút hồ sơ',
  [DossierAction.CANCEL_WITHDRAWAL]: 'Hủy yêu cầu rút hồ sơ',
  [DossierAction.STOP]: 'Dừng xử lý',
  [DossierAction.PROPOSE_RESULT]: 'Trình kết quả giải quyết',
  [DossierAction.RETURN_PROPOSAL]: 'Trả lại tờ trình',
  [DossierAction.APPROVE]: 'Phê duyệt',
  [DossierAction.RECORD_RESULT]: 'Có kết quả',
  [DossierAction.RETURN_RESULT]: 'Trả kết quả',
};

/** The lookup form, with the answer (or the error) of a lookup when there is one. */
export function lookupPage(options: { code?: string; error?: string; view?: DossierLookupView }): string {
  const { code = '', error, view } = options;
  const result = view ? lookupResult(view) : '';
  const body = `
<h1>Tra cứu hồ sơ</h1>
${error ? `<section class="error" role="alert"><p>${escapeHtml(error)}</p></section>` : ''}
${result}
<form method="post" action="/tra-cuu-ho-so" aria-labelledby="tra-cuu">
<h2 id="tra-cuu">Nhập thông tin trên giấy tiếp nhận</h2>
<label for="ma">Mã hồ sơ</label>
<input id="ma" name="ma" value="${escapeHtml(code)}" required maxlength="64" autocomplete="off" autocapitalize="characters" spellcheck="false">
<label for="xac-thuc">Mã tra cứu</label>
<input id="xac-thuc" name="xac_thuc" type="password" required maxlength="32" inputmode="numeric" autocomplete="off" aria-describedby="xac-thuc-goi-y">
<p class="hint" id="xac-thuc-goi-y">Mã tra cứu 6 số in trên giấy tiếp nhận, hoặc 4 số cuối của số định danh cá nhân (CCCD) hay số điện thoại đã khai khi nộp hồ sơ.</p>
<button type="submit">Tra cứu</button>
</form>`;
  return layout(view ? `Hồ sơ ${view.code} – Tra cứu hồ sơ` : 'Tra cứu hồ sơ', body);
}

function lookupResult(view: DossierLookupView): string {
  const supplement = view.supplement
    ? `<section aria-labelledby="bo-sung">
<h2 id="bo-sung">Hồ sơ cần bổ sung</h2>
<ul>${view.supplement.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>
${view.supplement.note ? `<p>Lý do, hướng dẫn: ${escapeHtml(view.supplement.note)}</p>` : ''}
<dl>
<dt>Ngày yêu cầu</dt><dd>${escapeHtml(formatLocalDateTime(view.supplement.requestedAt))}</dd>
${view.supplement.deadlineAt ? `<dt>Hạn nộp bổ sung</dt><dd><strong>${escapeHtml(formatLocalDateTime(view.supplement.deadlineAt))}</strong></dd>` : ''}
</dl>
</section>`
    : '';
  const fees = view.fees.length
    ? `<dt>Phí, lệ phí</dt><dd><ul>${view.fees
        .map((f) => `<li>${escapeHtml(f.name)}: ${escapeHtml(money(f.amount))}</li>`)
        .join('')}</ul>Tổng cộng: <strong>${escapeHtml(money(view.feeTotal))}</strong></dd>`
    : '';
  const timeline = view.timeline
    .map(
      (s) =>
        `<tr><td>${escapeHtml(formatLocalDateTime(s.at))}</td><td>${escapeHtml(ACTION[s.action])}</td><td>${escapeHtml(STATUS[s.status])}</td><td>${escapeHtml(s.place ?? '')}</td></tr>`,
    )
    .join('');
  return `<section aria-labelledby="ket-qua" aria-live="polite">
<h2 id="ket-qua">Hồ sơ <span class="code">${escapeHtml(view.code)}</span></h2>
<dl>
<dt>Tình trạng</dt><dd class="status">${escapeHtml(STATUS[view.status])}</dd>
${view.appointmentAt ? `<dt>Hẹn trả kết quả</dt><dd>${escapeHtml(formatLocalDateTime(view.appointmentAt))}</dd>` : view.clockStopped ? `<dt>Hẹn trả kết quả</dt><dd>Tạm dừng tính thời hạn (chờ người nộp bổ sung hồ sơ hoặc thực hiện nghĩa vụ tài chính); ngày hẹn mới được tính khi thời hạn tiếp tục</dd>` : ''}
${view.placeOfReturn ? `<dt>Nơi nhận kết quả</dt><dd>${escapeHtml(view.placeOfReturn)}</dd>` : ''}
${fees}
</dl>
</section>
${supplement}
<section aria-labelledby="qua-trinh">
<h2 id="qua-trinh">Quá trình xử lý</h2>
<table>
<thead><tr><th scope="col">Thời gian</th><th scope="col">Công việc</th><th scope="col">Tình trạng</th><th scope="col">Nơi xử lý</th></tr></thead>
<tbody>${timeline}</tbody>
</table>
</section>`;
}
