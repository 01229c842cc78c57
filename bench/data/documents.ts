import type { Client } from 'pg';
import { fullNameSql, GEN, suspendIndexes, type GenSettings, type Step } from './common';

const TOPICS = `array['triển khai kế hoạch cải cách hành chính','báo cáo kết quả giải quyết thủ tục hành chính','tăng cường công tác phòng chống thiên tai',
  'tổ chức hội nghị tổng kết công tác năm','đôn đốc thu ngân sách nhà nước','kiện toàn Ban chỉ đạo chuyển đổi số','hướng dẫn sắp xếp đơn vị hành chính cấp xã',
  'rà soát hồ sơ đất đai tồn đọng','phòng chống dịch bệnh gia súc, gia cầm','đảm bảo an toàn giao thông dịp lễ','kế hoạch tuyển dụng công chức',
  'quyết toán kinh phí năm','số hóa hồ sơ, kết quả giải quyết thủ tục hành chính','tiếp công dân định kỳ','bảo vệ môi trường vịnh Hạ Long']`;
const EXTERNAL = `array['Văn phòng Chính phủ','Bộ Nội vụ','Bộ Tư pháp','Bộ Tài chính','Bộ Nông nghiệp và Môi trường','Tỉnh ủy Quảng Ninh','Hội đồng nhân dân tỉnh Quảng Ninh']`;

/**
 * Official documents over the same three years: 55 % incoming, 45 % outgoing, numbered in yearly
 * registers per agency and direction; provincial agencies write six times as much as a commune.
 * Incoming ones older than a month are mostly completed (with a lead department); outgoing ones
 * are mostly issued. One trace row per registration or issue, one per assignment.
 */
