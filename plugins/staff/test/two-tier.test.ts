import { createTestApp, Operation, TestApp } from '../../../test/harness';
import { staffPlugin } from '..';
import { arrangeStaffWorld, StaffWorld } from './fixtures';
import {
  AdministrativeUnitsDocument,
  ApplyReorganisationDocument,
  ImportAdministrativeUnitsDocument,
} from '../../../test/graphql/generated';

/**
 * The two-tier state (Luật Tổ chức chính quyền địa phương số 72/2025/QH15, in force 1 Jul 2025): no
 * district-level unit is valid on or after 1 July 2025. Periods are half-open [validFrom, validTo), so
 * validTo 2025-07-01 is "valid through 30 June 2025". Every way a unit is written is tried: create,
 * update, a reorganisation, an import.
 */
const CREATE = `mutation($input: CreateUnitInput!) { createAdministrativeUnit(input: $input) { id code validFrom validTo version } }`;
const UPDATE = `mutation($input: UpdateUnitInput!) { updateAdministrativeUnit(input: $input) { id name validTo version } }`;
const APPLY = ApplyReorganisationDocument;
const IMPORT = ImportAdministrativeUnitsDocument;

describe('two-tier state: no district unit valid from 1 July 2025', () => {
  let t: TestApp;
  let w: StaffWorld;
  /** A made-up province (code 96 is not a GSO code) open across the reform. */
  let province: { id: string };
  const request = <T = any, I = Record<string, unknown>>(
    query: Operation<T, { input: I }>,
    input: I,
    language?: string,
  ) => t.request(query, { input }, { token: w.adminToken, headers: { 'accept-language': language ?? 'vi' } });
  const units = async () => (await t.sql<{ n: number }>(`select count(*)::int as n from staff_unit`))[0].n;
  const districtsValidOn = async (day: string) =>
    (
      await t.query(AdministrativeUnitsDocument, { first: 100, filter: { validOn: day, level: 2 } })
    ).administrativeUnits.nodes.map((n) => n.code);

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin] });
    w = await arrangeStaffWorld(t);
    const created = await request(CREATE, {
      code: '96',
      name: 'Tỉnh Non Nước',
      type: 'PROVINCE',
    });
    expect(created.errors).toBeUndefined();
    province = created.data!.createAdministrativeUnit;
  });
  afterAll(() => t.close());

  it('create: a district valid through 30 June 2025 at the latest is accepted; one valid on 1 July 2025 or later, or open-ended, is refused', async () => {
    // [code, type, validFrom, validTo, accepted]
    const vectors: Array<[string, string, string | null, string | null, boolean]> = [
      ['801', 'RURAL_DISTRICT', '2000-01-01', '2025-06-30', true], // valid through 29 Jun 2025
      ['802', 'RURAL_DISTRICT', '2000-01-01', '2025-07-01', true], // valid through 30 Jun 2025
      ['803', 'URBAN_DISTRICT', null, '2025-07-01', true],
      ['804', 'RURAL_DISTRICT', '2000-01-01', '2025-07-02', false], // valid through 1 Jul 2025
      ['805', 'RURAL_DISTRICT', '2025-07-01', null, false], // from the reform day, open-ended
      ['806', 'RURAL_DISTRICT', '2025-07-01', '2025-07-02', false], // the reform day only
      ['807', 'DISTRICT_TOWN', '2026-01-01', '2027-01-01', false], // wholly after the reform
      ['808', 'RURAL_DISTRICT', '2000-01-01', null, false], // open-ended
      ['809', 'URBAN_DISTRICT', null, null, false],
      ['810', 'DISTRICT_TOWN', '2010-01-01', null, false],
      ['811', 'PROVINCIAL_CITY', '2010-01-01', null, false],
    ];
    for (const [code, type, validFrom, validTo, accepted] of vectors) {
      const before = await units();
      const r = await request(CREATE, {
        code,
        name: `Huyện Thử ${code}`,
        type,
        parentId: province.id,
        validFrom,
        validTo,
      });
      const outcome = r.errors
        ? [r.errors[0].extensions?.code, r.errors[0].extensions?.field, r.errors[0].extensions?.reason]
        : r.data!.createAdministrativeUnit.validTo;
      expect([code, outcome]).toEqual([
        code,
        accepted ? validTo : ['BAD_USER_INPUT', 'validTo', 'UNIT_DISTRICT_ABOLISHED'],
      ]);
      expect(await units()).toBe(before + (accepted ? 1 : 0));
    }
    // Provinces and communes go on after the reform.
    const commune = await request(CREATE, {
      code: '80001',
      name: 'Xã Non Nước',
      type: 'COMMUNE',
      parentId: province.id,
      validFrom: '2025-07-01',
    });
    expect(commune.errors).toBeUndefined();
    expect(await districtsValidOn('2025-06-30')).toEqual(expect.arrayContaining(['802', '803']));
    expect(await districtsValidOn('2025-07-01')).toEqual([]);
  });

  it('says why in Vietnamese (and in English on request)', async () => {
    const input = {
      code: '820',
      name: 'Huyện Đồng Xa',
      type: 'RURAL_DISTRICT',
      parentId: province.id,
      validFrom: '2025-07-01',
    };
    const vi = await request(CREATE, input, 'vi');
    expect(vi.errors?.[0].message).toBe(
      'Cấp huyện đã chấm dứt từ ngày 01/07/2025 (chính quyền địa phương hai cấp): đơn vị cấp huyện Huyện Đồng Xa (820) chỉ có thể có hiệu lực đến hết ngày 30/06/2025 (validTo không được sau 2025-07-01, không được để trống).',
    );
    const en = await request(CREATE, input, 'en');
    expect(en.errors?.[0].message).toBe(
      'The district level was abolished on 2025-07-01 (two-tier local government): district unit Huyện Đồng Xa (820) can be valid until 2025-06-30 at the latest (validTo on or before 2025-07-01, not open-ended).',
    );
  });

  it('update: a district cannot be extended past 30 June 2025 nor opened up; other edits go through', async () => {
    const created = await request(CREATE, {
      code: '830',
      name: 'Huyện Cũ',
      type: 'RURAL_DISTRICT',
      parentId: province.id,
      validFrom: '2000-01-01',
      validTo: '2025-07-01',
    });
    const district = created.data!.createAdministrativeUnit;
    for (const validTo of [null, '2025-07-02', '2026-01-01']) {
      const r = await request(UPDATE, { id: district.id, validTo });
      expect([validTo, r.errors?.[0].extensions]).toEqual([
        validTo,
        expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'UNIT_DISTRICT_ABOLISHED' }),
      ]);
    }
    const [row] = await t.sql<{ valid_to: string; version: number }>(
      `select valid_to::text, version from staff_unit where id = $1`,
      [district.id],
    );
    expect(row).toEqual({ valid_to: '2025-07-01', version: district.version });
    const renamed = await request(UPDATE, { id: district.id, name: 'Huyện Cũ Xưa', validTo: '2025-06-01' });
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data!.updateAdministrativeUnit).toMatchObject({
      name: 'Huyện Cũ Xưa',
      validTo: '2025-06-01',
    });
  });

  it('reorganisation: a district opened before the reform ends on 1 July 2025; none opens on or after it', async () => {
    const opened = await request(APPLY, {
      effectiveDate: '2025-06-30',
      newUnits: [{ code: '840', name: 'Huyện Hợp Nhất', type: 'RURAL_DISTRICT', parentCode: '96' }],
      mapping: [{ oldCode: '802', newCode: '840', kind: 'FULL' }],
    });
    expect(opened.errors).toBeUndefined();
    expect(opened.data!.applyReorganisation.openedUnits).toMatchObject([
      {
        code: '840',
        type: 'RURAL_DISTRICT',
        validFrom: '2025-06-30',
        validTo: '2025-07-01',
        parent: { code: '96' },
      },
    ]);
    for (const effectiveDate of ['2025-07-01', '2026-01-01']) {
      const before = await units();
      const r = await request(APPLY, {
        effectiveDate,
        newUnits: [{ code: '841', name: 'Huyện Mới', type: 'URBAN_DISTRICT', parentCode: '96' }],
        mapping: [{ oldCode: '80001', newCode: '841', kind: 'FULL' }],
      });
      expect([effectiveDate, r.errors?.[0].extensions]).toEqual([
        effectiveDate,
        expect.objectContaining({
          code: 'BAD_USER_INPUT',
          field: 'newUnits[0].type',
          reason: 'UNIT_DISTRICT_ABOLISHED',
        }),
      ]);
      expect(r.errors?.[0].message).toMatch(/^Cấp huyện đã chấm dứt từ ngày 01\/07\/2025/);
      expect(await units()).toBe(before);
    }
    expect(await districtsValidOn('2025-07-01')).toEqual([]);
  });

  it('import: the new structure has provinces and communes only; a district there is skipped as an error', async () => {
    const merges = {
      data: [
        {
          level1_id: '95',
          name: 'Tỉnh Gió Lộng',
          merges: [{ old_id: '95', name: 'Tỉnh Gió Lộng', type: 'full' }],
          level2s: [
            { level2_id: '95001', name: 'Huyện Gió Mới', merges: [] },
            {
              level2_id: '95004',
              name: 'Xã Gió Mới',
              merges: [{ old_id: '95004', name: 'Xã Gió', type: 'full' }],
            },
          ],
        },
      ],
    };
    const splits = {
      data: [
        {
          level1_id: '95',
          name: 'Tỉnh Gió Lộng',
          splits: [{ new_id: '95', name: 'Gió Lộng' }],
          level3s: [
            { level3_id: '95004', name: 'Xã Gió', splits: [{ new_id: '95004', name: 'Xã Gió Mới' }] },
          ],
        },
      ],
    };
    const r = await request(IMPORT, {
      mergesJson: JSON.stringify(merges),
      splitsJson: JSON.stringify(splits),
    });
    expect(r.errors).toBeUndefined();
    const summary = r.data!.importAdministrativeUnits;
    expect(summary.problems.filter((p) => p.severity === 'ERROR')).toMatchObject([
      {
        severity: 'ERROR',
        location: 'data[0].level2s[0]',
        code: '95001',
        message:
          '"Huyện Gió Mới" names a district: the district level was abolished on 2025-07-01, so the new structure has provinces and communes only',
      },
    ]);
    const strict = await request(IMPORT, {
      mergesJson: JSON.stringify(merges),
      splitsJson: JSON.stringify(splits),
      strict: true,
    });
    expect(strict.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await districtsValidOn('2025-07-01')).toEqual([]);
    expect(await districtsValidOn('2030-01-01')).toEqual([]);
  });
});
