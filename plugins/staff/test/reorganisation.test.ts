import {
  AdministrativeUnitByCodeDocument,
  AdministrativeUnitsDocument,
  AuditTrailDocument,
  CreateAdministrativeUnitDocument,
  CreateOfficialDocument,
  type CreateUnitInput,
  CurrentUnitsOfDocument,
  OfficialsDocument,
} from '../../../test/graphql/generated';
import { definePlugin, subscribe } from '../../../src';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin, UnitReorganised } from '..';
import { arrangeStaffWorld, StaffWorld } from './fixtures';

/** A plugin of the test that reacts to reorganisations the way devices or dossiers would. */
const received: Array<Record<string, any>> = [];
const rehomeProbePlugin = definePlugin({
  id: 'rehomeprobe',
  dependsOn: ['staff'],
  roles: { 'unit-editor': ['staff.units.manage'] },
  subscribers: [
    subscribe(UnitReorganised, 'rehomeprobe.rehome', async (payload) => {
      received.push(payload);
    }),
  ],
});

const APPLY = `mutation($input: ApplyReorganisationInput!) { applyReorganisation(input: $input) {
  effectiveDate movedAgencies movedRoleAssignments
  closedUnits { id code name validFrom validTo }
  openedUnits { id code name type level validFrom validTo parent { code } }
  movedUnits { id code parent { code } }
  successions { kind effectiveDate predecessor { code } successor { code } }
  events { oldUnitId oldUnitCode successorUnitId effectiveDate successors { unitId code kind } } } }`;

