import type { Client } from 'pg';
import { fullNameSql, GEN, suspendIndexes, type GenSettings, type Step } from './common';
import { columnsOf } from '../lib/util';
import { PROVINCIAL_DEPARTMENTS } from './staff';
import { sampleFilesSql, type SampleFile } from './files';

/**
 * The catalogue (about 150 procedures, a third with a second version from the reform day) and the
 * dossiers: three years of a province, with the mixes of the field.
 *
 * Dossier n is received on day floor((n-1) * days / N) of the period, so the stream is even over
 * time; every other choice is a hash of n with its own salt (GEN.h), so a run is reproducible:
 *
 * - procedure: by popularity weight (certification of copies and civil status lead);
 * - channel: about 60 % online overall (certification is counter-only), 3 % by post;
 * - agency: a commune of the period (weighted 1-4) for commune procedures, the provincial
 *   department for provincial ones; units and agencies before 1 Jul 2025 are the old ones;
 * - outcome: dossiers older than 60 days are 99.5 % finished (3 % refused at intake, 1.5 % stopped
 *   or withdrawn, the rest resolved: 70 % early, 25 % on time, 5 % late; 96 % of results returned),
 *   younger ones proportionally fewer; 5 % had a supplement request that stopped the clock;
 * - steps: reception (online: submission + reception), transfer to a department, supplement
 *   request/arrival, result, return; pauses, receipts (Mẫu 01) and the deadline history match.
 */

type Level = 'COMMUNE' | 'PROVINCE';

interface Proc {
  name: string;
  field: string;
  level: Level;
  /** Processing time in working days. */
  days: number;
  fee: number;
  weight: number;
  /** Index (1-based) into PROVINCIAL_DEPARTMENTS for provincial procedures. */
  dept?: number;
  code?: string;
  counterOnly?: boolean;
}

const P = (
  name: string,
  field: string,
  level: Level,
  days: number,
  fee: number,
  weight: number,
  extra: Partial<Proc> = {},
): Proc => ({ name, field, level, days, fee, weight, ...extra });

