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
];
// The daily rebuild as defined by Migration20261205200000_procedures_competent_agency.
const REBUILD_DAILY = `delete from procedures_daily_stat;
        insert into procedures_daily_stat (day, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id,
            received_online, received_direct, received_digitised,
            resolved_early, resolved_on_time, resolved_late, resolved_digitised, stopped, rating_count, rating_sum)
          select day, cu, ca, field, ru, ra, sum(ro), sum(rd), sum(rg), sum(e), sum(o), sum(l), sum(x), sum(s), sum(rc), sum(rs)
            from (
              select procedures_local_date(received_at) as day, competent_unit_id as cu, competent_agency_id as ca, field, unit_id as ru, agency_id as ra,
                     (channel = 'ONLINE')::int as ro, (channel <> 'ONLINE')::int as rd, components_digitised::int as rg, 0 as e, 0 as o, 0 as l, 0 as x, 0 as s, 0 as rc, 0 as rs
                from procedures_dossier where received_at is not null
              union all
              select procedures_local_date(resolved_at), competent_unit_id, competent_agency_id, field, unit_id, agency_id, 0, 0, 0,
                     (timeliness = 'EARLY')::int, (timeliness = 'ON_TIME')::int, (timeliness = 'LATE')::int, coalesce(result_digitised, false)::int, 0, 0, 0
                from procedures_dossier where resolved_at is not null and received_at is not null
              union all
              select procedures_local_date(ended_at), competent_unit_id, competent_agency_id, field, unit_id, agency_id, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0
                from procedures_dossier where ended_at is not null and received_at is not null
              union all
              select procedures_local_date(rated_at), coalesce(competent_unit_id, unit_id), coalesce(competent_agency_id, agency_id), field, unit_id, agency_id,
                     0, 0, 0, 0, 0, 0, 0, 0, 1, rating
                from procedures_rating
            ) x group by day, cu, ca, field, ru, ra;`;
const KEY = 'unit_id, month, agency_id, field, receiving_unit_id, receiving_agency_id';

/**
 * A monthly roll-up beside the daily one, so that a long period is a sum over months (a province's
 * year: ≈ 11,000 rows instead of ≈ 164,000 on the benchmark data).
 *
 * - procedures_monthly_stat: the daily roll-up's rows summed per local calendar month (`month` is
 *   the month's first day), same key otherwise. Kept by a trigger on procedures_daily_stat itself,
 *   in the same transaction: whatever writes the daily roll-up (the dossier and rating triggers)
 *   moves the month with it, so the two never disagree.
 * - procedures_rebuild_daily_stats() rebuilds both (the month trigger is switched off for the
 *   rebuild's bulk statements by a transaction-local setting, and the months are summed afterwards).
 * - procedures_period_stat(from, to): the public reading of a period (local dates, inclusive): the
 *   whole months inside it from the monthly roll-up, the days before the first whole month and after
 *   the last from the daily one. The same rows a sum over the daily roll-up would give, summed
 *   coarser. An inlinable SQL function: a caller's filters (unit_id = any(…), agency_id = …) reach
 *   each branch's index.
 */