describe('reorganisation as one operation (through GraphQL)', () => {
  let t: TestApp;
  let w: StaffWorld;
  const apply = (input: Record<string, unknown>, token?: string) =>
    t.request(APPLY, { input }, { token: token ?? w.adminToken });
  const unit = async (code: string, validOn: string) =>
    (await t.query(AdministrativeUnitByCodeDocument, { code, validOn })).administrativeUnitByCode;
  const create = async (input: CreateUnitInput) =>
    (await t.query(CreateAdministrativeUnitDocument, { input }, { token: w.adminToken }))
      .createAdministrativeUnit;
  /** Everything a refused reorganisation must leave as it was. */
  const snapshot = () =>
    t.sql(`select
      (select count(*) from staff_unit)::int as units,
      (select count(*) from staff_unit_succession)::int as successions,
      (select count(*) from graphile_worker.jobs where task_identifier = 'rehomeprobe.rehome')::int as jobs,
      (select count(*) from core_audit_entry)::int as audits,
      (select string_agg(id || ':' || coalesce(valid_to::text, '-') || ':' || coalesce(parent_id::text, '-') || ':' || path, ',' order by id) from staff_unit) as tree,
      (select string_agg(id || ':' || unit_id, ',' order by id) from staff_agency) as agencies`);
  const refused = async (input: Record<string, unknown>, code: string, message: RegExp, token?: string) => {
    const before = await snapshot();
    const result = await apply(input, token);
    expect(result.errors?.[0].extensions?.code).toBe(code);
    expect(result.errors?.[0].message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  };

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, rehomeProbePlugin] });
    w = await arrangeStaffWorld(t);
  });
  afterAll(() => t.close());

  describe('merging and splitting two wards', () => {
    let result: any;
    beforeAll(async () => {
      const response = await apply({
        effectiveDate: '2026-01-01',
        newUnits: [
          { code: '06688', name: 'Phường Hạ Long', type: 'WARD', parentCode: '22' },
          { code: '06673', name: 'Phường Bãi Cháy', type: 'WARD', parentCode: '22' },
        ],
        mapping: [
          { oldUnitId: w.communeA.id, newCode: '06688', kind: 'FULL' },
          { oldCode: '06970', newCode: '06673', kind: 'PARTIAL' },
          { oldCode: '06970', newCode: '06688', kind: 'PARTIAL' },
        ],
      });
      expect(response.errors).toBeUndefined();
      result = response.data!.applyReorganisation;
    });

    it('closes the old units and opens the new ones on the effective date, linked by successions', () => {
      expect(result.closedUnits.map((u: any) => [u.code, u.validTo])).toEqual([
        ['06940', '2026-01-01'],
        ['06970', '2026-01-01'],
      ]);
      expect(
        result.openedUnits.map((u: any) => [
          u.code,
          u.name,
          u.type,
          u.level,
          u.validFrom,
          u.validTo,
          u.parent.code,
        ]),
      ).toEqual([
        ['06673', 'Phường Bãi Cháy', 'WARD', 3, '2026-01-01', null, '22'],
        ['06688', 'Phường Hạ Long', 'WARD', 3, '2026-01-01', null, '22'],
      ]);
      expect(
        result.successions
          .map((s: any) => `${s.predecessor.code}>${s.successor.code}:${s.kind}:${s.effectiveDate}`)
          .sort(),
      ).toEqual([
        '06940>06688:FULL:2026-01-01',
        '06970>06673:PARTIAL:2026-01-01',
        '06970>06688:PARTIAL:2026-01-01',
      ]);
    });

    it('publishes UnitReorganised once per closed unit, with the FULL successor or else the first PARTIAL one by code', async () => {
      const [opened73, opened88] = result.openedUnits;
      expect(result.events).toEqual([
        {
          oldUnitId: w.communeA.id,
          oldUnitCode: '06940',
          successorUnitId: opened88.id,
          effectiveDate: '2026-01-01',
          successors: [{ unitId: opened88.id, code: '06688', kind: 'FULL' }],
        },
        {
          oldUnitId: w.communeB.id,
          oldUnitCode: '06970',
          successorUnitId: opened73.id,
          effectiveDate: '2026-01-01',
          successors: [
            { unitId: opened73.id, code: '06673', kind: 'PARTIAL' },
            { unitId: opened88.id, code: '06688', kind: 'PARTIAL' },
          ],
        },
      ]);
      // Each subscriber is a durable job, enqueued in the reorganisation's transaction.
      const jobs = await t.sql<{ payload: any }>(`select j.payload from graphile_worker._private_jobs j
        join graphile_worker._private_tasks k on k.id = j.task_id where k.identifier = 'rehomeprobe.rehome' order by j.id`);
      expect(jobs.map((j) => j.payload)).toEqual(
        result.events.map((payload: any) => ({ event: 'staff.unit.reorganised', payload })),
      );
      await t.runJobs();
      expect(received.map((p) => p.oldUnitCode).sort()).toEqual(['06940', '06970']);
    });

    it('moves the agencies and unit-scoped role assignments of closed units to the successor, auditing each move', async () => {
      expect(result.movedAgencies).toBe(2);
      expect(result.movedRoleAssignments).toBe(1); // itAdminA held it-admin over ward A
      const [opened73, opened88] = result.openedUnits;
      const agencyUnit = async (id: string) =>
        (await t.query(`query($id: ID!) { agency(id: $id) { unit { id } } }`, { id })).agency.unit.id;
      expect(await agencyUnit(w.agencyA.id)).toBe(opened88.id);
      expect(await agencyUnit(w.agencyB.id)).toBe(opened73.id);
      const roles = await t.sql<{ unit_id: string }>(
        `select ra.unit_id from staff_role_assignment ra where ra.official_id = $1`,
        [w.itAdminA.id],
      );
      expect(roles.map((r) => r.unit_id)).toEqual([opened88.id]);
      const trail = await t.query(
        AuditTrailDocument,
        {
          filter: { entityType: 'Agency', entityId: w.agencyA.id, action: 'staff.agency.rehome' },
          first: 10,
        },
        { token: w.adminToken },
      );
      expect(trail.auditTrail.nodes).toMatchObject([
        {
          action: 'staff.agency.rehome',
          unitId: opened88.id,
          before: { unitId: w.communeA.id, unitCode: '06940', unitName: 'Phường Hạ Long' },
          after: { unitId: opened88.id, effectiveDate: '2026-01-01', reason: 'reorganisation' },
        },
      ]);
    });

    it('keeps the old units and their history queryable', async () => {
      const oldA = await unit('06940', '2025-12-31');
      expect(oldA).toMatchObject({
        id: w.communeA.id,
        validFrom: '2025-07-01',
        validTo: '2026-01-01',
        parent: { code: '22' },
        successors: [{ kind: 'FULL', successor: { code: '06688' } }],
      });
      expect(await unit('06940', '2026-01-01')).toBeNull();
      const now = await t.query(CurrentUnitsOfDocument, { unitId: w.communeB.id });
      expect(now.currentUnitsOf).toMatchObject([
        { kind: 'PARTIAL', unit: { code: '06673' } },
        { kind: 'PARTIAL', unit: { code: '06688' } },
      ]);
      const onDay = await t.query(AdministrativeUnitsDocument, {
        first: 10,
        filter: { validOn: '2026-01-01', level: 3 },
      });
      expect(onDay.administrativeUnits.nodes.map((n) => n.code)).toEqual(['06673', '06688']);
    });

    it('the IT admin whose ward closed keeps their scope through the successor (and the history of the old ward)', async () => {
      const data = await t.query(OfficialsDocument, { first: 20 }, { token: w.itAdminA.token });
      expect(data.officials.nodes.map((n: any) => n.username).sort()).toEqual(['duclm', 'hungnv']);
      const pastAudit = await t.sql<{ n: string }>(
        `select count(*)::text as n from core_audit_entry where unit_id = $1`,
        [w.communeA.id],
      );
      expect(Number(pastAudit[0].n)).toBeGreaterThan(0); // records of the old ward still point at it
    });
  });

  describe('refusals: each leaves nothing written', () => {
    let province97: { id: string };
    let district904: { id: string };
    /**
     * Reorganisations of the district level happen before 1 Jul 2025 (PRE_REFORM, the day commune
     * arrangements of 2023–2025 commonly took effect): from that day local government has two tiers and
     * no district is valid. A made-up province (code 97 is not a GSO code), open across the reform,
     * with two districts and two communes that all end, as every district did, on 1 Jul 2025; and a
     * province merged away on that day.
     */
    const PRE_REFORM = '2024-11-01';
    const REFORM = '2025-07-01';
    beforeAll(async () => {
      province97 = await create({
        code: '97',
        name: 'Tỉnh Sông Mây',
        type: 'PROVINCE',
        validFrom: '2020-01-01',
      });
      const district = await create({
        code: '902',
        name: 'Huyện Đồng Xanh',
        type: 'RURAL_DISTRICT',
        parentId: province97.id,
        validFrom: '2020-01-01',
        validTo: REFORM,
      });
      district904 = await create({
        code: '904',
        name: 'Huyện Đồng Lớn',
        type: 'RURAL_DISTRICT',
        parentId: province97.id,
        validFrom: '2020-01-01',
        validTo: REFORM,
      });
      await create({
        code: '90020',
        name: 'Xã Đồng Một',
        type: 'COMMUNE',
        parentId: district.id,
        validFrom: '2020-01-01',
        validTo: REFORM,
      });
      await create({
        code: '90023',
        name: 'Xã Đồng Hai',
        type: 'COMMUNE',
        parentId: district.id,
        validFrom: '2020-01-01',
        validTo: REFORM,
      });
      await create({
        code: '98',
        name: 'Tỉnh Hồ Xanh',
        type: 'PROVINCE',
        validFrom: '2020-01-01',
        validTo: REFORM,
      });
    });

    it('a child outliving its closing parent', async () => {
      await refused(
        { effectiveDate: PRE_REFORM, mapping: [{ oldCode: '902', newCode: '904', kind: 'FULL' }] },
        'BAD_USER_INPUT',
        /^2 unit\(s\) would outlive their closing parent \(Huyện Đồng Xanh \(902\) closes on 2024-11-01\): Xã Đồng Một \(90020\), Xã Đồng Hai \(90023\)\. Close them in the mapping or move them \(moves\)\.$/,
      );
    });

    it('a new unit outliving its parent, or under a parent that closes', async () => {
      await refused(
        {
          effectiveDate: PRE_REFORM,
          newUnits: [{ code: '90050', name: 'Xã Hồ Mới', type: 'COMMUNE', parentCode: '98' }],
          mapping: [{ oldCode: '90020', newCode: '90050', kind: 'FULL' }],
        },
        'BAD_USER_INPUT',
        /Xã Hồ Mới \(90050\) \(from 2024-11-01\) would outlive its parent Tỉnh Hồ Xanh \(98\) \(valid 2020-01-01 to 2025-07-01\)/,
      );
      await refused(
        {
          effectiveDate: PRE_REFORM,
          newUnits: [{ code: '90050', name: 'Xã Đồng Mới', type: 'COMMUNE', parentCode: '902' }],
          mapping: [{ oldCode: '902', newCode: '904', kind: 'FULL' }],
        },
        'BAD_USER_INPUT',
        /Xã Đồng Mới \(90050\) would outlive its parent Huyện Đồng Xanh \(902\), which closes on 2024-11-01/,
      );
      // A new district opened before the reform closes on it, so a commune opened under it must too.
      await refused(
        {
          effectiveDate: PRE_REFORM,
          newUnits: [
            { code: '903', name: 'Huyện Đồng Mới', type: 'RURAL_DISTRICT', parentCode: '97' },
            { code: '90050', name: 'Xã Đồng Mới', type: 'COMMUNE', parentCode: '903' },
          ],
          mapping: [{ oldCode: '90020', newCode: '90050', kind: 'FULL' }],
        },
        'BAD_USER_INPUT',
        /Xã Đồng Mới \(90050\) \(from 2024-11-01\) would outlive its parent Huyện Đồng Mới \(903\) \(valid 2024-11-01 to 2025-07-01\)/,
      );
    });

    it('a unit moved under a parent that starts later than it', async () => {
      await refused(
        {
          effectiveDate: PRE_REFORM,
          newUnits: [{ code: '903', name: 'Huyện Đồng Mới', type: 'RURAL_DISTRICT', parentCode: '97' }],
          mapping: [{ oldCode: '902', newCode: '903', kind: 'FULL' }],
          moves: [
            { code: '90020', newParentCode: '903' },
            { code: '90023', newParentCode: '903' },
          ],
        },
        'BAD_USER_INPUT',
        /Xã Đồng Một \(90020\) \(valid 2020-01-01 to 2025-07-01\) would outlive its new parent Huyện Đồng Mới \(903\) \(valid 2024-11-01 to 2025-07-01\); close it and open a successor instead/,
      );
    });

    it('duplicate codes within a validity period', async () => {
      await refused(
        {
          effectiveDate: '2026-06-01',
          newUnits: [{ code: '06673', name: 'Phường Bãi Cháy Mới', type: 'WARD', parentCode: '22' }],
          mapping: [{ oldCode: '06688', newCode: '06673', kind: 'FULL' }],
        },
        'CONFLICT',
        /Code 06673 is already used by Phường Bãi Cháy \(valid 2026-01-01 to …\); Phường Bãi Cháy Mới cannot have it from 2026-06-01/,
      );
      await refused(
        {
          effectiveDate: '2026-06-01',
          newUnits: [
            { code: '06700', name: 'Phường Một', type: 'WARD', parentCode: '22' },
            { code: '06700', name: 'Phường Hai', type: 'WARD', parentCode: '22' },
          ],
          mapping: [{ oldCode: '06688', newCode: '06700', kind: 'FULL' }],
        },
        'CONFLICT',
        /Code 06700 is given to two new units \(Phường Một and Phường Hai\)/,
      );
    });

    it('cycles in the mapping, and successors that close in the same operation', async () => {
      await refused(
        {
          effectiveDate: '2026-06-01',
          mapping: [
            { oldCode: '06688', newCode: '06673', kind: 'FULL' },
            { oldCode: '06673', newCode: '06688', kind: 'FULL' },
          ],
        },
        'BAD_USER_INPUT',
        /^The mapping makes a cycle: Phường Hạ Long \(06688\) → Phường Bãi Cháy \(06673\) → Phường Hạ Long \(06688\)$/,
      );
      await refused(
        {
          effectiveDate: PRE_REFORM,
          mapping: [
            { oldCode: '90020', newCode: '90023', kind: 'FULL' },
            { oldCode: '90023', newCode: '97', kind: 'FULL' },
          ],
        },
        'BAD_USER_INPUT',
        /Xã Đồng Hai \(90023\) closes in this same reorganisation, so it cannot take over Xã Đồng Một \(90020\)/,
      );
    });

    it('inconsistent kinds, unknown units, bad dates and levels', async () => {
      await refused(
        {
          effectiveDate: '2026-06-01',
          newUnits: [{ code: '06700', name: 'Phường Một', type: 'WARD', parentCode: '22' }],
          mapping: [
            { oldCode: '06688', newCode: '06700', kind: 'FULL' },
            { oldCode: '06688', newCode: '06673', kind: 'FULL' },
          ],
        },
        'BAD_USER_INPUT',
        /Phường Hạ Long \(06688\) cannot go FULL into 2 units/,
      );
      await refused(
        { effectiveDate: '2026-06-01', mapping: [{ oldCode: '06999', newCode: '06688', kind: 'FULL' }] },
        'BAD_USER_INPUT',
        /no unit with code 06999 is open before 2026-06-01/,
      );
      await refused(
        { effectiveDate: '2026-06-01', mapping: [{ oldCode: '06940', newCode: '06688', kind: 'FULL' }] },
        'BAD_USER_INPUT',
        /no unit with code 06940 is open before 2026-06-01/,
      );
      await refused(
        { effectiveDate: '2026-02-30', mapping: [{ oldCode: '06688', newCode: '06673', kind: 'FULL' }] },
        'BAD_USER_INPUT',
        /input\.effectiveDate.*calendar day YYYY-MM-DD/,
      );
      await refused(
        {
          effectiveDate: '2026-06-01',
          newUnits: [{ code: '06701', name: 'Phường Con', type: 'WARD', parentCode: '06673' }],
          mapping: [{ oldCode: '06688', newCode: '06701', kind: 'FULL' }],
        },
        'BAD_USER_INPUT',
        /Phường Con \(06701\) \(level 3\) cannot sit under Phường Bãi Cháy \(06673\) \(level 3\)/,
      );
      await refused({ effectiveDate: '2026-06-01', mapping: [] }, 'BAD_USER_INPUT', /the mapping is empty/);
    });

    it("scope: every unit touched must be within the caller's staff.units.manage scope", async () => {
      const editor = (
        await t.query(
          CreateOfficialDocument,
          {
            input: {
              fullName: 'Trương Văn Định',
              position: 'IT_ADMIN',
              postings: [{ agencyId: w.provinceAgency.id }],
              roles: [{ role: 'unit-editor', unitId: province97.id }],
            },
          },
          { token: w.adminToken },
        )
      ).createOfficial;
      const token = t.token(editor.username, ['unit-editor']);
      await refused(
        { effectiveDate: '2026-06-01', mapping: [{ oldCode: '06688', newCode: '06673', kind: 'FULL' }] },
        'FORBIDDEN',
        /Outside your administrative scope/,
        token,
      );
      await refused(
        {
          effectiveDate: PRE_REFORM,
          newUnits: [{ code: '96', name: 'Tỉnh Mới', type: 'PROVINCE' }],
          mapping: [{ oldCode: '90020', newCode: '96', kind: 'FULL' }],
        },
        'FORBIDDEN',
        /Opening a province is platform-wide/,
        token,
      );
      await refused(
        { effectiveDate: PRE_REFORM, mapping: [{ oldCode: '90020', newCode: '90023', kind: 'FULL' }] },
        'FORBIDDEN',
        /Missing permission staff.units.manage/,
        w.itAdminA.token,
      );

      // Within their province and before the reform, the editor merges one district into the other:
      // its communes move under the district that stays (all of them end with it on 1 Jul 2025).
      const response = await apply(
        {
          effectiveDate: PRE_REFORM,
          mapping: [{ oldCode: '902', newCode: '904', kind: 'FULL' }],
          moves: [
            { code: '90020', newParentCode: '904' },
            { code: '90023', newParentCode: '904' },
          ],
        },
        token,
      );
      expect(response.errors).toBeUndefined();
      const done = response.data!.applyReorganisation;
      expect(done.closedUnits.map((u: any) => [u.code, u.validTo])).toEqual([['902', PRE_REFORM]]);
      expect(done.movedUnits.map((u: any) => [u.code, u.parent.code])).toEqual([
        ['90020', '904'],
        ['90023', '904'],
      ]);
      expect(done.events).toEqual([
        {
          oldUnitId: expect.any(String),
          oldUnitCode: '902',
          successorUnitId: district904.id,
          effectiveDate: PRE_REFORM,
          successors: [{ unitId: district904.id, code: '904', kind: 'FULL' }],
        },
      ]);
      const commune = (await unit('90020', PRE_REFORM))!;
      expect(commune.parent?.id).toBe(district904.id);
      const [row] = await t.sql<{ path: string }>(`select path from staff_unit where id = $1`, [commune.id]);
      expect(row.path).toBe(`/${province97.id}/${district904.id}/${commune.id}/`);
    });
  });
});