/** Procedures of the field with plausible limits, fees and popularity. */
export const CATALOGUE: Proc[] = [
  P('Đăng ký khai sinh', 'Hộ tịch', 'COMMUNE', 1, 0, 60, { code: '1.001193' }),
  P('Đăng ký kết hôn', 'Hộ tịch', 'COMMUNE', 1, 0, 18, { code: '1.001022' }),
  P('Đăng ký khai tử', 'Hộ tịch', 'COMMUNE', 1, 0, 14, { code: '1.000656' }),
  P('Cấp giấy xác nhận tình trạng hôn nhân', 'Hộ tịch', 'COMMUNE', 3, 0, 30),
  P('Cấp bản sao trích lục hộ tịch', 'Hộ tịch', 'COMMUNE', 1, 8000, 25),
  P('Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch', 'Hộ tịch', 'COMMUNE', 3, 15000, 8),
  P('Đăng ký nhận cha, mẹ, con', 'Hộ tịch', 'COMMUNE', 3, 15000, 3),
  P('Đăng ký giám hộ', 'Hộ tịch', 'COMMUNE', 3, 0, 1),
  P('Đăng ký lại khai sinh', 'Hộ tịch', 'COMMUNE', 5, 0, 2),
  P('Đăng ký khai sinh có yếu tố nước ngoài', 'Hộ tịch', 'COMMUNE', 3, 50000, 1),
  P('Chứng thực bản sao từ bản chính giấy tờ, văn bản', 'Chứng thực', 'COMMUNE', 1, 2000, 120, {
    counterOnly: true,
  }),
  P('Chứng thực chữ ký trong các giấy tờ, văn bản', 'Chứng thực', 'COMMUNE', 1, 10000, 25, {
    counterOnly: true,
  }),
  P(
    'Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản',
    'Chứng thực',
    'COMMUNE',
    2,
    50000,
    8,
    { counterOnly: true },
  ),
  P('Chứng thực di chúc', 'Chứng thực', 'COMMUNE', 2, 50000, 2, { counterOnly: true }),
  P('Chứng thực văn bản thỏa thuận phân chia di sản', 'Chứng thực', 'COMMUNE', 3, 50000, 3, {
    counterOnly: true,
  }),
  P(
    'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
    'Đất đai',
    'COMMUNE',
    10,
    30000,
    30,
  ),
  P('Đăng ký đất đai, tài sản gắn liền với đất lần đầu', 'Đất đai', 'COMMUNE', 20, 100000, 10),
  P('Tách thửa hoặc hợp thửa đất', 'Đất đai', 'COMMUNE', 15, 50000, 8),
  P('Chuyển mục đích sử dụng đất', 'Đất đai', 'COMMUNE', 15, 0, 5),
  P('Đính chính Giấy chứng nhận đã cấp', 'Đất đai', 'COMMUNE', 10, 0, 3),
  P('Hòa giải tranh chấp đất đai', 'Đất đai', 'COMMUNE', 30, 0, 2),
  P('Cấp giấy phép xây dựng nhà ở riêng lẻ', 'Xây dựng', 'COMMUNE', 15, 75000, 12),
  P('Cấp giấy phép sửa chữa, cải tạo công trình', 'Xây dựng', 'COMMUNE', 15, 75000, 3),
  P('Gia hạn giấy phép xây dựng', 'Xây dựng', 'COMMUNE', 5, 15000, 1),
  P('Đăng ký thành lập hộ kinh doanh', 'Đăng ký kinh doanh', 'COMMUNE', 3, 100000, 12),
  P('Đăng ký thay đổi nội dung đăng ký hộ kinh doanh', 'Đăng ký kinh doanh', 'COMMUNE', 3, 50000, 6),
  P('Thông báo tạm ngừng kinh doanh của hộ kinh doanh', 'Đăng ký kinh doanh', 'COMMUNE', 3, 0, 3),
  P('Chấm dứt hoạt động hộ kinh doanh', 'Đăng ký kinh doanh', 'COMMUNE', 3, 0, 2),
  P('Trợ cấp xã hội hàng tháng', 'Bảo trợ xã hội', 'COMMUNE', 12, 0, 6),
  P('Hỗ trợ chi phí mai táng', 'Bảo trợ xã hội', 'COMMUNE', 5, 0, 3),
  P('Xác định, xác định lại mức độ khuyết tật', 'Bảo trợ xã hội', 'COMMUNE', 20, 0, 3),
  P('Xác nhận hộ nghèo, hộ cận nghèo', 'Bảo trợ xã hội', 'COMMUNE', 7, 0, 2),
  P('Đăng ký hoạt động tín ngưỡng', 'Tôn giáo', 'COMMUNE', 15, 0, 1),
  P('Thông báo tổ chức lễ hội', 'Văn hóa', 'COMMUNE', 5, 0, 1),
  P('Công nhận gia đình văn hóa', 'Văn hóa', 'COMMUNE', 5, 0, 1),
  P('Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam', 'Lý lịch tư pháp', 'PROVINCE', 10, 200000, 20, {
    dept: 1,
  }),
  P('Đăng ký hành nghề công chứng', 'Công chứng', 'PROVINCE', 10, 0, 1, { dept: 1 }),
  P('Nhập quốc tịch Việt Nam', 'Quốc tịch', 'PROVINCE', 115, 3000000, 1, { dept: 1 }),
  P('Cấp giấy phép khai thác, sử dụng nước mặt', 'Tài nguyên nước', 'PROVINCE', 30, 600000, 1, { dept: 2 }),
  P('Đăng ký đất đai lần đầu cho tổ chức', 'Đất đai', 'PROVINCE', 20, 500000, 3, { dept: 2 }),
  P('Thẩm định báo cáo đánh giá tác động môi trường', 'Môi trường', 'PROVINCE', 30, 6000000, 1, { dept: 2 }),
  P('Cấp chứng chỉ hành nghề hoạt động xây dựng', 'Xây dựng', 'PROVINCE', 20, 300000, 3, { dept: 3 }),
  P('Cấp giấy phép xây dựng công trình cấp II, III', 'Xây dựng', 'PROVINCE', 20, 150000, 2, { dept: 3 }),
  P('Cấp giấy phép hành nghề khám bệnh, chữa bệnh', 'Khám bệnh, chữa bệnh', 'PROVINCE', 30, 360000, 3, {
    dept: 4,
  }),
  P(
    'Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm',
    'An toàn thực phẩm',
    'PROVINCE',
    20,
    700000,
    3,
    { dept: 4 },
  ),
  P('Cấp chứng chỉ hành nghề dược', 'Dược phẩm', 'PROVINCE', 20, 500000, 2, { dept: 4 }),
  P('Công nhận văn bằng do cơ sở giáo dục nước ngoài cấp', 'Giáo dục', 'PROVINCE', 20, 0, 1, { dept: 5 }),
  P('Cấp bản sao văn bằng, chứng chỉ từ sổ gốc', 'Giáo dục', 'PROVINCE', 3, 0, 4, { dept: 5 }),
  P('Cấp giấy phép bán lẻ sản phẩm rượu', 'Lưu thông hàng hóa', 'PROVINCE', 10, 1200000, 2, { dept: 6 }),
  P(
    'Cấp giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu',
    'Kinh doanh khí',
    'PROVINCE',
    15,
    1200000,
    1,
    { dept: 6 },
  ),
  P('Đăng ký thành lập doanh nghiệp', 'Đăng ký doanh nghiệp', 'PROVINCE', 3, 50000, 10, { dept: 7 }),
  P('Đăng ký thay đổi nội dung đăng ký doanh nghiệp', 'Đăng ký doanh nghiệp', 'PROVINCE', 3, 50000, 12, {
    dept: 7,
  }),
  P('Thông báo tạm ngừng kinh doanh của doanh nghiệp', 'Đăng ký doanh nghiệp', 'PROVINCE', 3, 0, 3, {
    dept: 7,
  }),
  P('Thẩm định thành lập đơn vị sự nghiệp công lập', 'Tổ chức bộ máy', 'PROVINCE', 20, 0, 1, { dept: 8 }),
  P('Công nhận ban vận động thành lập hội', 'Tổ chức phi chính phủ', 'PROVINCE', 30, 0, 1, { dept: 8 }),
  P('Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa', 'Du lịch', 'PROVINCE', 10, 3000000, 2, { dept: 9 }),
  P('Công nhận hạng cơ sở lưu trú du lịch', 'Du lịch', 'PROVINCE', 30, 1500000, 2, { dept: 9 }),
  P(
    'Cấp giấy chứng nhận đăng ký hoạt động khoa học và công nghệ',
    'Hoạt động khoa học và công nghệ',
    'PROVINCE',
    15,
    0,
    1,
    { dept: 10 },
  ),
  P('Đăng ký sinh hoạt tôn giáo tập trung', 'Tôn giáo', 'PROVINCE', 30, 0, 1, { dept: 11 }),
  P('Cho phép tổ chức hội nghị, hội thảo quốc tế', 'Ngoại vụ', 'PROVINCE', 15, 0, 1, { dept: 12 }),
];

const COMPONENT_NAMES = `array['Tờ khai theo mẫu','Bản sao Căn cước công dân','Giấy tờ chứng minh nơi cư trú','Giấy ủy quyền (nếu có)','Bản chính giấy tờ cần chứng thực','Sơ đồ vị trí thửa đất','Giấy chứng nhận đã cấp']`;

/** Extra synthetic procedures so the catalogue has the size of a province's (about 150). */
function fullCatalogue(): Array<Proc & { code: string; ord: number; components: number }> {
  const list: Proc[] = [...CATALOGUE];
  let i = 0;
  while (list.length < 150) {
    const base = CATALOGUE[i % CATALOGUE.length];
    list.push({
      ...base,
      code: undefined,
      name: `${base.name} (trường hợp ${Math.floor(i / CATALOGUE.length) + 2})`,
      weight: Math.max(1, Math.floor(base.weight / 12)),
      counterOnly: base.counterOnly,
    });
    i++;
  }
  let next = 2000;
  return list.map((p, idx) => {
    const code =
      p.code ??
      (p.level === 'PROVINCE' && idx % 5 === 0
        ? `2.${String(next++).padStart(6, '0')}.H37`
        : `1.${String(next++).padStart(6, '0')}`);
    return { ...p, code, ord: idx + 1, components: 1 + ((idx * 7) % 4) };
  });
}

