import { Migration } from '@mikro-orm/migrations';

const COUNTERS = [
  'received_online',
  'received_direct',
  'received_digitised',
  'resolved_early',
  'resolved_on_time',
  'resolved_late',
  'resolved_digitised',
  'stopped',
  'rating_count',
  'rating_sum',
  'rating_dissatisfied',
];
const DAY_KEY = 'unit_id, day, agency_id, field, receiving_unit_id, receiving_agency_id';
const MONTH_KEY = 'unit_id, month, agency_id, field, receiving_unit_id, receiving_agency_id';

/**
 * The dissatisfied ratings (grades 1–2 of 5) as a counter of the roll-ups, `rating_dissatisfied`, per
 * rating day like `rating_count`: a period's satisfaction criterion (QĐ 766, 5.3) is then a sum in the
 * same statement as the other counters, instead of a count over the period's ratings.
 *
 * Redefines what writes the roll-ups (the rating trigger's apply function, the month trigger, both
 * rebuilds) with the new counter, fills it for the existing ratings (the month trigger carries it to
 * the monthly roll-up), and re-creates procedures_period_stat and procedures_daily_stat_v with it.
 * Month arithmetic moves to timestamps without time zone (date_trunc on a date went through
 * timestamptz: stable, and the session's TimeZone).
 */
