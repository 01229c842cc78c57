import type { Client } from 'pg';

/** Settings every generator reads. */
export interface GenSettings {
  scale: number;
  /** Last day of the generated history (local date, 'YYYY-MM-DD'); dossiers cover the 3 years before it. */
  endDate: string;
  reformDate: string;
  counts: {
    officials: number;
    devices: number;
    mailboxes: number;
    documents: number;
    dossiers: number;
  };
}

export interface Step {
  /** Table (or group) it fills, as printed. */
  table: string;
  /** Phase of the schedule (default 1); steps of one phase run in their lanes at the same time. */
  phase?: number;
  /** Lane within the phase (default 1): each lane has its own connection (2 cores, 2 lanes). */
  lane?: number;
  /** Runs only when its table exists (a plugin still being written). */
  optional?: boolean;
  run(client: Client): Promise<number | null | void>;
}

/** Helper schema for the generators; dropped at the end. */
export const GEN = 'bench_gen';

/** Deterministic pseudo-random numbers in SQL: hash of the row number and a salt, never negative. */
export const HELPERS = `
  create schema if not exists ${GEN};
  create or replace function ${GEN}.h(n bigint, salt int) returns bigint language sql immutable parallel safe
    as $$ select hashint8extended(n, salt) & 9223372036854775807 $$;
  create or replace function ${GEN}.pick(arr text[], n bigint, salt int) returns text language sql immutable parallel safe
    as $$ select arr[1 + (hashint8extended(n, salt) & 9223372036854775807) % cardinality(arr)] $$;
  create or replace function ${GEN}.local_ts(d date, minutes int) returns timestamptz language sql immutable parallel safe
    as $$ select ((d::timestamp + make_interval(mins => minutes)) - interval '7 hours') at time zone 'UTC' $$;
  create or replace function ${GEN}.local_date(t timestamptz) returns date language sql immutable parallel safe
    as $$ select ((t at time zone 'UTC') + interval '7 hours')::date $$;
`;

/** Vietnamese names for officials and applicants. */
export const FAMILY = `array['Nguyễn','Nguyễn','Nguyễn','Trần','Trần','Lê','Lê','Phạm','Hoàng','Huỳnh','Phan','Vũ','Võ','Đặng','Bùi','Đỗ','Hồ','Ngô','Dương','Lý']`;
export const MIDDLE = `array['Văn','Thị','Hữu','Đức','Minh','Ngọc','Thanh','Quang','Thu','Hoàng','Xuân','Kim']`;
export const GIVEN = `array['An','Bình','Cường','Dũng','Giang','Hà','Hải','Hạnh','Hiếu','Hoa','Hùng','Hương','Khánh','Lan','Linh','Long','Mai','Minh','Nam','Nga','Phương','Quân','Sơn','Tâm','Thảo','Thắng','Trang','Tuấn','Vân','Việt','Yến','Đạt']`;

export function fullNameSql(n: string, salt: number): string {
  return `(${GEN}.pick(${FAMILY}, ${n}, ${salt}) || ' ' || ${GEN}.pick(${MIDDLE}, ${n}, ${salt + 1}) || ' ' || ${GEN}.pick(${GIVEN}, ${n}, ${salt + 2}))`;
}

/** Row count of a table (after a step). */
export async function count(client: Client, table: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from ${table}`);
  return Number(rows[0].n);
}

/**
 * Drops the plain (non-constraint) indexes of tables before a bulk load, and with `constraints` also
 * their primary-key and unique constraints that no foreign key depends on; gives back a function that
 * re-creates them exactly as they were. Building an index once, sorted, is much faster than
 * maintaining it row by row (random uuids especially).
 */
export async function suspendIndexes(
  client: Client,
  tables: string[],
  constraints = false,
): Promise<() => Promise<void>> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def
       from pg_indexes i
       join pg_class c on c.relname = i.indexname and c.relnamespace = 'public'::regnamespace
      where i.schemaname = 'public' and i.tablename = any($1)
        and not exists (select 1 from pg_constraint k where k.conindid = c.oid)`,
    [tables],
  );
  const keys = constraints
    ? (
        await client.query<{ table: string; name: string; def: string }>(
          `select t.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as def
       from pg_constraint k join pg_class t on t.oid = k.conrelid
      where t.relnamespace = 'public'::regnamespace and t.relname = any($1) and k.contype in ('p', 'u')
        and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = k.conindid)`,
          [tables],
        )
      ).rows
    : [];
  for (const row of rows) await client.query(`drop index public."${row.name}"`);
  for (const key of keys)
    await client.query(`alter table public."${key.table}" drop constraint "${key.name}"`);
  return async () => {
    for (const key of keys)
      await client.query(`alter table public."${key.table}" add constraint "${key.name}" ${key.def}`);
    for (const row of rows) await client.query(row.def);
  };
}
