import { Migration } from '@mikro-orm/migrations';

/**
 * The competent agency (cơ quan có thẩm quyền giải quyết) beside the receiving agency.
 *
 * - procedures_dossier.competent_agency_id / competent_unit_id: who resolves the dossier. Existing
 *   dossiers were received by the agency that resolves them (the platform had no other case), so
 *   they take the receiving agency. A row inserted without them (bulk loads, tests arranging rows)
 *   gets the receiving agency too, by a BEFORE trigger: "received where it is resolved".
 * - procedures_procedure_version.resolving_agency_ids: the agencies a procedure names as resolving it.
 * - procedures_daily_stat: the roll-up is kept by the competent unit and agency (unit_id,
 *   agency_id), as Biểu II.06a counts a dossier at the agency that directly resolves it, and also by
 *   the receiving unit and agency, so that the desk's view remains a grouping of the same table.
 */
export class Migration20261205200000_procedures_competent_agency extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table procedures_procedure_version
      add column resolving_agency_ids uuid[] not null default '{}'`);
    this.addSql(`alter table procedures_dossier add column competent_agency_id uuid null,
      add column competent_unit_id uuid null`);
    // The statistics trigger fires on updates of the columns it reads, not on these new ones.
    this.addSql(`update procedures_dossier set competent_agency_id = agency_id, competent_unit_id = unit_id`);
    this.addSql(`alter table procedures_dossier alter column competent_agency_id set not null,
      alter column competent_unit_id set not null`);
    this.addSql(`create index procedures_dossier_competent_idx on procedures_dossier (competent_agency_id)`);
    this.addSql(`create or replace function procedures_dossier_competent_default() returns trigger
      language plpgsql as $$
      begin
        if new.competent_agency_id is null then
          new.competent_agency_id := new.agency_id;
          new.competent_unit_id := new.unit_id;
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger procedures_dossier_competent_default before insert on procedures_dossier
      for each row execute function procedures_dossier_competent_default()`);
    // The competent agency reads the dossier like any agency that held it.
    this.addSql(`update procedures_dossier set
        involved_agency_ids = case when competent_agency_id = any(involved_agency_ids) then involved_agency_ids
                                   else involved_agency_ids || competent_agency_id end,
        involved_unit_ids = case when competent_unit_id = any(involved_unit_ids) then involved_unit_ids
                                 else involved_unit_ids || competent_unit_id end`);

    // The roll-up: (unit_id, agency_id) become the competent ones; the receiving ones join the key.
    this.addSql(`alter table procedures_daily_stat add column receiving_unit_id uuid null,
      add column receiving_agency_id uuid null`);
    this.addSql(
      `update procedures_daily_stat set receiving_unit_id = unit_id, receiving_agency_id = agency_id`,
    );
    this.addSql(`alter table procedures_daily_stat alter column receiving_unit_id set not null,
      alter column receiving_agency_id set not null`);
    this.addSql(`alter table procedures_daily_stat drop constraint procedures_daily_stat_pkey`);
    this.addSql(`alter table procedures_daily_stat add primary key
      (unit_id, day, agency_id, field, receiving_unit_id, receiving_agency_id)`);
    this.addSql(
      `create index procedures_daily_stat_receiving_idx on procedures_daily_stat (receiving_unit_id, day)`,
    );
    this.addSql(`alter table procedures_rating add column competent_unit_id uuid null,
      add column competent_agency_id uuid null`);
    this.addSql(`update procedures_rating r set competent_unit_id = d.competent_unit_id,
      competent_agency_id = d.competent_agency_id from procedures_dossier d where d.id = r.dossier_id`);

    this
      .addSql(`create or replace function procedures_daily_stat_apply(r procedures_dossier, other procedures_dossier, sign int) returns void
      language plpgsql as $$
      declare
        moved boolean := other is null or other.unit_id <> r.unit_id or other.agency_id <> r.agency_id
          or other.competent_unit_id <> r.competent_unit_id or other.competent_agency_id <> r.competent_agency_id
          or other.field <> r.field;
      begin
        if r.received_at is not null and (moved or other.received_at is null
            or procedures_local_date(other.received_at) <> procedures_local_date(r.received_at)
            or other.channel <> r.channel or other.components_digitised <> r.components_digitised) then
          insert into procedures_daily_stat as s (day, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id,
              received_online, received_direct, received_digitised)
          values (procedures_local_date(r.received_at), r.competent_unit_id, r.competent_agency_id, r.field, r.unit_id, r.agency_id,
                  case when r.channel = 'ONLINE' then sign else 0 end, case when r.channel <> 'ONLINE' then sign else 0 end,
                  case when r.components_digitised then sign else 0 end)
          on conflict (unit_id, day, agency_id, field, receiving_unit_id, receiving_agency_id) do update set
            received_online = s.received_online + excluded.received_online, received_direct = s.received_direct + excluded.received_direct,
            received_digitised = s.received_digitised + excluded.received_digitised;
        end if;
        if r.resolved_at is not null and r.received_at is not null and (moved or other.resolved_at is null or other.received_at is null
            or procedures_local_date(other.resolved_at) <> procedures_local_date(r.resolved_at)
            or other.timeliness is distinct from r.timeliness or other.result_digitised is distinct from r.result_digitised) then
          insert into procedures_daily_stat as s (day, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id,
              resolved_early, resolved_on_time, resolved_late, resolved_digitised)
          values (procedures_local_date(r.resolved_at), r.competent_unit_id, r.competent_agency_id, r.field, r.unit_id, r.agency_id,
                  case when r.timeliness = 'EARLY' then sign else 0 end, case when r.timeliness = 'ON_TIME' then sign else 0 end,
                  case when r.timeliness = 'LATE' then sign else 0 end, case when r.result_digitised then sign else 0 end)
          on conflict (unit_id, day, agency_id, field, receiving_unit_id, receiving_agency_id) do update set
            resolved_early = s.resolved_early + excluded.resolved_early, resolved_on_time = s.resolved_on_time + excluded.resolved_on_time,
            resolved_late = s.resolved_late + excluded.resolved_late, resolved_digitised = s.resolved_digitised + excluded.resolved_digitised;
        end if;
        if r.ended_at is not null and r.received_at is not null and (moved or other.ended_at is null or other.received_at is null
            or procedures_local_date(other.ended_at) <> procedures_local_date(r.ended_at)) then
          insert into procedures_daily_stat as s (day, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id, stopped)
          values (procedures_local_date(r.ended_at), r.competent_unit_id, r.competent_agency_id, r.field, r.unit_id, r.agency_id, sign)
          on conflict (unit_id, day, agency_id, field, receiving_unit_id, receiving_agency_id) do update set stopped = s.stopped + excluded.stopped;
        end if;
      end $$`);
    this.addSql(`drop trigger procedures_dossier_stats on procedures_dossier`);
    this.addSql(`create trigger procedures_dossier_stats after insert or delete or update of
        received_at, resolved_at, ended_at, timeliness, channel, components_digitised, result_digitised, unit_id, agency_id,
        competent_unit_id, competent_agency_id, field
      on procedures_dossier for each row execute function procedures_dossier_stats_trigger()`);
    this
      .addSql(`create or replace function procedures_rating_stat_apply(r procedures_rating, sign int) returns void language sql as $$
      insert into procedures_daily_stat as s (day, unit_id, agency_id, field, receiving_unit_id, receiving_agency_id, rating_count, rating_sum)
      values (procedures_local_date(r.rated_at), coalesce(r.competent_unit_id, r.unit_id), coalesce(r.competent_agency_id, r.agency_id),
              r.field, r.unit_id, r.agency_id, sign, sign * r.rating)
      on conflict (unit_id, day, agency_id, field, receiving_unit_id, receiving_agency_id) do update set
        rating_count = s.rating_count + excluded.rating_count, rating_sum = s.rating_sum + excluded.rating_sum $$`);
    // A rating inserted without its dossier's competent agency (bulk loads) takes it from the dossier.
    this
      .addSql(`create or replace function procedures_rating_competent_default() returns trigger language plpgsql as $$
      begin
        if new.competent_agency_id is null then
          select d.competent_unit_id, d.competent_agency_id into new.competent_unit_id, new.competent_agency_id
            from procedures_dossier d where d.id = new.dossier_id;
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger procedures_rating_competent_default before insert on procedures_rating
      for each row execute function procedures_rating_competent_default()`);
    this.addSql(`create or replace function procedures_rebuild_daily_stats() returns void language sql as $$
      delete from procedures_daily_stat;
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
          ) x group by day, cu, ca, field, ru, ra $$`);
    this.addSql(`select procedures_rebuild_daily_stats()`);
  }
}
