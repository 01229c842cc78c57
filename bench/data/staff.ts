import type { Client } from 'pg';
import { fullNameSql, GEN, type GenSettings, type Step } from './common';

/** Provincial departments (Sở) after the 2025 reorganisation; each receives its own procedures. */
export const PROVINCIAL_DEPARTMENTS = [
  'Sở Tư pháp',
  'Sở Nông nghiệp và Môi trường',
  'Sở Xây dựng',
  'Sở Y tế',
  'Sở Giáo dục và Đào tạo',
  'Sở Công Thương',
  'Sở Tài chính',
  'Sở Nội vụ',
  'Sở Văn hóa, Thể thao và Du lịch',
  'Sở Khoa học và Công nghệ',
  'Sở Dân tộc và Tôn giáo',
  'Sở Ngoại vụ',
];

const FIELDS = `array['Hộ tịch','Chứng thực','Đất đai','Xây dựng','Đăng ký kinh doanh','Bảo trợ xã hội','Lao động','Giáo dục','Y tế','Văn hóa']`;

/**
 * Agencies (a UBND per commune or ward of each period, the provincial committee, its public service
 * centre and 12 departments for each period; pre-reform agencies are inactive), departments, one
 * one-stop centre per agency with 2–4 desks, officials with postings and roles.
 *
 * Ids are md5 of a stable key, so other generators compute them without joins.
 */