export function documentsSteps(s: GenSettings): Step[] {
  const N = s.counts.documents;
  return [
    {
      table: '(document plan)',
      async run(c: Client) {
        await c.query(`create unlogged table ${GEN}.doc_slot as
          select a.era, (row_number() over (partition by a.era order by a.ord, w) - 1)::int as slot, a.ord
            from ${GEN}.agency a cross join generate_series(1, case when a.level = 3 then 1 else 6 end) w`);
        const slots = (
          await c.query<{ old: number; new: number }>(
            `select count(*) filter (where era = 'OLD')::int as old, count(*) filter (where era = 'NEW')::int as new from ${GEN}.doc_slot`,
          )
        ).rows[0];
        const days = (
          await c.query<{ d: number }>(
            `select (date '${s.endDate}' - (date '${s.endDate}' - interval '3 years')::date + 1)::int as d`,
          )
        ).rows[0].d;
        await c.query(`create unlogged table ${GEN}.doc as
          with b as (
            select n, (date '${s.endDate}' - interval '3 years')::date + 1 + ((n - 1) * ${days}::bigint / ${N})::int as d,
                   case when ${GEN}.h(n, 111) % 100 < 55 then 'INCOMING' else 'OUTGOING' end as direction, ${GEN}.h(n, 112) % 1000 as u
              from generate_series(1, ${N}) n),
          e as (select b.*, case when d < date '${s.reformDate}' then 'OLD' else 'NEW' end as era from b)
          select e.*, md5('document:' || e.n)::uuid as id, ds.ord as agency_ord, a.id as agency_id, a.unit_id, a.name as agency_name, a.level,
                 ${GEN}.local_ts(e.d, 450 + (e.u % 540)::int) as at, extract(year from e.d)::int as year,
                 md5('register:' || ds.ord || ':' || e.direction || ':' || extract(year from e.d))::uuid as register_id,
                 row_number() over (partition by ds.ord, e.direction, extract(year from e.d) order by e.n)::int as register_number,
                 date '${s.endDate}' - e.d as age
            from e
            join ${GEN}.doc_slot ds on ds.era = e.era and ds.slot = ${GEN}.h(e.n, 113) % case when e.era = 'OLD' then ${slots.old} else ${slots.new} end
            join ${GEN}.agency a on a.ord = ds.ord`);
        return N;
      },
    },
    {
      table: 'documents_register',
      async run(c: Client) {
        return (
          await c.query(`insert into documents_register (id, created_at, updated_at, agency_id, unit_id, direction, year, confidential, name, last_number)
          select register_id, make_date(year, 1, 1), now(), agency_id, unit_id, direction::documents_direction, year, false,
                 'Sổ đăng ký văn bản ' || case when direction = 'INCOMING' then 'đến' else 'đi' end || ' năm ' || year, max(register_number)
            from ${GEN}.doc group by register_id, agency_id, unit_id, direction, year`)
        ).rowCount;
      },
    },
    {
      table: 'documents_document',
      async run(c: Client) {
        const restore = await suspendIndexes(c, ['documents_document']);
        const res =
          await c.query(`insert into documents_document (id, created_at, updated_at, version, direction, agency_id, unit_id, register_id, register_number, registered_at,
            document_type, number, notation, issuer_agency_id, issuer_electronic_id, issuer_name, issue_date, subject, body, signer_name, signer_title, signer_official_id,
            urgency, confidentiality, due_date, status, dedup_key, attachment_text, created_by_id, created_by_name, drafting_department_id, submitted_to_id, approved_by_id,
            approved_at, decision_note, issued_at, recalled_at, recall_reason, source_document_id, source_recipient_id, assigned_by_id, assigned_at, direction_note,
            handling_due_at, completed_at, completion_note)
          select x.id, x.at, x.at, 1, x.direction::documents_direction, x.agency_id, x.unit_id, x.register_id, x.register_number, x.at,
                 (array['OFFICIAL_LETTER','OFFICIAL_LETTER','OFFICIAL_LETTER','DECISION','PLAN','REPORT','NOTICE','INVITATION','SUBMISSION','DIRECTIVE'])[1 + x.u % 10]::documents_type,
                 x.num, x.notation,
                 case when x.direction = 'OUTGOING' then x.agency_id end, x.issuer_eid, x.issuer_name, x.d - case when x.direction = 'INCOMING' then (x.u % 3)::int else 0 end,
                 'V/v ' || ${GEN}.pick(${TOPICS}, x.n, 114), 'Căn cứ kế hoạch công tác năm ' || x.year || ', ' || ${GEN}.pick(${TOPICS}, x.n, 115) || ' trên địa bàn ' || replace(x.agency_name, 'UBND ', '') || '.',
                 ${fullNameSql('x.agency_ord', 71)}, 'Chủ tịch', null,
                 (case when x.u % 50 = 0 then 'VERY_URGENT' when x.u % 10 = 0 then 'URGENT' else 'NORMAL' end)::documents_urgency, 'NORMAL',
                 case when x.direction = 'INCOMING' and x.u % 3 = 0 then x.d + 10 end,
                 x.status::documents_status,
                 case when x.direction = 'INCOMING' then x.num || '|' || upper(replace(x.notation, ' ', '')) || '|' || coalesce(x.issuer_eid, upper(x.issuer_name)) end,
                 null, null, ${fullNameSql('x.n', 116)}, null, null, null,
                 case when x.direction = 'OUTGOING' and x.status = 'ISSUED' then x.at - interval '2 hours' end, null,
                 case when x.direction = 'OUTGOING' and x.status = 'ISSUED' then x.at end, null, null, null, null, null,
                 case when x.status in ('ASSIGNED', 'IN_PROGRESS', 'COMPLETED') then x.at + interval '3 hours' end,
                 case when x.status in ('ASSIGNED', 'IN_PROGRESS', 'COMPLETED') then 'Giao phòng chuyên môn tham mưu' end,
                 case when x.status in ('ASSIGNED', 'IN_PROGRESS', 'COMPLETED') then x.at + interval '10 days' end,
                 case when x.status = 'COMPLETED' then x.at + make_interval(days => 1 + (x.u % 9)::int) end,
                 case when x.status = 'COMPLETED' then 'Đã xử lý' end
            from (select g.*,
                    case when g.direction = 'OUTGOING' then g.register_number::text else (1 + ${GEN}.h(g.n, 117) % 3000)::text end as num,
                    case when g.direction = 'OUTGOING' then g.register_number || '/' || case when g.level = 3 then 'UBND' else 'SNV' end || '-VP'
                         else (1 + ${GEN}.h(g.n, 117) % 3000) || '/' || (array['UBND-VP','SNV-TCCB','BTP-HTQTCT','VPCP-KSTT','TU-VP'])[1 + g.u % 5] end as notation,
                    case when g.direction = 'OUTGOING' then (select electronic_id from staff_agency where id = g.agency_id)
                         when g.u % 2 = 0 then (select electronic_id from staff_agency where id = md5('agency:' || g.era || ':1:22:0')::uuid) end as issuer_eid,
                    case when g.direction = 'OUTGOING' then g.agency_name when g.u % 2 = 0 then 'UBND tỉnh Quảng Ninh' else ${GEN}.pick(${EXTERNAL}, g.n, 118) end as issuer_name,
                    case when g.direction = 'OUTGOING' then case when g.age > 10 or g.u < 900 then 'ISSUED' else (array['DRAFT','SUBMITTED','APPROVED','NUMBERED'])[1 + g.u % 4] end
                         else case when g.age > 30 and g.u < 950 then 'COMPLETED' when g.age > 30 then 'IN_PROGRESS'
                                   else (array['REGISTERED','ASSIGNED','IN_PROGRESS','COMPLETED'])[1 + g.u % 4] end end as status
                    from ${GEN}.doc g) x`);
        await restore();
        return res.rowCount;
      },
    },
    {
      table: 'documents_handler',
      async run(c: Client) {
        return (
          await c.query(`insert into documents_handler (id, created_at, updated_at, document_id, role, official_id, department_id, report_department_id, status, assigned_at, due_at, completed_at, note)
          select md5('handler:' || g.n)::uuid, d.assigned_at, d.assigned_at, d.id, 'LEAD', null,
                 md5('department:' || g.agency_ord || ':' || (1 + g.u % case when g.level = 3 then 3 else 4 end))::uuid,
                 md5('department:' || g.agency_ord || ':' || (1 + g.u % case when g.level = 3 then 3 else 4 end))::uuid,
                 (case when d.status = 'COMPLETED' then 'COMPLETED' else 'ACTIVE' end)::documents_handler_status, d.assigned_at, d.handling_due_at, d.completed_at, null
            from ${GEN}.doc g join documents_document d on d.id = g.id where d.assigned_at is not null`)
        ).rowCount;
      },
    },
    {
      table: 'documents_trace',
      async run(c: Client) {
        const restore = await suspendIndexes(c, ['documents_trace']);
        let total =
          (
            await c.query(`insert into documents_trace (id, created_at, updated_at, document_id, at, action, actor_official_id, actor_name, agency_name, summary, note)
          select md5('trace:' || g.n || ':1')::uuid, g.at, g.at, g.id, g.at, case when g.direction = 'INCOMING' then 'REGISTERED' else 'DRAFTED' end::documents_trace_action,
                 null, ${fullNameSql('g.agency_ord', 119)}, g.agency_name, null, null
            from ${GEN}.doc g`)
          ).rowCount ?? 0;
        total +=
          (
            await c.query(`insert into documents_trace (id, created_at, updated_at, document_id, at, action, actor_official_id, actor_name, agency_name, summary, note)
          select md5('trace:' || g.n || ':2')::uuid, coalesce(d.assigned_at, d.issued_at), coalesce(d.assigned_at, d.issued_at), g.id, coalesce(d.assigned_at, d.issued_at),
                 case when d.assigned_at is not null then 'ASSIGNED' else 'ISSUED' end::documents_trace_action, null, ${fullNameSql('g.agency_ord', 71)}, g.agency_name, null, null
            from ${GEN}.doc g join documents_document d on d.id = g.id where d.assigned_at is not null or d.issued_at is not null`)
          ).rowCount ?? 0;
        await restore();
        return total;
      },
    },
  ];
}