export class Migration20261206080000_procedures_monthly_stat extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table procedures_monthly_stat (
      month date not null check (extract(day from month) = 1),
      unit_id uuid not null, agency_id uuid not null, field text not null,
      receiving_unit_id uuid not null, receiving_agency_id uuid not null,
      field_key text generated always as (core_search_key(field)) stored,
      ${COUNTERS.map((c) => `${c} int not null default 0`).join(', ')},
      primary key (${KEY}))`);
    this.addSql(
      `create index procedures_monthly_stat_agency_idx on procedures_monthly_stat (agency_id, month)`,
    );
    this.addSql(
      `create index procedures_monthly_stat_receiving_idx on procedures_monthly_stat (receiving_unit_id, month)`,
    );

    // Adds a daily row's counters (sign 1) or takes them away (sign -1) from its month.
    this
      .addSql(`create or replace function procedures_monthly_stat_add(r procedures_daily_stat, sign int) returns void
      language sql as $$
      insert into procedures_monthly_stat as m (month, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id,
          ${COUNTERS.join(', ')})
      values (date_trunc('month', r.day)::date, r.unit_id, r.agency_id, r.field, r.receiving_unit_id, r.receiving_agency_id,
          ${COUNTERS.map((c) => `sign * r.${c}`).join(', ')})
      on conflict (${KEY}) do update set
          ${COUNTERS.map((c) => `${c} = m.${c} + excluded.${c}`).join(', ')} $$`);
    this
      .addSql(`create or replace function procedures_monthly_stat_trigger() returns trigger language plpgsql as $$
      declare
        delta procedures_daily_stat;
      begin
        if current_setting('procedures.rebuilding_stats', true) = 'on' then
          return null;
        end if;
        if tg_op = 'UPDATE' and date_trunc('month', old.day) = date_trunc('month', new.day) and old.unit_id = new.unit_id
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
    this
      .addSql(`create trigger procedures_daily_stat_month after insert or update or delete on procedures_daily_stat
      for each row execute function procedures_monthly_stat_trigger()`);

    this.addSql(`create or replace function procedures_rebuild_monthly_stats() returns void language sql as $$
      delete from procedures_monthly_stat;
      insert into procedures_monthly_stat (month, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id, ${COUNTERS.join(', ')})
        select date_trunc('month', day)::date, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id,
               ${COUNTERS.map((c) => `sum(${c})`).join(', ')}
          from procedures_daily_stat group by 1, 2, 3, 4, 5, 6 $$`);
    // The daily rebuild as before (Migration20261205200000_procedures_competent_agency), then the months.
    this
      .addSql(`create or replace function procedures_rebuild_daily_stats() returns void language plpgsql as $$
      begin
        perform set_config('procedures.rebuilding_stats', 'on', true);
        ${REBUILD_DAILY}
        perform set_config('procedures.rebuilding_stats', 'off', true);
        perform procedures_rebuild_monthly_stats();
      end $$`);
    this.addSql(`select procedures_rebuild_monthly_stats()`);
    this.addSql(`analyze procedures_monthly_stat`);

    // The first day of the first whole month that starts on or after a day.
    this
      .addSql(`create or replace function procedures_month_from(d date) returns date language sql immutable as $$
      select case when extract(day from d) = 1 then d else (date_trunc('month', d) + interval '1 month')::date end $$`);
    const columns = `unit_id, agency_id, receiving_unit_id, receiving_agency_id, field, field_key, ${COUNTERS.join(', ')}`;
    // Three branches: the days before the first whole month, the whole months, the days after the
    // last whole month. Each branch's bounds are constants once inlined; an empty branch is cut by
    // its one-time condition before it reads anything.
    this.addSql(`create or replace function procedures_period_stat(p_from date, p_to date)
      returns table (unit_id uuid, agency_id uuid, receiving_unit_id uuid, receiving_agency_id uuid, field text, field_key text,
        ${COUNTERS.map((c) => `${c} int`).join(', ')})
      language sql stable as $$
        select ${columns} from procedures_daily_stat d
         where p_from < least(procedures_month_from(p_from), p_to + 1)
           and d.day >= p_from and d.day < least(procedures_month_from(p_from), p_to + 1)
        union all
        select ${columns} from procedures_monthly_stat m
         where procedures_month_from(p_from) < date_trunc('month', p_to + 1)::date
           and m.month >= procedures_month_from(p_from) and m.month < date_trunc('month', p_to + 1)::date
        union all
        select ${columns} from procedures_daily_stat d
         where greatest(procedures_month_from(p_from), date_trunc('month', p_to + 1)::date) <= p_to
           and d.day >= greatest(procedures_month_from(p_from), date_trunc('month', p_to + 1)::date) and d.day <= p_to
      $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists procedures_period_stat(date, date)`);
    this.addSql(`drop function if exists procedures_month_from(date)`);
    this.addSql(`drop trigger if exists procedures_daily_stat_month on procedures_daily_stat`);
    this.addSql(`drop function if exists procedures_monthly_stat_trigger()`);
    this.addSql(`drop function if exists procedures_monthly_stat_add(procedures_daily_stat, int)`);
    this
      .addSql(`create or replace function procedures_rebuild_daily_stats() returns void language plpgsql as $$
      begin
        ${REBUILD_DAILY}
      end $$`);
    this.addSql(`drop function if exists procedures_rebuild_monthly_stats()`);
    this.addSql(`drop table if exists procedures_monthly_stat`);
  }
}