export function staffSteps(s: GenSettings): Step[] {
  const officials = s.counts.officials;
  return [
    {
      table: 'staff_agency',
      async run(c: Client) {
        // bench_gen.agency: ord (1..), era, level (1 province, 3 commune), kind, unit.
        await c.query(
          `create unlogged table ${GEN}.agency as
          with units as (
            select u.id as unit_id, u.code, u.name, u.level, case when u.valid_from is not null then 'NEW' else 'OLD' end as era
              from staff_unit u where u.level in (1, 3)),
          rows as (
            select unit_id, era, 3 as level, 0 as k, 'PEOPLES_COMMITTEE' as kind, 'UBND ' || name as name, code from units where level = 3
            union all
            select unit_id, era, 1, 0, 'PEOPLES_COMMITTEE', 'UBND ' || name, code from units where level = 1
            union all
            select unit_id, era, 1, 1, 'PUBLIC_SERVICE_CENTRE', 'Trung tâm Phục vụ hành chính công ' || replace(name, 'Tỉnh ', 'tỉnh '), code from units where level = 1
            union all
            select u.unit_id, u.era, 1, 1 + d.k, 'PROVINCIAL_DEPARTMENT', d.name || ' ' || replace(u.name, 'Tỉnh ', 'tỉnh '), u.code
              from units u cross join unnest($1::text[]) with ordinality as d(name, k) where u.level = 1)
          select row_number() over (order by era desc, level, code, k)::int as ord, md5('agency:' || era || ':' || level || ':' || code || ':' || k)::uuid as id,
                 unit_id, era, level, k, kind, name
            from rows`,
          [PROVINCIAL_DEPARTMENTS],
        );
        await c.query(`insert into staff_agency (id, created_at, updated_at, name, kind, electronic_id, unit_id, short_code, address, email, phone, active)
          select id, now(), now(), name, kind::staff_agency_kind,
                 case when era = 'NEW' then '000' else '001' end || '.' || lpad((ord / 100)::text, 2, '0') || '.' || lpad((ord % 100)::text, 2, '0') || '.H37',
                 unit_id, null, 'Trụ sở ' || name, 'a' || ord || '@quangninh.gov.vn', '0203' || lpad(ord::text, 7, '0'), era = 'NEW'
            from ${GEN}.agency`);
        return Number((await c.query(`select count(*) from ${GEN}.agency`)).rows[0].count);
      },
    },
    {
      table: 'staff_department',
      async run(c: Client) {
        return (
          await c.query(`insert into staff_department (id, created_at, updated_at, agency_id, name, code, active)
          select md5('department:' || a.ord || ':' || dk)::uuid, now(), now(), a.id,
                 (case when a.level = 3 then array['Văn phòng HĐND và UBND','Phòng Kinh tế','Phòng Văn hóa - Xã hội','Văn phòng HĐND và UBND']
                       else array['Văn phòng','Phòng Hành chính','Phòng Nghiệp vụ 1','Phòng Nghiệp vụ 2'] end)[dk],
                 'P' || dk, a.era = 'NEW'
            from ${GEN}.agency a cross join generate_series(1, case when a.level = 3 then 3 else 4 end) dk`)
        ).rowCount;
      },
    },
    {
      table: 'staff_one_stop_centre',
      async run(c: Client) {
        return (
          await c.query(`insert into staff_one_stop_centre (id, created_at, updated_at, agency_id, name, address, active)
          select md5('centre:' || a.ord)::uuid, now(), now(), a.id,
                 case when a.level = 3 then 'Trung tâm Phục vụ hành chính công ' || replace(a.name, 'UBND ', '') else 'Bộ phận một cửa ' || a.name end,
                 'Trụ sở ' || a.name, a.era = 'NEW'
            from ${GEN}.agency a`)
        ).rowCount;
      },
    },
    {
      table: 'staff_desk',
      async run(c: Client) {
        await c.query(`alter table ${GEN}.agency add column desks int`);
        await c.query(`update ${GEN}.agency set desks = 2 + ${GEN}.h(ord, 11) % 3`);
        return (
          await c.query(`insert into staff_desk (id, created_at, updated_at, centre_id, code, name, fields, active)
          select md5('desk:' || a.ord || ':' || dk)::uuid, now(), now(), md5('centre:' || a.ord)::uuid, lpad(dk::text, 2, '0'), 'Quầy số ' || lpad(dk::text, 2, '0'),
                 array[${GEN}.pick(${FIELDS}, a.ord * 10 + dk, 12), ${GEN}.pick(${FIELDS}, a.ord * 10 + dk, 13)], a.era = 'NEW'
            from ${GEN}.agency a cross join generate_series(1, a.desks) dk`)
        ).rowCount;
      },
    },
    {
      table: 'staff_official',
      async run(c: Client) {
        // Officials work in today's agencies, in proportion to a weight (communes 1, the provincial
        // committee 3, its centre 2, a department 4): official n sits in slot (n-1) mod slots, and
        // its rank in the slot gives the position (0 leader, 1-2 one-stop officer, 3 records clerk,
        // 4 IT (first slot of an agency), 5 vice-leader, else specialist).
        await c.query(`create unlogged table ${GEN}.slot as
          select row_number() over (order by a.ord, w)::int - 1 as slot, a.ord as agency_ord, w
            from ${GEN}.agency a cross join generate_series(1, case when a.level = 3 then 1 when a.k = 0 then 3 when a.kind = 'PUBLIC_SERVICE_CENTRE' then 2 else 4 end) w
           where a.era = 'NEW'`);
        await c.query(`create unlogged table ${GEN}.official as
          with slots as (select count(*)::int as cnt from ${GEN}.slot)
          select n, md5('official:' || n)::uuid as id, 'cb' || lpad(n::text, 5, '0') as username, s.agency_ord, s.w, (n - 1) / slots.cnt as rank,
                 case when (n - 1) / slots.cnt in (0, 5) then 'LEADER' when (n - 1) / slots.cnt in (1, 2) then 'ONE_STOP_OFFICER'
                      when (n - 1) / slots.cnt = 3 then 'RECORDS_CLERK' when (n - 1) / slots.cnt = 4 and s.w = 1 then 'IT_ADMIN' else 'SPECIALIST' end as position,
                 case when ${GEN}.h(n, 21) % 100 < 3 and (n - 1) / slots.cnt > 5 then 'LEFT' when ${GEN}.h(n, 21) % 100 = 3 and (n - 1) / slots.cnt > 5 then 'SUSPENDED' else 'ACTIVE' end as status,
                 ${fullNameSql('n', 22)} as full_name
            from generate_series(1, ${officials}) n cross join slots join ${GEN}.slot s on s.slot = (n - 1) % slots.cnt`);
        return (
          await c.query(`insert into staff_official (id, created_at, updated_at, full_name, username, position, title, email, personal_email, phone,
            status, status_since, joined_on, left_on, keycloak_user_id)
          select o.id, now(), now(), o.full_name, o.username, o.position::staff_position,
                 case o.position when 'LEADER' then case when o.rank = 0 then 'Chủ tịch' else 'Phó Chủ tịch' end when 'ONE_STOP_OFFICER' then 'Công chức một cửa'
                   when 'RECORDS_CLERK' then 'Văn thư' when 'IT_ADMIN' then 'Quản trị CNTT' else 'Chuyên viên' end,
                 o.username || '@quangninh.gov.vn', o.username || '@gmail.com', '09' || lpad((${GEN}.h(o.n, 23) % 100000000)::text, 8, '0'),
                 o.status::staff_official_status, now(), date '2010-01-01' + (${GEN}.h(o.n, 24) % 5000)::int,
                 case when o.status = 'LEFT' then date '${s.endDate}' - (${GEN}.h(o.n, 25) % 300)::int end, null
            from ${GEN}.official o`)
        ).rowCount;
      },
    },
    {
      table: 'staff_assignment',
      async run(c: Client) {
        // One current primary posting; a third of the officials also worked for a pre-reform agency.
        const current =
          await c.query(`insert into staff_assignment (id, created_at, updated_at, official_id, agency_id, department_id, desk_id, "primary", starts_on, ends_on)
          select md5('assignment:' || o.n)::uuid, now(), now(), o.id, a.id,
                 case when o.position in ('SPECIALIST', 'RECORDS_CLERK') then md5('department:' || a.ord || ':' || (1 + ${GEN}.h(o.n, 31) % case when a.level = 3 then 3 else 4 end))::uuid end,
                 case when o.position = 'ONE_STOP_OFFICER' then md5('desk:' || a.ord || ':' || (1 + (o.rank - 1 + o.w) % a.desks))::uuid end,
                 true, date '${s.reformDate}', case when o.status = 'LEFT' then date '${s.endDate}' - (${GEN}.h(o.n, 25) % 300)::int end
            from ${GEN}.official o join ${GEN}.agency a on a.ord = o.agency_ord`);
        const past =
          await c.query(`insert into staff_assignment (id, created_at, updated_at, official_id, agency_id, department_id, desk_id, "primary", starts_on, ends_on)
          select md5('assignment-old:' || o.n)::uuid, now(), now(), o.id, old.id, null, null, false,
                 date '2015-01-01' + (${GEN}.h(o.n, 32) % 3000)::int, date '${s.reformDate}' - 1
            from ${GEN}.official o
            join (select count(*)::int as n from ${GEN}.agency where era = 'OLD') oc on true
            join ${GEN}.agency old on old.era = 'OLD' and old.ord = (select min(ord) from ${GEN}.agency where era = 'OLD') + ${GEN}.h(o.n, 33) % oc.n
           where ${GEN}.h(o.n, 34) % 3 = 0`);
        return (current.rowCount ?? 0) + (past.rowCount ?? 0);
      },
    },
    {
      table: 'staff_role_assignment',
      async run(c: Client) {
        // Leaders of a commune or of the provincial committee hold 'leader' over the unit (so the
        // provincial chairman sees the whole province); everyone else holds their role over the agency.
        return (
          await c.query(`insert into staff_role_assignment (id, created_at, updated_at, official_id, role, unit_id, agency_id)
          select md5('role:' || o.n)::uuid, now(), now(), o.id,
                 case o.position when 'LEADER' then 'leader' when 'ONE_STOP_OFFICER' then 'one-stop-officer' when 'RECORDS_CLERK' then 'records-clerk'
                   when 'IT_ADMIN' then 'it-admin' else 'specialist' end,
                 case when o.position = 'LEADER' and (a.level = 3 or a.k = 0) then a.unit_id end,
                 case when not (o.position = 'LEADER' and (a.level = 3 or a.k = 0)) then a.id end
            from ${GEN}.official o join ${GEN}.agency a on a.ord = o.agency_ord
           where o.status <> 'LEFT'`)
        ).rowCount;
      },
    },
  ];
}
