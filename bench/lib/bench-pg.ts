import type { Client } from 'pg';

/**
 * Schema `bench_pg`: what PostGraphile cannot express from the tables alone, written the way a
 * PostGraphile user would (SQL functions it exposes as query fields), and called by the floor too,
 * so PostGraphile and the floor run exactly the same SQL for these scenarios.
 *
 * - desk_dossiers(agency): the agency's register in our API's order (newest first by reception,
 *   else submission, then code); PostGraphile pages it and adds totalCount and relations.
 * - dossier_statistics(unit, from, to): the Biểu II.06a counters of the procedures plugin's
 *   statistics service (same definitions, same SQL shape: a sum over its trigger-kept daily roll-up,
 *   and the dossiers open at the start and at the end found by the GiST index on their open
 *   interval), for a unit subtree with its pre-reform history, grouped by field, with the total.
 * - camera_coverage(unit): the cameras plugin's coverage figures (desks and communes with an online
 *   camera, cameras in service / online, offline cameras, devices out of warranty).
 * - lookup_timeline(code): the citizen lookup's answer without the PIN check (PostGraphile has no
 *   scrypt; see the README).
 */
export const BENCH_PG_SQL = String.raw`
create schema if not exists bench_pg;

create or replace function bench_pg.desk_dossiers(agency uuid) returns setof public.procedures_dossier
  language sql stable as $$
  select * from public.procedures_dossier d where d.agency_id = agency
   order by coalesce(d.received_at, d.submitted_at) desc, d.code desc
$$;

-- The unit, the units below it, and (transitively) the older units they replaced.
create or replace function bench_pg.units_with_history(unit uuid) returns uuid[]
  language sql stable as $$
  with recursive sub(id) as (
      select d.id from public.staff_unit u join public.staff_unit d on d.path like u.path || '%' where u.id = unit
      union
      select x.id from sub
        join public.staff_unit_succession s on s.successor_id = sub.id
        join public.staff_unit pu on pu.id = s.predecessor_id
        join public.staff_unit x on x.path like pu.path || '%')
  select array_agg(id) from sub
$$;

create or replace function bench_pg.dossier_statistics(unit uuid, from_date date, to_date date) returns json
  language plpgsql stable as $fn$
declare
  result json;
begin
  -- The unit list and the bounds first, then the aggregate planned with their values (EXECUTE), as
  -- the plugin's statements are (a SQL function would plan it for unknown values).
  execute $q$
  with
  -- Additive counters of the period: a sum over the plugin's daily roll-up.
  additive as (
    select s.field as key, sum(s.received_online) as ro, sum(s.received_direct) as rd, sum(s.received_digitised) as rg,
           sum(s.resolved_early) as e, sum(s.resolved_on_time) as o, sum(s.resolved_late) as l, sum(s.resolved_digitised) as x,
           sum(s.stopped) as st, sum(s.rating_count) as rc, sum(s.rating_sum) as rs
      from public.procedures_daily_stat s
     where s.unit_id = any($3::uuid[]) and s.day >= $4 and s.day <= $5
     group by s.field),
  -- Dossiers open at the start (carried over) and at the end (in progress, overdue), by their open interval.
  pit as (
    select d.field as key,
      count(*) filter (where tstzrange(d.received_at, d.finished_at, '(]') @> $1::timestamptz) as carried,
      count(*) filter (where tstzrange(d.received_at, d.finished_at, '(]') @> $2::timestamptz) as open_at_end,
      count(*) filter (where tstzrange(d.received_at, d.finished_at, '(]') @> $2::timestamptz and coalesce(
        (select case when h.paused then public.procedures_local_date(h.since) > public.procedures_local_date(h.due_at)
                     else public.procedures_local_date($2::timestamptz) > public.procedures_local_date(h.due_at) end
           from public.procedures_dossier_deadline h where h.dossier_id = d.id and h.since < $2::timestamptz order by h.since desc, h.id desc limit 1),
        public.procedures_local_date($2::timestamptz) > public.procedures_local_date(d.appointment_at))) as overdue
      from public.procedures_dossier d
     where d.unit_id = any($3::uuid[]) and d.received_at is not null
       and (tstzrange(d.received_at, d.finished_at, '(]') @> $1::timestamptz or tstzrange(d.received_at, d.finished_at, '(]') @> $2::timestamptz)
     group by d.field),
  g as (
    select coalesce(a.key, p.key) as key, coalesce(p.carried, 0) as carried, coalesce(a.ro, 0) as ro, coalesce(a.rd, 0) as rd, coalesce(a.rg, 0) as rg,
           coalesce(a.e, 0) as e, coalesce(a.o, 0) as o, coalesce(a.l, 0) as l, coalesce(a.x, 0) as x, coalesce(a.st, 0) as st,
           coalesce(p.open_at_end, 0) as open_at_end, coalesce(p.overdue, 0) as overdue, coalesce(a.rc, 0) as rc, coalesce(a.rs, 0) as rs
      from additive a full join pit p on p.key = a.key)
  select json_build_object(
    'total', (select json_build_object(
        'received', coalesce(sum(carried + ro + rd), 0), 'carriedOver', coalesce(sum(carried), 0), 'online', coalesce(sum(ro), 0),
        'inPersonOrPost', coalesce(sum(rd), 0), 'resolved', coalesce(sum(e + o + l), 0), 'early', coalesce(sum(e), 0),
        'onTime', coalesce(sum(o), 0), 'late', coalesce(sum(l), 0), 'stopped', coalesce(sum(st), 0),
        'inProgress', coalesce(sum(open_at_end), 0), 'overdue', coalesce(sum(overdue), 0),
        'onTimeRate', round(sum(e + o)::numeric / nullif(sum(e + o + l), 0), 4),
        'dossierDigitisationRate', round(sum(rg)::numeric / nullif(sum(ro + rd), 0), 4),
        'resultDigitisationRate', round(sum(x)::numeric / nullif(sum(e + o + l), 0), 4),
        'onlineRate', round(sum(ro)::numeric / nullif(sum(ro + rd), 0), 4),
        'ratings', coalesce(sum(rc), 0), 'averageRating', round(sum(rs)::numeric / nullif(sum(rc), 0), 2)) from g),
    'rows', (select coalesce(json_agg(json_build_object('key', key, 'received', carried + ro + rd, 'resolved', e + o + l, 'late', l) order by key), '[]') from g))
  $q$ into result
  using ((from_date::timestamp - interval '7 hours') at time zone 'UTC'), (((to_date + 1)::timestamp - interval '7 hours') at time zone 'UTC'),
        bench_pg.units_with_history(unit), from_date, to_date;
  return result;
end $fn$;

create or replace function bench_pg.camera_coverage(unit uuid) returns json
  language sql stable as $$
  with u as (select id, name, path || '%' as subtree from public.staff_unit where id = unit),
  desks as (
    select d.id, a.unit_id, exists (
        select 1 from public.cameras_device cam join public.cameras_device_health h on h.device_id = cam.id
         where cam.type = 'CAMERA' and cam.status = 'IN_SERVICE' and h.state = 'ONLINE' and coalesce(cam.watched_desk_id, cam.desk_id) = d.id) as watched
      from u, public.staff_desk d
      join public.staff_one_stop_centre c on c.id = d.centre_id and c.active
      join public.staff_agency a on a.id = c.agency_id and a.active
      join public.staff_unit du on du.id = a.unit_id
     where d.active and du.path like u.subtree),
  communes as (
    select cu.id, cu.name, exists (select 1 from desks where desks.unit_id = cu.id and desks.watched) as covered
      from u, public.staff_unit cu
     where cu.path like u.subtree and cu.level = 3
       and (cu.valid_from is null or cu.valid_from <= current_date) and (cu.valid_to is null or cu.valid_to > current_date)),
  cams as (
    select cam.id, cam.asset_tag, h.state, h.state_since
      from u, public.cameras_device cam join public.staff_unit cu on cu.id = cam.unit_id
      left join public.cameras_device_health h on h.device_id = cam.id
     where cu.path like u.subtree and cam.type = 'CAMERA' and cam.status = 'IN_SERVICE')
  select json_build_object(
    'unit', (select name from u),
    'desks', (select json_build_object('covered', count(*) filter (where watched), 'total', count(*)) from desks),
    'communes', (select json_build_object('covered', count(*) filter (where covered), 'total', count(*)) from communes),
    'uncoveredCommunes', (select coalesce(json_agg(name order by name), '[]') from communes where not covered),
    'camerasInService', (select count(*) from cams),
    'camerasOnline', (select count(*) filter (where state = 'ONLINE') from cams),
    'offlineCameras', (select coalesce(json_agg(json_build_object('assetTag', asset_tag, 'offlineSeconds', extract(epoch from now() - state_since)::int)
                        order by state_since, asset_tag), '[]') from (select * from cams where state = 'OFFLINE' order by state_since, asset_tag limit 100) o),
    'outOfWarrantyCount', (select count(*) from u, public.cameras_device dv join public.staff_unit du on du.id = dv.unit_id
                            where du.path like u.subtree and dv.status <> 'RETIRED' and dv.warranty_ends_on < current_date))
$$;

create or replace function bench_pg.lookup_timeline(code text) returns json
  language sql stable as $$
  select json_build_object('code', d.code, 'status', d.status, 'appointmentAt', d.appointment_at,
    'timeline', (select coalesce(json_agg(json_build_object('seq', s.seq, 'action', s.action, 'status', s.to_status, 'at', s.given_at,
        'place', case when s.to_department_id is not null then coalesce(dp.name, '') || ' - ' || coalesce(ag.name, '') else ag.name end) order by s.seq), '[]')
      from public.procedures_dossier_step s
      left join public.staff_agency ag on ag.id = s.to_agency_id
      left join public.staff_department dp on dp.id = s.to_department_id
     where s.dossier_id = d.id))
    from public.procedures_dossier d where d.code = lookup_timeline.code
$$;

comment on function bench_pg.units_with_history(uuid) is E'@omit';
`;

export async function installBenchPg(client: Client): Promise<void> {
  await client.query(BENCH_PG_SQL);
}