export class Migration20261206091000_procedures_dissatisfied_stat extends Migration {
  override async up(): Promise<void> {
    // Idempotent (if not exists / if exists): a draft of this migration ran on the shared benchmark database.
    this.addSql(
      `alter table procedures_daily_stat add column if not exists rating_dissatisfied int not null default 0`,
    );
    this.addSql(
      `alter table procedures_monthly_stat add column if not exists rating_dissatisfied int not null default 0`,
    );

    this
      .addSql(`create or replace function procedures_rating_stat_apply(r procedures_rating, sign int) returns void language sql as $$
      insert into procedures_daily_stat as s (day, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id,
          rating_count, rating_sum, rating_dissatisfied)
      values (procedures_local_date(r.rated_at), coalesce(r.competent_unit_id, r.unit_id), coalesce(r.competent_agency_id, r.agency_id),
              r.field, r.unit_id, r.agency_id, sign, sign * r.rating, case when r.rating <= 2 then sign else 0 end)
      on conflict (${DAY_KEY}) do update set
        rating_count = s.rating_count + excluded.rating_count, rating_sum = s.rating_sum + excluded.rating_sum,
        rating_dissatisfied = s.rating_dissatisfied + excluded.rating_dissatisfied $$`);

    this
      .addSql(`create or replace function procedures_monthly_stat_add(r procedures_daily_stat, sign int) returns void
      language sql as $$
      insert into procedures_monthly_stat as m (month, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id,
          ${COUNTERS.join(', ')})
      values (date_trunc('month', r.day::timestamp)::date, r.unit_id, r.agency_id, r.field, r.receiving_unit_id, r.receiving_agency_id,
          ${COUNTERS.map((c) => `sign * r.${c}`).join(', ')})
      on conflict (${MONTH_KEY}) do update set
          ${COUNTERS.map((c) => `${c} = m.${c} + excluded.${c}`).join(', ')} $$`);
    this
      .addSql(`create or replace function procedures_monthly_stat_trigger() returns trigger language plpgsql as $$
      declare
        delta procedures_daily_stat;
      begin
        if current_setting('procedures.rebuilding_stats', true) = 'on' then
          return null;
        end if;
        if tg_op = 'UPDATE' and date_trunc('month', old.day::timestamp) = date_trunc('month', new.day::timestamp) and old.unit_id = new.unit_id
            and old.agency_id = new.agency_id and old.field = new.field and old.receiving_unit_id = new.receiving_unit_id
            and old.receiving_agency_id = new.receiving_agency_id then
          -- The usual case (a counter moved on the same row): one write of the difference.
          delta := new;
          ${COUNTERS.map((c) => `delta.${c} := new.${c} - old.${c};`).join('\n          ')}
          perform procedures_monthly_stat_add(delta, 1);
          return null;
        end if;
        if tg_op in ('UPDATE', 'DELETE') then
          perform procedures_monthly_stat_add(old, -1);
        end if;
        if tg_op in ('UPDATE', 'INSERT') then
          perform procedures_monthly_stat_add(new, 1);
        end if;
        return null;
      end $$`);
    this.addSql(`create or replace function procedures_rebuild_monthly_stats() returns void language sql as $$
      delete from procedures_monthly_stat;
      insert into procedures_monthly_stat (month, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id, ${COUNTERS.join(', ')})
        select date_trunc('month', day::timestamp)::date, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id,
               ${COUNTERS.map((c) => `sum(${c})`).join(', ')}
          from procedures_daily_stat group by 1, 2, 3, 4, 5, 6 $$`);
    this
      .addSql(`create or replace function procedures_rebuild_daily_stats() returns void language plpgsql as $$
      begin
        perform set_config('procedures.rebuilding_stats', 'on', true);
        delete from procedures_daily_stat;
        insert into procedures_daily_stat (day, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id,
            received_online, received_direct, received_digitised,
            resolved_early, resolved_on_time, resolved_late, resolved_digitised, stopped, rating_count, rating_sum, rating_dissatisfied)
          select day, cu, ca, field, ru, ra, sum(ro), sum(rd), sum(rg), sum(e), sum(o), sum(l), sum(x), sum(s), sum(rc), sum(rs), sum(rl)
            from (
              select procedures_local_date(received_at) as day, competent_unit_id as cu, competent_agency_id as ca, field, unit_id as ru, agency_id as ra,
                     (channel = 'ONLINE')::int as ro, (channel <> 'ONLINE')::int as rd, components_digitised::int as rg, 0 as e, 0 as o, 0 as l, 0 as x, 0 as s,
                     0 as rc, 0 as rs, 0 as rl
                from procedures_dossier where received_at is not null
              union all
              select procedures_local_date(resolved_at), competent_unit_id, competent_agency_id, field, unit_id, agency_id, 0, 0, 0,
                     (timeliness = 'EARLY')::int, (timeliness = 'ON_TIME')::int, (timeliness = 'LATE')::int, coalesce(result_digitised, false)::int, 0, 0, 0, 0
                from procedures_dossier where resolved_at is not null and received_at is not null
              union all
              select procedures_local_date(ended_at), competent_unit_id, competent_agency_id, field, unit_id, agency_id, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0
                from procedures_dossier where ended_at is not null and received_at is not null
              union all
              select procedures_local_date(rated_at), coalesce(competent_unit_id, unit_id), coalesce(competent_agency_id, agency_id), field, unit_id, agency_id,
                     0, 0, 0, 0, 0, 0, 0, 0, 1, rating, (rating <= 2)::int
                from procedures_rating
            ) x group by day, cu, ca, field, ru, ra;
        perform set_config('procedures.rebuilding_stats', 'off', true);
        perform procedures_rebuild_monthly_stats();
      end $$`);

    // The existing ratings: only the roll-up rows with a dissatisfied rating change (the month trigger
    // carries each change to the monthly roll-up).
    this.addSql(`update procedures_daily_stat s set rating_dissatisfied = x.n
      from (select procedures_local_date(rated_at) as day, coalesce(competent_unit_id, unit_id) as unit_id,
                   coalesce(competent_agency_id, agency_id) as agency_id, field, unit_id as receiving_unit_id,
                   agency_id as receiving_agency_id, count(*)::int as n
              from procedures_rating where rating <= 2 group by 1, 2, 3, 4, 5, 6) x
     where (s.unit_id, s.day, s.agency_id, s.field, s.receiving_unit_id, s.receiving_agency_id)
         = (x.unit_id, x.day, x.agency_id, x.field, x.receiving_unit_id, x.receiving_agency_id)`);

    this.addSql(`create or replace view procedures_daily_stat_v as
      select day, unit_id, agency_id, receiving_unit_id, receiving_agency_id, field, field_key, received_online, received_direct, received_digitised,
             resolved_early, resolved_on_time, resolved_late, resolved_digitised, stopped, rating_count, rating_sum, rating_dissatisfied
        from procedures_daily_stat`);
    // Months as calendar arithmetic on timestamps without time zone (immutable, whatever the session's
    // TimeZone), so that procedures_month_from is inlined and folded into each branch's bounds.
    this
      .addSql(`create or replace function procedures_month_from(d date) returns date language sql immutable as $$
      select case when extract(day from d) = 1 then d else (date_trunc('month', d::timestamp) + interval '1 month')::date end $$`);
    const columns = `unit_id, agency_id, receiving_unit_id, receiving_agency_id, field, field_key, ${COUNTERS.join(', ')}`;
    this.addSql(`drop function if exists procedures_period_stat(date, date)`);
    this.addSql(`create function procedures_period_stat(p_from date, p_to date)
      returns table (unit_id uuid, agency_id uuid, receiving_unit_id uuid, receiving_agency_id uuid, field text, field_key text,
        ${COUNTERS.map((c) => `${c} int`).join(', ')})
      language sql stable as $$
        select ${columns} from procedures_daily_stat d
         where p_from < least(procedures_month_from(p_from), p_to + 1)
           and d.day >= p_from and d.day < least(procedures_month_from(p_from), p_to + 1)
        union all
        select ${columns} from procedures_monthly_stat m
         where procedures_month_from(p_from) < date_trunc('month', (p_to + 1)::timestamp)::date
           and m.month >= procedures_month_from(p_from) and m.month < date_trunc('month', (p_to + 1)::timestamp)::date
        union all
        select ${columns} from procedures_daily_stat d
         where greatest(procedures_month_from(p_from), date_trunc('month', (p_to + 1)::timestamp)::date) <= p_to
           and d.day >= greatest(procedures_month_from(p_from), date_trunc('month', (p_to + 1)::timestamp)::date) and d.day <= p_to
      $$`);
  }
}
