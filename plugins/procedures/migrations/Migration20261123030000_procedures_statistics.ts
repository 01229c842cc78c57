import { Migration } from '@mikro-orm/migrations';

/**
 * Statistics at province scale (a million dossiers a year answered in well under a second):
 *
 * - procedures_daily_stat: per local day, unit, agency and field, the additive counters of Biểu
 *   II.06a (received online / in person or by post / digitised; resolved early / on time / late /
 *   with a digitised result; stopped). Kept by a trigger on procedures_dossier, in the same
 *   transaction as the change, so it is never stale; procedures_rebuild_daily_stats() recomputes it.
 *   A period's additive counters are a sum over at most days x agencies x fields small rows.
 * - A GiST index on the interval each dossier was open, (received_at, finished_at], finds the
 *   dossiers open at an instant (carried over at the start, in progress at the end) without
 *   scanning the period.
 * - Ratings carry their dossier's field and are rolled up (count and sum per rating day) the same way.
 */
export class Migration20261123030000_procedures_statistics extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table procedures_daily_stat (
      day date not null, unit_id uuid not null, agency_id uuid not null, field text not null,
      field_key text generated always as (core_search_key(field)) stored,
      received_online int not null default 0, received_direct int not null default 0, received_digitised int not null default 0,
      resolved_early int not null default 0, resolved_on_time int not null default 0, resolved_late int not null default 0,
      resolved_digitised int not null default 0, stopped int not null default 0,
      rating_count int not null default 0, rating_sum int not null default 0,
      primary key (unit_id, day, agency_id, field))`);
    this.addSql(`create index procedures_daily_stat_agency_idx on procedures_daily_stat (agency_id, day)`);
    this.addSql(`alter table procedures_rating add column field text null`);
    this.addSql(
      `update procedures_rating r set field = d.field from procedures_dossier d where d.id = r.dossier_id`,
    );
    this.addSql(`alter table procedures_rating alter column field set not null`);

    // Adds (sign 1) or removes (sign -1) the parts of a dossier's contribution that differ from `other`.
    this
      .addSql(`create or replace function procedures_daily_stat_apply(r procedures_dossier, other procedures_dossier, sign int) returns void
      language plpgsql as $$
      begin
        if r.received_at is not null and (other is null or other.received_at is null
            or procedures_local_date(other.received_at) <> procedures_local_date(r.received_at) or other.unit_id <> r.unit_id or other.agency_id <> r.agency_id
            or other.field <> r.field or other.channel <> r.channel or other.components_digitised <> r.components_digitised) then
          insert into procedures_daily_stat as s (day, unit_id, agency_id, field, received_online, received_direct, received_digitised)
          values (procedures_local_date(r.received_at), r.unit_id, r.agency_id, r.field,
                  case when r.channel = 'ONLINE' then sign else 0 end, case when r.channel <> 'ONLINE' then sign else 0 end,
                  case when r.components_digitised then sign else 0 end)
          on conflict (unit_id, day, agency_id, field) do update set
            received_online = s.received_online + excluded.received_online, received_direct = s.received_direct + excluded.received_direct,
            received_digitised = s.received_digitised + excluded.received_digitised;
        end if;
        if r.resolved_at is not null and r.received_at is not null and (other is null or other.resolved_at is null or other.received_at is null
            or procedures_local_date(other.resolved_at) <> procedures_local_date(r.resolved_at) or other.unit_id <> r.unit_id or other.agency_id <> r.agency_id
            or other.field <> r.field or other.timeliness is distinct from r.timeliness or other.result_digitised is distinct from r.result_digitised) then
          insert into procedures_daily_stat as s (day, unit_id, agency_id, field, resolved_early, resolved_on_time, resolved_late, resolved_digitised)
          values (procedures_local_date(r.resolved_at), r.unit_id, r.agency_id, r.field,
                  case when r.timeliness = 'EARLY' then sign else 0 end, case when r.timeliness = 'ON_TIME' then sign else 0 end,
                  case when r.timeliness = 'LATE' then sign else 0 end, case when r.result_digitised then sign else 0 end)
          on conflict (unit_id, day, agency_id, field) do update set
            resolved_early = s.resolved_early + excluded.resolved_early, resolved_on_time = s.resolved_on_time + excluded.resolved_on_time,
            resolved_late = s.resolved_late + excluded.resolved_late, resolved_digitised = s.resolved_digitised + excluded.resolved_digitised;
        end if;
        if r.ended_at is not null and r.received_at is not null and (other is null or other.ended_at is null or other.received_at is null
            or procedures_local_date(other.ended_at) <> procedures_local_date(r.ended_at) or other.unit_id <> r.unit_id or other.agency_id <> r.agency_id
            or other.field <> r.field) then
          insert into procedures_daily_stat as s (day, unit_id, agency_id, field, stopped)
          values (procedures_local_date(r.ended_at), r.unit_id, r.agency_id, r.field, sign)
          on conflict (unit_id, day, agency_id, field) do update set stopped = s.stopped + excluded.stopped;
        end if;
      end $$`);
    this
      .addSql(`create or replace function procedures_dossier_stats_trigger() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          perform procedures_daily_stat_apply(new, null, 1);
        elsif tg_op = 'DELETE' then
          perform procedures_daily_stat_apply(old, null, -1);
        else
          perform procedures_daily_stat_apply(old, new, -1);
          perform procedures_daily_stat_apply(new, old, 1);
        end if;
        return null;
      end $$`);
    this.addSql(`create trigger procedures_dossier_stats after insert or delete or update of
        received_at, resolved_at, ended_at, timeliness, channel, components_digitised, result_digitised, unit_id, agency_id, field
      on procedures_dossier for each row execute function procedures_dossier_stats_trigger()`);
    this.addSql(`create or replace function procedures_rebuild_daily_stats() returns void language sql as $$
      delete from procedures_daily_stat;
      insert into procedures_daily_stat (day, unit_id, agency_id, field, received_online, received_direct, received_digitised,
          resolved_early, resolved_on_time, resolved_late, resolved_digitised, stopped, rating_count, rating_sum)
        select day, unit_id, agency_id, field, sum(ro), sum(rd), sum(rg), sum(e), sum(o), sum(l), sum(x), sum(s), sum(rc), sum(rs)
          from (
            select procedures_local_date(received_at) as day, unit_id, agency_id, field,
                   (channel = 'ONLINE')::int as ro, (channel <> 'ONLINE')::int as rd, components_digitised::int as rg, 0 as e, 0 as o, 0 as l, 0 as x, 0 as s, 0 as rc, 0 as rs
              from procedures_dossier where received_at is not null
            union all
            select procedures_local_date(resolved_at), unit_id, agency_id, field, 0, 0, 0,
                   (timeliness = 'EARLY')::int, (timeliness = 'ON_TIME')::int, (timeliness = 'LATE')::int, coalesce(result_digitised, false)::int, 0, 0, 0
              from procedures_dossier where resolved_at is not null and received_at is not null
            union all
            select procedures_local_date(ended_at), unit_id, agency_id, field, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0
              from procedures_dossier where ended_at is not null and received_at is not null
            union all
            select procedures_local_date(rated_at), unit_id, agency_id, field, 0, 0, 0, 0, 0, 0, 0, 0, 1, rating
              from procedures_rating
          ) x group by day, unit_id, agency_id, field $$`);

    // Dossiers open at an instant X: received_at < X <= finished_at (or not finished).
    this.addSql(`create index procedures_dossier_open_interval_idx on procedures_dossier
      using gist (tstzrange(received_at, finished_at, '(]')) where received_at is not null`);

    this
      .addSql(`create or replace function procedures_rating_stat_apply(r procedures_rating, sign int) returns void language sql as $$
      insert into procedures_daily_stat as s (day, unit_id, agency_id, field, rating_count, rating_sum)
      values (procedures_local_date(r.rated_at), r.unit_id, r.agency_id, r.field, sign, sign * r.rating)
      on conflict (unit_id, day, agency_id, field) do update set rating_count = s.rating_count + excluded.rating_count, rating_sum = s.rating_sum + excluded.rating_sum $$`);
    this
      .addSql(`create or replace function procedures_rating_stats_trigger() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then perform procedures_rating_stat_apply(old, -1); end if;
        if tg_op in ('UPDATE', 'INSERT') then perform procedures_rating_stat_apply(new, 1); end if;
        return null;
      end $$`);
    this.addSql(`create trigger procedures_rating_stats after insert or delete or update on procedures_rating
      for each row execute function procedures_rating_stats_trigger()`);
    this.addSql(`select procedures_rebuild_daily_stats()`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists procedures_rating_stats on procedures_rating`);
    this.addSql(`drop function if exists procedures_rating_stats_trigger()`);
    this.addSql(`drop function if exists procedures_rating_stat_apply(procedures_rating, int)`);
    this.addSql(`alter table procedures_rating drop column if exists field`);
    this.addSql(`drop index if exists procedures_dossier_open_interval_idx`);
    this.addSql(`drop trigger if exists procedures_dossier_stats on procedures_dossier`);
    this.addSql(`drop function if exists procedures_rebuild_daily_stats()`);
    this.addSql(`drop function if exists procedures_dossier_stats_trigger()`);
    this.addSql(
      `drop function if exists procedures_daily_stat_apply(procedures_dossier, procedures_dossier, int)`,
    );
    this.addSql(`drop table if exists procedures_daily_stat`);
  }
}