/** One fixed lookup PIN for every generated dossier (the bench's citizen lookup scenario uses it). */
export const BENCH_PIN = '246810';

/** A component is scanned (its own file or a re-used one) in these generated rows; the others are paper only. */
const DIGITISED_COMPONENT = `(p.components_digitised or (k > 1 and p.channel = 'ONLINE'))`;

export function proceduresSteps(
  s: GenSettings,
  pinHash: () => Promise<string>,
  sampleFiles: () => Promise<SampleFile[]>,
): Step[] {
  const N = s.counts.dossiers;
  const end = s.endDate;
  return [
    {
      table: 'procedures_procedure (+ versions)',
      async run(c: Client) {
        const list = fullCatalogue();
        await c.query(`create unlogged table ${GEN}.proc (ord int primary key, id uuid, code text, name text, field text, level text, days int, fee int,
          weight int, dept int, counter_only boolean, components int, v1 uuid, v2 uuid, v2_days int)`);
        await c.query(
          `insert into ${GEN}.proc
          select ord, md5('procedure:' || code)::uuid, code, name, field, level, days, fee, weight, dept, counter_only, components,
                 md5('pversion:' || code || ':1')::uuid, case when ord % 3 = 0 then md5('pversion:' || code || ':2')::uuid end,
                 case when ord % 3 = 0 then greatest(1, days - days / 4) end
            from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[], $10::boolean[], $11::int[])
              as t(ord, code, name, field, level, days, fee, weight, dept, counter_only, components)`,
          [
            list.map((p) => p.ord),
            list.map((p) => p.code),
            list.map((p) => p.name),
            list.map((p) => p.field),
            list.map((p) => p.level),
            list.map((p) => p.days),
            list.map((p) => p.fee),
            list.map((p) => p.weight),
            list.map((p) => p.dept ?? null),
            list.map((p) => Boolean(p.counterOnly)),
            list.map((p) => p.components),
          ],
        );
        await c.query(`insert into procedures_procedure (id, created_at, updated_at, code, name, field, level, online_level, active, latest_version_no, unit_id)
          select id, now(), now(), code, name, field, level::procedures_resolving_level,
                 case when counter_only then null when field in ('Hộ tịch', 'Đăng ký kinh doanh', 'Đăng ký doanh nghiệp', 'Lý lịch tư pháp') then 'FULL' else 'PARTIAL' end::procedures_online_level,
                 true, case when v2 is null then 1 else 2 end, case when code like '%.H37' then (select id from staff_unit where level = 1 and valid_from is not null) end
            from ${GEN}.proc`);
        const versions =
          await c.query(`insert into procedures_procedure_version (id, created_at, updated_at, procedure_id, version_no, code, name, field, level, online_level,
            cutoff_hour, cases, fees, components, result_document, decision_number, decision_date, effective_from, unit_id, change_note, published_by)
          select v.id, now(), now(), p.id, v.no, p.code, p.name, p.field, p.level::procedures_resolving_level, pp.online_level,
                 case when p.field = 'Chứng thực' then 15 end,
                 jsonb_build_array(jsonb_build_object('code', 'TH1', 'name', 'Trường hợp thông thường',
                   'limits', jsonb_build_array(jsonb_build_object('channel', null, 'amount', v.days, 'unit', 'WORKING_DAYS')))),
                 case when p.fee > 0 then jsonb_build_array(jsonb_build_object('name', 'Lệ phí', 'amount', p.fee, 'note', null, 'caseCodes', '[]'::jsonb)) else '[]'::jsonb end,
                 (select jsonb_agg(jsonb_build_object('code', 'C' || k, 'name', (${COMPONENT_NAMES})[k], 'originals', case when k = 1 then 1 else 0 end,
                    'copies', case when k = 1 then 0 else 1 end, 'required', k < 4, 'caseCodes', '[]'::jsonb) order by k)
                    from generate_series(1, p.components) k),
                 'Kết quả ' || lower(left(p.name, 1)) || substr(p.name, 2), v.no || '/QĐ-UBND', v.effective_from - 30, v.effective_from, pp.unit_id,
                 case when v.no = 2 then 'Rút ngắn thời hạn giải quyết sau sắp xếp đơn vị hành chính' end, 'bench'
            from ${GEN}.proc p join procedures_procedure pp on pp.id = p.id
            cross join lateral (values (p.v1, 1, p.days, date '2020-01-01'), (p.v2, 2, p.v2_days, date '${s.reformDate}')) as v(id, no, days, effective_from)
           where v.id is not null`);
        return list.length + (versions.rowCount ?? 0);
      },
    },
    {
      table: '(dossier plan)',
      async run(c: Client) {
        // Weighted choice tables: procedure slots and commune slots per period.
        await c.query(`create unlogged table ${GEN}.proc_slot as
          select (row_number() over (order by p.ord, w) - 1)::int as slot, p.ord from ${GEN}.proc p cross join generate_series(1, p.weight) w`);
        await c.query(`create unlogged table ${GEN}.commune_slot as
          select a.era, (row_number() over (partition by a.era order by a.ord, w) - 1)::int as slot, a.ord
            from ${GEN}.agency a cross join generate_series(1, 1 + (${GEN}.h(a.ord, 41) % 4)::int) w where a.level = 3`);
        await c.query(`create unlogged table ${GEN}.officer as
          select a.ord as agency_ord, (row_number() over (partition by a.ord order by o.n) - 1)::int as idx, o.id, o.full_name
            from ${GEN}.official o join ${GEN}.agency a on a.ord = o.agency_ord where o.position = 'ONE_STOP_OFFICER' and o.status = 'ACTIVE'`);
        await c.query(
          `create unlogged table ${GEN}.officer_count as select agency_ord, count(*)::int as n from ${GEN}.officer group by agency_ord`,
        );
        const slots = (
          await c.query<{
            w: number;
            old: number;
            new: number;
          }>(`select (select count(*) from ${GEN}.proc_slot)::int as w,
            (select count(*) from ${GEN}.commune_slot where era = 'OLD')::int as old, (select count(*) from ${GEN}.commune_slot where era = 'NEW')::int as new`)
        ).rows[0];
        const days = (
          await c.query<{ d: number }>(
            `select (date '${end}' - (date '${end}' - interval '3 years')::date + 1)::int as d`,
          )
        ).rows[0].d;
        const h = (salt: number) => `${GEN}.h(n, ${salt})`;
        // 1. When, what, where, how.
        await c.query(`create unlogged table ${GEN}.plan1 as
          with b as (
            select n, (date '${end}' - interval '3 years')::date + 1 + ((n - 1) * ${days}::bigint / ${N})::int as d0, p.*
              from generate_series(1, ${N}) n
              join ${GEN}.proc_slot ps on ps.slot = ${h(1)} % ${slots.w}
              join ${GEN}.proc p on p.ord = ps.ord),
          ch as (
            select b.*, case when counter_only then case when ${h(2)} % 100 < 96 then 'COUNTER' else 'POST' end
                             else case when ${h(2)} % 100 < 82 then 'ONLINE' when ${h(2)} % 100 < 98 then 'COUNTER' else 'POST' end end as channel,
                   ${h(3)} % 1440 as online_min, 450 + ${h(3)} % 540 as desk_min
              from b),
          t as (
            select ch.*,
                   case when channel = 'ONLINE' then d0 else d0 - case extract(isodow from d0)::int when 6 then 1 when 7 then 2 else 0 end end as sd,
                   case when channel = 'ONLINE' then online_min else desk_min end as smin,
                   channel <> 'ONLINE' or (extract(isodow from d0) <= 5 and online_min < 960) as same_day
              from ch),
          r as (
            select t.*, case when same_day then sd else sd + case extract(isodow from sd)::int when 5 then 3 when 6 then 2 else 1 end end as rd,
                   case when channel <> 'ONLINE' then smin when same_day then greatest(smin, 450) + 20 + ${h(4)} % 90 else 450 + ${h(4)} % 120 end as rmin
              from t)
          select r.n, r.ord as proc_ord, r.id as procedure_id, r.code as procedure_code, r.name as procedure_name, r.field, r.level, r.fee, r.components,
                 case when r.v2 is not null and r.rd >= date '${s.reformDate}' then r.v2 else r.v1 end as version_id,
                 case when r.v2 is not null and r.rd >= date '${s.reformDate}' then r.v2_days else r.days end as limit_days,
                 r.channel, ${GEN}.local_ts(r.sd, r.smin::int) as submitted_at, r.rd, ${GEN}.local_ts(r.rd, r.rmin::int) as received_at0,
                 case when r.rd < date '${s.reformDate}' then 'OLD' else 'NEW' end as era,
                 coalesce(pa.ord, cs.ord) as agency_ord
            from r
            left join ${GEN}.commune_slot cs on r.level = 'COMMUNE' and cs.era = case when r.rd < date '${s.reformDate}' then 'OLD' else 'NEW' end
                  and cs.slot = ${GEN}.h(r.n, 5) % case when r.rd < date '${s.reformDate}' then ${slots.old} else ${slots.new} end
            left join ${GEN}.agency pa on r.level = 'PROVINCE' and pa.level = 1 and pa.kind = 'PROVINCIAL_DEPARTMENT' and pa.k = r.dept + 1
                  and pa.era = case when r.rd < date '${s.reformDate}' then 'OLD' else 'NEW' end`);
        // 2. Deadlines and outcomes.
        const endTs = `${GEN}.local_ts(date '${end}', 1020)`;
        await c.query(`create unlogged table ${GEN}.plan2 as
          with a as (
            select p.*, p.rd + p.limit_days + 2 * ((p.limit_days + extract(isodow from p.rd)::int - 1) / 5) as appt_d0,
                   ${h(7)} % 100 < 5 as paused, 2 + (${h(8)} % 9)::int as pause_days, 1 + (${h(8)} % 3)::int as pause_after,
                   ${h(9)} % 1000 as u_fin, ${h(10)} % 1000 as u_end, ${h(11)} % 1000 as u_time, ${h(12)} % 1000 as u_frac, ${h(13)} % 100 as u_ret
              from ${GEN}.plan1 p),
          b as (
            select a.*, ${GEN}.local_ts(appt_d0::date, 990) as first_appointment,
                   a.received_at0 + make_interval(days => pause_after) as pause_start
              from a),
          c as (
            select b.*, case when paused then b.pause_start + make_interval(days => pause_days) end as pause_end,
                   first_appointment + case when paused then make_interval(days => pause_days) else interval '0' end as appointment
              from b),
          d as (
            select c.*, ${GEN}.local_date(appointment) as appt_d,
                   case when u_time < 50 then 'LATE' when u_time < 300 then 'ON_TIME' else 'EARLY' end as timeliness0
              from c),
          e as (
            select d.*,
                   case timeliness0
                     when 'EARLY' then greatest(received_at0 + interval '40 minutes' + case when paused then make_interval(days => pause_days) else interval '0' end,
                                                ${GEN}.local_ts(rd + ((appt_d - rd - 1) * u_frac / 1000)::int, 480 + (u_frac % 480)::int))
                     when 'ON_TIME' then ${GEN}.local_ts(appt_d, 450 + (u_frac % 500)::int)
                     else ${GEN}.local_ts(appt_d + 1 + (u_frac % 10)::int, 450 + (u_frac % 500)::int) end as resolved0
              from d),
          f as (
            select e.*, (date '${end}' - rd) as age,
                   rd > date '${end}' as not_yet_received,
                   (paused and pause_end > ${endTs}) as pause_open
              from e)
          select f.*,
                 case
                   when not_yet_received then 'NEW'
                   when channel = 'ONLINE' and u_end < 30 and (age >= 60 or u_fin < 995 * age / 60) then 'REFUSED'
                   when pause_open then 'OPEN'
                   when u_end between 30 and 44 and (age >= 60 or u_fin < 995 * age / 60) and received_at0 + interval '3 days' <= ${endTs} then 'ENDED'
                   when (age >= 60 and u_fin < 995 or u_fin < 995 * age / 60) and resolved0 <= ${endTs} then 'RESOLVED'
                   else 'OPEN' end as outcome
            from f`);
        // 3. Final columns. The code is the agency's daily sequence in order of submission (a narrow
        // sort, joined back); open dossiers received in the last 5 days wait at the desk (status 2).
        await c.query(`create unlogged table ${GEN}.seq as
          select n, row_number() over (partition by agency_ord, ${GEN}.local_date(submitted_at) order by submitted_at, n)::int as seq from ${GEN}.plan2`);
        await c.query(`create unlogged table ${GEN}.plan as
          select p.n, md5('dossier:' || p.n)::uuid as id,
                 ag.electronic_id || '-' || to_char(${GEN}.local_date(p.submitted_at), 'YYMMDD') || '-' || lpad(q.seq::text, 4, '0') as code,
                 p.procedure_id, p.version_id, p.procedure_code, p.procedure_name, p.field, p.fee, p.components, p.proc_ord, p.channel, p.limit_days, p.era,
                 p.agency_ord, a.id as agency_id, a.unit_id, a.name as agency_name, a.desks, a.level as agency_level,
                 case when p.channel = 'COUNTER' then md5('desk:' || p.agency_ord || ':' || (1 + ${GEN}.h(p.n, 14) % a.desks))::uuid end as desk_id,
                 case when p.channel = 'COUNTER' then 1 + ${GEN}.h(p.n, 14) % a.desks end as desk_no,
                 md5('department:' || p.agency_ord || ':' || (1 + ${GEN}.h(p.n, 15) % case when a.level = 3 then 3 else 4 end))::uuid as department_id,
                 p.submitted_at,
                 case when p.outcome in ('NEW', 'REFUSED') then null else p.received_at0 end as received_at,
                 p.received_at0,
                 case when p.outcome in ('NEW', 'REFUSED') then null else p.appointment end as appointment_at,
                 case when p.outcome in ('NEW', 'REFUSED') then null else p.first_appointment end as first_appointment,
                 p.paused and p.outcome not in ('NEW', 'REFUSED') as paused, p.pause_start, case when p.pause_open then null else p.pause_end end as pause_end, p.pause_days,
                 p.outcome,
                 case when p.outcome = 'RESOLVED' then p.resolved0 end as resolved_at,
                 case when p.outcome = 'RESOLVED' then p.timeliness0 end as timeliness,
                 case when p.outcome = 'RESOLVED' and p.u_ret >= 4 and p.resolved0 + make_interval(days => (p.u_ret % 5)::int, hours => 1) <= ${endTs}
                      then p.resolved0 + make_interval(days => (p.u_ret % 5)::int, hours => 1) end as returned_at,
                 case when p.outcome = 'REFUSED' then p.received_at0 when p.outcome = 'ENDED' then p.received_at0 + make_interval(days => 1 + (p.u_frac % 2)::int) end as ended_at,
                 case when p.outcome = 'REFUSED' then 'REFUSED' when p.outcome = 'ENDED' then case when p.u_end % 2 = 0 then 'STOPPED' else 'WITHDRAWN' end end as end_reason,
                 p.u_fin, p.u_frac, p.u_ret,
                 case when p.channel = 'ONLINE' then ${GEN}.h(p.n, 16) % 100 < 97 else ${GEN}.h(p.n, 16) % 100 < 78 end as components_digitised,
                 ${GEN}.h(p.n, 17) % 100 < 92 as result_digitised,
                 o.id as officer_id, coalesce(o.full_name, ${fullNameSql('p.n', 61)}) as officer_name,
                 ${fullNameSql('p.agency_ord', 71)} as leader_name, ${fullNameSql('p.agency_ord', 72)} as specialist_name,
                 case when ${GEN}.h(p.n, 52) % 100 < 8 then 'ORGANISATION' else 'CITIZEN' end as applicant_kind,
                 case when ${GEN}.h(p.n, 52) % 100 < 8 then 'Công ty TNHH ' || ${GEN}.pick(array['Hải Long','Minh Phát','Thành Công','Bình An','Hạ Long Xanh','Quảng Ninh Việt','Đông Bắc','Vạn Xuân'], p.n, 53) || ' ' || (p.n % 97)
                      else ${fullNameSql('p.n', 51)} end as applicant_name,
                 case when p.outcome = 'NEW' then 1 when p.outcome = 'REFUSED' then 3 when p.outcome = 'ENDED' then 8
                      when p.outcome = 'RESOLVED' then case when p.outcome = 'RESOLVED' and p.u_ret >= 4 and p.resolved0 + make_interval(days => (p.u_ret % 5)::int, hours => 1) <= ${endTs} then 10 else 9 end
                      when p.pause_open then 5
                      when p.received_at0 > ${endTs} - interval '5 days' and not p.paused then 2
                      else 4 end as status
            from ${GEN}.plan2 p
            join ${GEN}.seq q on q.n = p.n
            join ${GEN}.agency a on a.ord = p.agency_ord
            join staff_agency ag on ag.id = a.id
            left join ${GEN}.officer_count oc on oc.agency_ord = p.agency_ord
            left join ${GEN}.officer o on o.agency_ord = p.agency_ord and oc.n > 0 and o.idx = ${GEN}.h(p.n, 18) % oc.n`);
        await c.query(`alter table ${GEN}.plan add primary key (n)`);
        await c.query(`analyze ${GEN}.plan`);
        await c.query(`drop table ${GEN}.plan1, ${GEN}.plan2, ${GEN}.seq`);
        return N;
      },
    },
    {
      table: 'procedures_dossier',
      phase: 2,
      async run(c: Client) {
        const restore = await suspendIndexes(c, ['procedures_dossier']);
        const hash = await pinHash();
        const res =
          await c.query(`insert into procedures_dossier (id, created_at, updated_at, version, code, procedure_id, procedure_version_id, case_code, field, channel, status,
            status_before_supplement, status_before_withdrawal, agency_id, unit_id, competent_agency_id, competent_unit_id, desk_id, received_by_id, received_by_name,
            holder_agency_id, holder_department_id, holder_unit_id, transfer_pending, involved_unit_ids, involved_agency_ids,
            applicant_kind, applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address,
            authorised_name, authorised_id_number, authorised_phone, authorisation_document, result_delivery, note,
            submitted_at, received_at, limit_amount, limit_unit, cutoff_hour, appointment_at, original_appointment_at,
            approved_at, approved_by_name, resolved_at, timeliness, result_number, result_signer, result_digitised, returned_at,
            ended_at, end_reason, end_note, components_digitised, fee_total, pin_hash, rating_token_hash, receipt_id, result_file_id)
          select p.id, p.submitted_at, coalesce(p.returned_at, p.resolved_at, p.ended_at, p.received_at, p.submitted_at), 1, p.code,
                 p.procedure_id, p.version_id, 'TH1', p.field, p.channel::procedures_channel, p.status,
                 case when p.status = 5 then 4 end, null,
                 p.agency_id, p.unit_id, p.agency_id, p.unit_id, p.desk_id,
                 case when p.received_at is not null then p.officer_id end, case when p.received_at is not null then p.officer_name end,
                 p.agency_id, case when p.status in (4, 5) then p.department_id end, p.unit_id, false, array[p.unit_id], array[p.agency_id],
                 p.applicant_kind::procedures_applicant_kind, p.applicant_name,
                 lpad((22000000000 + ${GEN}.h(p.n, 54) % 1000000000)::text, 12, '0'),
                 '09' || lpad((${GEN}.h(p.n, 55) % 100000000)::text, 8, '0'),
                 case when p.channel = 'ONLINE' then 'cd' || p.n || '@example.vn' end,
                 'Số ' || (1 + p.n % 300) || ', tổ ' || (1 + p.n % 40) || ', ' || replace(p.agency_name, 'UBND ', ''),
                 case when ${GEN}.h(p.n, 56) % 100 < 6 then ${fullNameSql('p.n', 57)} end,
                 case when ${GEN}.h(p.n, 56) % 100 < 6 then lpad((22000000000 + ${GEN}.h(p.n, 58) % 1000000000)::text, 12, '0') end,
                 null, case when ${GEN}.h(p.n, 56) % 100 < 6 then 'Giấy ủy quyền số ' || (p.n % 900 + 1) end,
                 (case when p.channel = 'ONLINE' and ${GEN}.h(p.n, 59) % 100 < 30 then 'ONLINE' when p.channel = 'POST' then 'POST' else 'AT_DESK' end)::procedures_result_delivery,
                 null,
                 p.submitted_at, p.received_at, p.limit_days, 'WORKING_DAYS', case when p.field = 'Chứng thực' then 15 end,
                 p.appointment_at, p.first_appointment,
                 case when p.resolved_at is not null then p.resolved_at - interval '1 hour' end,
                 case when p.resolved_at is not null then p.leader_name end,
                 p.resolved_at, p.timeliness::procedures_timeliness,
                 case when p.resolved_at is not null then p.n || '/KQ' end,
                 case when p.resolved_at is not null then p.leader_name end,
                 case when p.resolved_at is not null then p.result_digitised end,
                 p.returned_at, p.ended_at, p.end_reason::procedures_end_reason,
                 case p.end_reason when 'REFUSED' then 'Hồ sơ không đúng thẩm quyền' when 'STOPPED' then 'Dừng xử lý theo đề nghị của cơ quan chuyên môn' when 'WITHDRAWN' then 'Người nộp rút hồ sơ' end,
                 p.components_digitised, p.fee, '${hash}', null,
                 case when p.received_at is not null then md5('receipt:' || p.n)::uuid end,
                 case when p.resolved_at is not null and p.result_digitised then md5('result-file:' || p.n)::uuid end
            from ${GEN}.plan p`);
        await restore();
        return res.rowCount ?? 0;
      },
    },
    {
      table: 'procedures_receipt',
      phase: 3,
      lane: 1,
      async run(c: Client) {
        const restore = await suspendIndexes(c, ['procedures_receipt'], true);
        // The components part of Mẫu 01 per procedure and digitisation: a small table, joined.
        await c.query(`create unlogged table ${GEN}.receipt_components as
          select pr.ord, dig, (select jsonb_agg(jsonb_build_object('name', (${COMPONENT_NAMES})[k], 'originals', case when k = 1 then 1 else 0 end,
                   'copies', case when k = 1 then 0 else 1 end, 'digitisation', case when dig then 'DIGITISED' else 'NOT_DIGITISED' end) order by k)
                   from generate_series(1, pr.components) k) as components
            from ${GEN}.proc pr cross join (values (true), (false)) v(dig)`);
        const res =
          await c.query(`insert into procedures_receipt (id, created_at, updated_at, dossier_id, issued_at, issued_by_name, kind, data)
          select md5('receipt:' || p.n)::uuid, p.received_at, p.received_at, p.id, p.received_at, p.officer_name, 'INTAKE',
                 jsonb_build_object('dossierCode', p.code, 'agencyName', p.agency_name, 'centreName', 'Bộ phận một cửa',
                   'deskName', case when p.desk_no is not null then 'Quầy số 0' || p.desk_no end,
                   'procedureCode', p.procedure_code, 'procedureName', p.procedure_name, 'caseName', 'Trường hợp thông thường', 'channel', p.channel,
                   'applicantName', p.applicant_name, 'components', rc.components,
                   'receivedAt', p.received_at, 'appointmentAt', p.first_appointment, 'placeOfReturn', 'Bộ phận một cửa, ' || p.agency_name,
                   'resultDelivery', 'AT_DESK', 'fees', case when p.fee > 0 then jsonb_build_array(jsonb_build_object('name', 'Lệ phí', 'amount', p.fee)) else '[]'::jsonb end,
                   'feeTotal', p.fee, 'receivedByName', p.officer_name, 'lookupUrl', '/tra-cuu?ma=' || p.code)
            from ${GEN}.plan p join ${GEN}.receipt_components rc on rc.ord = p.proc_ord and rc.dig = p.components_digitised
           where p.received_at is not null`);
        await restore();
        return res.rowCount ?? 0;
      },
    },
    {
      table: 'procedures_dossier_component',
      phase: 3,
      lane: 2,
      async run(c: Client) {
        const restore = await suspendIndexes(c, ['procedures_dossier_component'], true);
        const res =
          await c.query(`insert into procedures_dossier_component (id, created_at, updated_at, dossier_id, code, name, originals, copies, digitisation, file_id, position)
          select md5('component:' || p.n || ':' || k)::uuid, p.submitted_at, p.submitted_at, p.id, 'C' || k, (${COMPONENT_NAMES})[k],
                 case when k = 1 then 1 else 0 end, case when k = 1 then 0 else 1 end,
                 (case when not (${DIGITISED_COMPONENT}) then 'NOT_DIGITISED'
                       when ${GEN}.h(p.n * 8 + k, 81) % 100 < 30 then 'REUSED' else 'DIGITISED' end)::procedures_digitisation,
                 case when ${DIGITISED_COMPONENT} then md5('component-file:' || p.n || ':' || k)::uuid end, k - 1
            from ${GEN}.plan p cross join generate_series(1, p.components) k`);
        await restore();
        return res.rowCount ?? 0;
      },
    },
    {
      table: 'procedures_dossier_step',
      phase: 3,
      lane: 2,
      async run(c: Client) {
        const restore = await suspendIndexes(c, ['procedures_dossier_step'], true);
        // Seq: online 1 submit, 2 receive (or refuse); counter 1 receive. Then transfer, supplement
        // request and arrival, result, return (or stop).
        const r = `(case when p.channel = 'ONLINE' then 2 else 1 end)`;
        const supp = `(case when p.paused then case when p.pause_end is null then 1 else 2 end else 0 end)`;
        const cols = `id, created_at, updated_at, dossier_id, seq, action, handover, from_status, to_status, actor_id, actor_name,
          from_agency_id, from_department_id, to_agency_id, to_department_id, given_at, received_at, due_at, finished_at, verdict, budget_amount, budget_unit, form, note`;
        const steps = [
          // Online submission.
          `select md5('step:' || p.n || ':1')::uuid, p.submitted_at, p.submitted_at, p.id, 1, 'SUBMIT_ONLINE'::procedures_action, false, null::smallint, 1::smallint, null::uuid, p.applicant_name,
                  null::uuid, null::uuid, p.agency_id, null::uuid, p.submitted_at, p.submitted_at, null::timestamptz, p.submitted_at, null::procedures_timeliness,
                  null::float8, null::text, null::text, null::text
             from ${GEN}.plan p where p.channel = 'ONLINE'`,
          // Reception (counter, post, or of an online dossier), or refusal at intake.
          `select md5('step:' || p.n || ':' || ${r})::uuid, p.received_at0, p.received_at0, p.id, ${r},
                  (case when p.outcome = 'REFUSED' then 'REFUSE' when p.channel = 'ONLINE' then 'RECEIVE' else 'RECEIVE_AT_COUNTER' end)::procedures_action,
                  false, case when p.channel = 'ONLINE' then 1 end, case when p.outcome = 'REFUSED' then 3 else 2 end, p.officer_id, p.officer_name,
                  null, null, p.agency_id, null, p.received_at0, p.received_at0, null, p.received_at0, null, null, null,
                  case when p.outcome = 'REFUSED' then 'REFUSAL' else 'RECEIPT' end, null
             from ${GEN}.plan p where p.outcome <> 'NEW'`,
          // Transfer to the competent department (a hand-over row of the control slip).
          `select md5('step:' || p.n || ':' || (${r} + 1))::uuid, p.received_at + interval '30 minutes', p.received_at + interval '30 minutes', p.id, ${r} + 1,
                  'TRANSFER'::procedures_action, true, 2, 4, p.officer_id, p.officer_name, p.agency_id, null, p.agency_id, p.department_id,
                  p.received_at + interval '30 minutes', p.received_at + interval '2 hours', p.appointment_at - interval '1 day',
                  coalesce(p.resolved_at - interval '2 hours', p.ended_at), case when p.resolved_at is null then null when p.timeliness = 'LATE' then 'LATE' else 'EARLY' end::procedures_timeliness,
                  greatest(1, p.limit_days - 1), 'WORKING_DAYS', null, null
             from ${GEN}.plan p where p.received_at is not null and p.status <> 2`,
          // Supplement requested (Mẫu 02): the clock stops.
          `select md5('step:' || p.n || ':' || (${r} + 2))::uuid, p.pause_start, p.pause_start, p.id, ${r} + 2, 'REQUEST_SUPPLEMENT'::procedures_action, false, 4, 5, null, p.specialist_name,
                  p.agency_id, p.department_id, null, null, p.pause_start, null, p.pause_start + interval '15 days', p.pause_start, null, null, null, 'SUPPLEMENT_REQUEST', 'Bổ sung giấy tờ còn thiếu'
             from ${GEN}.plan p where p.paused`,
          // Supplement received: the clock runs again.
          `select md5('step:' || p.n || ':' || (${r} + 3))::uuid, p.pause_end, p.pause_end, p.id, ${r} + 3, 'RECEIVE_SUPPLEMENT'::procedures_action, false, 5, 4, p.officer_id, p.officer_name,
                  null, null, p.agency_id, p.department_id, p.pause_end, p.pause_end, null, p.pause_end, null, null, null, null, null
             from ${GEN}.plan p where p.paused and p.pause_end is not null`,
          // Result recorded (resolved), with the dossier's verdict.
          `select md5('step:' || p.n || ':' || (${r} + 2 + ${supp}))::uuid, p.resolved_at, p.resolved_at, p.id, ${r} + 2 + ${supp}, 'RECORD_RESULT'::procedures_action, true, 4, 9,
                  null, p.specialist_name, p.agency_id, p.department_id, p.agency_id, null, p.resolved_at, p.resolved_at, p.appointment_at, p.resolved_at,
                  p.timeliness::procedures_timeliness, null, null, null, null
             from ${GEN}.plan p where p.resolved_at is not null`,
          // Result returned to the applicant.
          `select md5('step:' || p.n || ':' || (${r} + 3 + ${supp}))::uuid, p.returned_at, p.returned_at, p.id, ${r} + 3 + ${supp}, 'RETURN_RESULT'::procedures_action, false, 9, 10,
                  p.officer_id, p.officer_name, p.agency_id, null, null, null, p.returned_at, p.returned_at, null, p.returned_at, null, null, null, null, null
             from ${GEN}.plan p where p.returned_at is not null`,
          // Stopped or withdrawn.
          `select md5('step:' || p.n || ':' || (${r} + 2 + ${supp}))::uuid, p.ended_at, p.ended_at, p.id, ${r} + 2 + ${supp},
                  (case when p.end_reason = 'WITHDRAWN' then 'ACCEPT_WITHDRAWAL' else 'STOP' end)::procedures_action, false, 4, 8,
                  null, p.leader_name, p.agency_id, null, null, null, p.ended_at, p.ended_at, null, p.ended_at, null, null, null,
                  null, null
             from ${GEN}.plan p where p.outcome = 'ENDED'`,
        ];
        const res = await c.query(
          `insert into procedures_dossier_step (${cols}) ${steps.join('\n union all\n')}`,
        );
        await restore();
        return res.rowCount ?? 0;
      },
    },
    {
      // The files behind digitised components and results (a re-used scan is a file row like any
      // other here): ids as the component and dossier inserts name them.
      table: 'core_file',
      phase: 3,
      lane: 1,
      async run(c: Client) {
        const samples = sampleFilesSql(await sampleFiles());
        const restore = await suspendIndexes(c, ['core_file'], true);
        const res = await c.query(`with sample(i, key, sha256, size) as (values ${samples}),
               n_samples as (select count(*)::int as n from sample)
          insert into core_file (id, created_at, updated_at, file_name, mime_type, size, sha256, storage_key, uploaded_by)
          select f.id, f.at, f.at, f.name, 'application/pdf', s.size, s.sha256, s.key, null
            from (select md5('component-file:' || p.n || ':' || k)::uuid as id, p.submitted_at as at,
                         'thanh-phan-' || k || '.pdf' as name, (p.n * 8 + k) as pick
                    from ${GEN}.plan p cross join generate_series(1, p.components) k
                   where ${DIGITISED_COMPONENT}
                  union all
                  select md5('result-file:' || p.n)::uuid, p.resolved_at, 'ket-qua-' || p.code || '.pdf', p.n
                    from ${GEN}.plan p where p.resolved_at is not null and p.result_digitised) f
            cross join n_samples
            join sample s on s.i = f.pick % n_samples.n`);
        await restore();
        return res.rowCount ?? 0;
      },
    },
    {
      table: 'procedures_dossier_pause',
      phase: 3,
      lane: 1,
      async run(c: Client) {
        return (
          await c.query(`insert into procedures_dossier_pause (id, created_at, updated_at, dossier_id, kind, started_at, ended_at, deadline_at, items, note)
          select md5('pause:' || p.n)::uuid, p.pause_start, coalesce(p.pause_end, p.pause_start), p.id, 'SUPPLEMENT', p.pause_start, p.pause_end,
                 p.pause_start + interval '15 days', jsonb_build_array('Bản sao giấy tờ chứng minh quyền sử dụng đất'), 'Bổ sung giấy tờ còn thiếu'
            from ${GEN}.plan p where p.paused`)
        ).rowCount;
      },
    },
    {
      table: 'procedures_dossier_deadline',
      phase: 3,
      lane: 1,
      async run(c: Client) {
        const restore = await suspendIndexes(c, ['procedures_dossier_deadline'], true);
        const res = await c.query(`insert into procedures_dossier_deadline (dossier_id, since, due_at, paused)
          select dossier_id, since, due_at, paused from (
            select p.n, 1 as k, p.id as dossier_id, p.received_at as since, p.first_appointment as due_at, false as paused from ${GEN}.plan p where p.received_at is not null
            union all
            select p.n, 2, p.id, p.pause_start, p.first_appointment, true from ${GEN}.plan p where p.paused
            union all
            select p.n, 3, p.id, p.pause_end, p.appointment_at, false from ${GEN}.plan p where p.paused and p.pause_end is not null) x
          order by n, k`);
        await restore();
        return res.rowCount ?? 0;
      },
    },
    {
      table: 'procedures_code_counter',
      phase: 3,
      lane: 1,
      async run(c: Client) {
        return (
          await c.query(`insert into procedures_code_counter (agency_id, period, value)
          select agency_id, 'D' || to_char(${GEN}.local_date(submitted_at), 'YYYY-MM-DD'), count(*)
            from ${GEN}.plan group by 1, 2`)
        ).rowCount;
      },
    },
    {
      table: 'procedures_rating',
      phase: 3,
      lane: 1,
      optional: true,
      async run(c: Client) {
        // A third of the returned dossiers are rated, mostly well.
        const restore = await suspendIndexes(c, ['procedures_rating'], true);
        // Later versions of the table carry the dossier's field (denormalised for statistics).
        const withField = (await columnsOf(c, 'procedures_rating')).has('field');
        const res =
          await c.query(`insert into procedures_rating (${withField ? 'field, ' : ''}id, created_at, updated_at, dossier_id, rating, comment, survey, rated_at, unit_id, agency_id, desk_id, official_id)
          select ${withField ? 'p.field, ' : ''}md5('rating:' || p.n)::uuid, p.returned_at + interval '10 minutes', p.returned_at + interval '10 minutes', p.id,
                 case when p.u_frac % 100 < 70 then 5 when p.u_frac % 100 < 90 then 4 when p.u_frac % 100 < 96 then 3 when p.u_frac % 100 < 99 then 2 else 1 end,
                 case when p.u_frac % 100 >= 96 then 'Thời gian chờ lâu' when p.u_frac % 7 = 0 then 'Cán bộ nhiệt tình' end, '{}'::jsonb,
                 p.returned_at + interval '10 minutes', p.unit_id, p.agency_id, p.desk_id, p.officer_id
            from ${GEN}.plan p where p.returned_at is not null and p.u_ret % 3 = 0`);
        await restore();
        return res.rowCount ?? 0;
      },
    },
  ];
}

export const PROVINCIAL_DEPARTMENT_COUNT = PROVINCIAL_DEPARTMENTS.length;
