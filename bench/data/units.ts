import fs from 'node:fs';
import path from 'node:path';
import type { Client } from 'pg';
import type { App } from '../../src/app';

/**
 * Units of one province after the 2025 reform with its pre-reform history. Real data (Quảng Ninh,
 * code 22, from vn-admin-units-2025) through the staff plugin's own import service when it is there;
 * otherwise a synthetic province of about 50 wards and 180 old communes with successions.
 *
 * Either way the unit ids are then made deterministic (md5 of period, level and code), so two runs
 * produce the same ids everywhere: the import service draws random ids.
 */
export const REFORM_DATE = '2025-07-01';

export interface UnitsResult {
  source: string;
  province: string;
}

export async function loadUnits(
  app: App,
  client: Client,
  options: { dataDir: string; province: string },
): Promise<UnitsResult> {
  const staff = loadStaffModule();
  const merges = path.join(options.dataDir, 'merges.json');
  const splits = path.join(options.dataDir, 'splits.json');
  if (typeof staff?.importUnits === 'function' && fs.existsSync(merges) && fs.existsSync(splits)) {
    const summary = (await staff.importUnits(app.systemContext(), {
      merges: JSON.parse(fs.readFileSync(merges, 'utf8')),
      splits: JSON.parse(fs.readFileSync(splits, 'utf8')),
      province: options.province,
      strict: false,
    })) as { errorCount?: number; problems?: Array<{ message: string }> };
    const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from staff_unit`);
    if (Number(rows[0].n) > 0) {
      await makeIdsDeterministic(client);
      return {
        source: `vn-admin-units-2025 (province ${options.province}) via the staff import service${summary.errorCount ? `, ${summary.errorCount} rows skipped` : ''}`,
        province: options.province,
      };
    }
  }
  await syntheticProvince(client);
  return { source: 'synthetic province (50 wards, 180 old communes)', province: '22' };
}

function loadStaffModule(): { importUnits?: (ctx: unknown, input: unknown) => Promise<unknown> } | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../plugins/staff');
  } catch {
    return null;
  }
}

/** Replaces random unit ids by md5(period:level:code) and rebuilds the paths. */
async function makeIdsDeterministic(client: Client): Promise<void> {
  await client.query('begin');
  try {
    await client.query(`set local session_replication_role = replica`);
    await client.query(`create temp table bench_unit_map on commit drop as
      select id as old_id, md5('unit:' || case when valid_from is not null then 'NEW' else 'OLD' end || ':' || level || ':' || code)::uuid as new_id
        from staff_unit`);
    await client.query(`update staff_unit u set id = m.new_id from bench_unit_map m where m.old_id = u.id`);
    await client.query(
      `update staff_unit u set parent_id = m.new_id from bench_unit_map m where m.old_id = u.parent_id`,
    );
    await client.query(
      `update staff_unit_succession s set predecessor_id = m.new_id from bench_unit_map m where m.old_id = s.predecessor_id`,
    );
    await client.query(
      `update staff_unit_succession s set successor_id = m.new_id from bench_unit_map m where m.old_id = s.successor_id`,
    );
    await client.query(
      `update staff_unit_succession s set id = md5('succession:' || predecessor_id || ':' || successor_id)::uuid`,
    );
    await rebuildPaths(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

async function rebuildPaths(client: Client): Promise<void> {
  await client.query(`with recursive tree(id, path) as (
      select id, '/' || id || '/' from staff_unit where parent_id is null
      union all
      select u.id, t.path || u.id || '/' from staff_unit u join tree t on u.parent_id = t.id)
    update staff_unit u set path = t.path from tree t where t.id = u.id`);
}

/** About 50 new wards and 180 old communes: each old commune went wholly into one ward, some partly into a second. */
async function syntheticProvince(client: Client): Promise<void> {
  await client.query(`insert into staff_unit (id, created_at, updated_at, code, name, type, level, parent_id, valid_from, valid_to, path)
    select md5('unit:' || p.period || ':1:22')::uuid, now(), now(), '22', 'Tỉnh Quảng Ninh', 'PROVINCE', 1, null,
           case when p.period = 'NEW' then date '${REFORM_DATE}' end, case when p.period = 'OLD' then date '${REFORM_DATE}' end, ''
      from (values ('OLD'), ('NEW')) as p(period)`);
  await client.query(`insert into staff_unit (id, created_at, updated_at, code, name, type, level, parent_id, valid_from, valid_to, path)
    select md5('unit:NEW:3:' || lpad((6000 + i * 7)::text, 5, '0'))::uuid, now(), now(), lpad((6000 + i * 7)::text, 5, '0'),
           case when i % 3 = 0 then 'Xã ' else 'Phường ' end || 'Mới ' || i, case when i % 3 = 0 then 'COMMUNE' else 'WARD' end::staff_unit_type,
           3, md5('unit:NEW:1:22')::uuid, date '${REFORM_DATE}', null, ''
      from generate_series(1, 50) i`);
  await client.query(`insert into staff_unit (id, created_at, updated_at, code, name, type, level, parent_id, valid_from, valid_to, path)
    select md5('unit:OLD:3:' || lpad((6000 + i * 2)::text, 5, '0'))::uuid, now(), now(), lpad((6000 + i * 2)::text, 5, '0'),
           case when i % 4 = 0 then 'Xã ' when i % 9 = 0 then 'Thị trấn ' else 'Phường ' end || 'Cũ ' || i,
           case when i % 4 = 0 then 'COMMUNE' when i % 9 = 0 then 'TOWNSHIP' else 'WARD' end::staff_unit_type,
           3, md5('unit:OLD:1:22')::uuid, null, date '${REFORM_DATE}', ''
      from generate_series(1, 180) i`);
  await client.query(`insert into staff_unit_succession (id, created_at, updated_at, predecessor_id, successor_id, kind, effective_date)
    select md5('succession:' || o || ':' || n)::uuid, now(), now(), o, n, k::staff_succession_kind, date '${REFORM_DATE}' from (
      select md5('unit:OLD:1:22')::uuid as o, md5('unit:NEW:1:22')::uuid as n, 'FULL' as k
      union all
      select md5('unit:OLD:3:' || lpad((6000 + i * 2)::text, 5, '0'))::uuid,
             md5('unit:NEW:3:' || lpad((6000 + (1 + (i - 1) * 50 / 180) * 7)::text, 5, '0'))::uuid,
             case when i % 7 = 0 then 'PARTIAL' else 'FULL' end
        from generate_series(1, 180) i
      union all
      select md5('unit:OLD:3:' || lpad((6000 + i * 2)::text, 5, '0'))::uuid,
             md5('unit:NEW:3:' || lpad((6000 + (1 + ((i - 1) * 50 / 180 + 1) % 50) * 7)::text, 5, '0'))::uuid, 'PARTIAL'
        from generate_series(1, 180) i where i % 7 = 0) s`);
  await rebuildPaths(client);
}
