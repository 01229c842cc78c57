import { Client } from 'pg';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '..';
import { arrangeStaffWorld, StaffWorld } from './fixtures';
import { MeOfficialDocument, OfficialDocument, OfficialsDocument } from '../../../test/graphql/generated';

/**
 * The staff directory's public SQL surface and its one "current posting" rule, in Vietnam's local
 * date. The views are what other plugins' set-based SQL reads; the API answers from the same rule.
 */
describe('staff directory: current postings, local date and public views', () => {
  let t: TestApp;
  let w: StaffWorld;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin] });
    w = await arrangeStaffWorld(t);
  });
  afterAll(() => t.close());

  const localDate = async (instant: string) =>
    (await t.sql<{ d: string }>(`select staff_local_today($1::timestamptz)::text as d`, [instant]))[0].d;

  it('"today" is the local date in Vietnam (UTC+7), also between 00:00 and 07:00 local time', async () => {
    // 01:00 on 15 April 2026 in Hà Nội is still 14 April in UTC.
    expect(await localDate('2026-04-14T18:00:00Z')).toBe('2026-04-15');
    expect(await localDate('2026-04-14T16:59:59Z')).toBe('2026-04-14');
    expect(await localDate('2026-04-14T17:00:00Z')).toBe('2026-04-15');
    // New year's eve: 31 December 23:30 UTC is 1 January 06:30 local.
    expect(await localDate('2026-12-31T23:30:00Z')).toBe('2027-01-01');
    const [{ same }] = await t.sql<{ same: boolean }>(
      `select staff_local_today() = (now() at time zone 'Asia/Ho_Chi_Minh')::date as same`,
    );
    expect(same).toBe(true);
  });

  const postedAtA = async () =>
    (
      await t.query(
        OfficialsDocument,
        { filter: { agencyId: w.agencyA.id }, first: 50 },
        { token: w.adminToken },
      )
    ).officials.nodes
      .map((n: any) => n.username)
      .sort();
  const currentPostings = async (id: string) =>
    (
      await t.query(
        OfficialDocument,
        {
          id,
        },
        { token: w.adminToken },
      )
    ).official!.postings;

  it('a posting ending today (local date) is over; one ending tomorrow is current', async () => {
    expect(await postedAtA()).toEqual(['duclm', 'hungnv']);
    await t.sql(`update staff_assignment set ends_on = staff_local_today() where official_id = $1`, [
      w.officerA.id,
    ]);
    expect(await postedAtA()).toEqual(['duclm']);
    expect(await currentPostings(w.officerA.id)).toEqual([]);
    const [{ n }] = await t.sql<{ n: number }>(
      `select count(*)::int as n from staff_current_posting_v where official_id = $1`,
      [w.officerA.id],
    );
    expect(n).toBe(0);

    await t.sql(`update staff_assignment set ends_on = staff_local_today() + 1 where official_id = $1`, [
      w.officerA.id,
    ]);
    expect(await postedAtA()).toEqual(['duclm', 'hungnv']);
    expect(await currentPostings(w.officerA.id)).toHaveLength(1);
    await t.sql(`update staff_assignment set ends_on = null where official_id = $1`, [w.officerA.id]);
  });

  it('the current-posting view names the agency, its unit, the department and desk', async () => {
    const rows = await t.sql(
      `select agency_id, unit_id, desk_id, "primary" from staff_current_posting_v where official_id = $1`,
      [w.officerA.id],
    );
    expect(rows).toEqual([
      { agency_id: w.agencyA.id, unit_id: w.communeA.id, desk_id: w.deskA.id, primary: true },
    ]);
  });

  it('the unit tree view answers descendants and ancestors, each unit with itself at depth 0', async () => {
    const below = await t.sql<{ unit_id: string; depth: number }>(
      `select unit_id, depth from staff_unit_tree_v where ancestor_id = $1 order by depth, unit_id`,
      [w.province.id],
    );
    expect(below.map((r) => r.unit_id).sort()).toEqual([w.province.id, w.communeA.id, w.communeB.id].sort());
    expect(below.find((r) => r.unit_id === w.province.id)?.depth).toBe(0);
    const above = await t.sql<{ ancestor_id: string }>(
      `select ancestor_id from staff_unit_tree_v where unit_id = $1 order by depth`,
      [w.communeA.id],
    );
    expect(above.map((r) => r.ancestor_id)).toEqual([w.communeA.id, w.province.id]);
  });

  it("the role-grant view places a role over an agency at the agency's unit", async () => {
    const rows = await t.sql(
      `select role, unit_id, agency_id, official_status from staff_role_grant_v where official_id = $1`,
      [w.officerA.id],
    );
    expect(rows).toEqual([
      {
        role: 'one-stop-officer',
        unit_id: w.communeA.id,
        agency_id: w.agencyA.id,
        official_status: 'ACTIVE',
      },
    ]);
  });

  it("the views use the tables' indexes (plans checked with sequential scans disabled)", async () => {
    // One connection: the setting holds for its transaction only.
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    const plan = async (sql: string, params: unknown[]) => {
      await client.query('begin');
      try {
        await client.query('set local enable_seqscan = off');
        const rows = (await client.query(`explain ${sql}`, params)).rows as Array<{ 'QUERY PLAN': string }>;
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await client.query('rollback');
      }
    };
    try {
      expect(
        await plan(`select unit_id from staff_unit_tree_v where ancestor_id = $1`, [w.province.id]),
      ).toMatch(/staff_unit_path_idx/);
      expect(
        await plan(`select agency_id from staff_current_posting_v where official_id = $1`, [w.officerA.id]),
      ).toMatch(/staff_assignment_official_idx/);
      expect(
        await plan(`select official_id from staff_current_posting_v where department_id = $1`, [
          w.officerA.id,
        ]),
      ).toMatch(/staff_assignment_department_idx/);
    } finally {
      await client.end();
    }
  });

  it("me is the acting official found by the token's subject, else by username", async () => {
    const me = await t.query(MeOfficialDocument, {}, { token: w.officerA.token });
    expect(me.me?.official?.id).toBe(w.officerA.id);
    // A subject stored on the official wins over another official's username.
    await t.sql(`update staff_official set keycloak_user_id = $1 where id = $2`, [
      'kc-subject-b',
      w.officerB.id,
    ]);
    const asB = t.token({
      subject: 'kc-subject-b',
      username: w.officerA.username,
      roles: ['one-stop-officer'],
    });
    const found = await t.query(MeOfficialDocument, {}, { token: asB });
    expect(found.me?.official?.id).toBe(w.officerB.id);
  });
});
