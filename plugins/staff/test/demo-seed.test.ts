import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '..';
import { importUnits } from '../services/unit-import.service';
import { DEMO_OFFICIALS, QUANG_NINH_MERGES, QUANG_NINH_SPLITS } from '../seeds';
import {
  AdministrativeUnitByCodeDocument,
  CurrentUnitsOfDocument,
  MeOfficialDocument,
  OfficialsDocument,
} from '../../../test/graphql/generated';

describe('demo seed staff.demo-quang-ninh (Quảng Ninh before and after the 2025 reform)', () => {
  let t: TestApp;
  let applied: string[];
  /** What `npm run token -- --user <name> --roles <role>` mints: subject dev-<name>, the realm's demo user. */
  const demoToken = (username: string, role: string) =>
    t.token({ username, subject: `dev-${username}`, roles: [role] });
  const unit = async (code: string, validOn: string) =>
    (await t.query(AdministrativeUnitByCodeDocument, { code, validOn })).administrativeUnitByCode;
  const currentUnitsOf = async (id: string) =>
    (await t.query(CurrentUnitsOfDocument, { unitId: id })).currentUnitsOf;
  const officialsSeenBy = async (token: string) =>
    (await t.query(OfficialsDocument, { first: 50 }, { token })).officials.nodes
      .map((n: any) => n.username)
      .sort();

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin] });
    applied = await t.app.runSeeds({ demo: true });
  });
  afterAll(() => t.close());

  it('loads through runSeeds({ demo: true }), once', async () => {
    expect(applied).toContain('staff.demo-quang-ninh');
    expect(await t.app.runSeeds({ demo: true })).toEqual([]);
  });

  it('has Quảng Ninh before the reform: the province, districts 193, 195 and 205 and their wards with real codes', async () => {
    const haLong = await unit('193', '2025-06-30');
    expect(haLong).toMatchObject({
      name: 'Thành phố Hạ Long',
      type: 'PROVINCIAL_CITY',
      validFrom: null,
      validTo: '2025-07-01',
      parent: { code: '22', name: 'Tỉnh Quảng Ninh', validTo: '2025-07-01' },
    });
    expect(haLong?.children.map((c) => `${c.code} ${c.name}`)).toEqual([
      '06655 Phường Hà Khẩu',
      '06661 Phường Giếng Đáy',
      '06673 Phường Bãi Cháy',
      '06679 Phường Hùng Thắng',
      '06685 Phường Trần Hưng Đạo',
      '06688 Phường Hồng Hải',
      '06691 Phường Hồng Gai',
      '06694 Phường Bạch Đằng',
      '06697 Phường Hồng Hà',
      '06700 Phường Tuần Châu',
      '06703 Phường Việt Hưng',
      '06706 Phường Đại Yên',
    ]);
    expect(await unit('195', '2025-06-30')).toMatchObject({
      name: 'Thành phố Cẩm Phả',
      type: 'PROVINCIAL_CITY',
    });
    const dongTrieu = await unit('205', '2025-06-30');
    expect(dongTrieu).toMatchObject({ name: 'Thành phố Đông Triều', type: 'PROVINCIAL_CITY' });
    expect(dongTrieu?.children.map((c) => c.code)).toEqual([
      '07075',
      '07084',
      '07090',
      '07093',
      '07099',
      '07102',
      '07120',
      '07126',
    ]);
    expect(await unit('195', '2025-07-01')).toBeNull(); // no district level after the reform
  });

  it('and after it: the new province and the wards the old ones became, with successions', async () => {
    const province = await unit('22', '2025-07-01');
    expect(province?.children.map((c) => `${c.code} ${c.name}`)).toEqual([
      '06661 Phường Việt Hưng',
      '06673 Phường Bãi Cháy',
      '06685 Phường Hồng Gai',
      '06688 Phường Hạ Long',
      '06706 Phường Tuần Châu',
      '06778 Phường Quang Hanh',
      '06793 Phường Cẩm Phả',
      '07090 Phường An Sinh',
      '07093 Phường Đông Triều',
    ]);
    expect(await currentUnitsOf((await unit('06694', '2025-06-30'))!.id)).toMatchObject([
      { kind: 'FULL', unit: { code: '06685', name: 'Phường Hồng Gai' } },
    ]);
    expect(await currentUnitsOf((await unit('07093', '2025-06-30'))!.id)).toMatchObject([
      { kind: 'PARTIAL', unit: { code: '07090', name: 'Phường An Sinh' } },
      { kind: 'PARTIAL', unit: { code: '07093', name: 'Phường Đông Triều' } },
    ]);
    // A district went whole into the new province: its history re-aggregates there.
    expect(await currentUnitsOf((await unit('193', '2025-06-30'))!.id)).toMatchObject([
      { kind: 'FULL', unit: { code: '22', name: 'Tỉnh Quảng Ninh' } },
    ]);
  });

  it('has agencies with their one-stop centres, desks and departments', async () => {
    const data = await t.query(`{ agencies(first: 20) { nodes { name kind electronicId unit { code validFrom }
        departments { name } } } }`);
    const byName = new Map(data.agencies.nodes.map((a: any) => [a.name, a]));
    expect([...byName.keys()].sort()).toEqual(
      [
        'Sở Tư pháp tỉnh Quảng Ninh',
        'Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh',
        'UBND phường Bãi Cháy',
        'UBND phường Cẩm Phả',
        'UBND phường Hạ Long',
        'UBND phường Hồng Gai',
        'UBND phường Đông Triều',
        'UBND tỉnh Quảng Ninh',
      ].sort(),
    );
    expect(byName.get('UBND tỉnh Quảng Ninh')).toMatchObject({
      kind: 'PEOPLES_COMMITTEE',
      electronicId: '000.00.00.H49',
      unit: { code: '22', validFrom: '2025-07-01' },
    });
    expect(byName.get('Sở Tư pháp tỉnh Quảng Ninh')).toMatchObject({ kind: 'PROVINCIAL_DEPARTMENT' });
    expect(byName.get('UBND phường Hồng Gai')).toMatchObject({ unit: { code: '06685' } });
    expect((byName.get('UBND phường Hồng Gai') as any).departments.map((d: any) => d.name)).toContain(
      'Văn phòng HĐND và UBND',
    );
    const desks = await t.sql<{ centre: string; codes: string }>(
      `select c.name as centre, string_agg(d.code, ',' order by d.code) as codes from staff_desk d join staff_one_stop_centre c on c.id = d.centre_id group by c.name order by c.name`,
    );
    expect(desks).toContainEqual({
      centre: 'Trung tâm Phục vụ hành chính công phường Hồng Gai',
      codes: '01,02,03',
    });
    expect(desks).toContainEqual({
      centre: 'Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh',
      codes: '01,02,03,04',
    });
  });

  it('maps each demo user of the realm to an official: leader sees the officials of their ward, and no others', async () => {
    const token = demoToken('leader', 'leader');
    expect(await officialsSeenBy(token)).toEqual([
      'leader',
      'one-stop-officer',
      'records-clerk',
      'specialist',
    ]);
    const me = await t.query(MeOfficialDocument, {}, { token });
    expect(me.me?.official).toMatchObject({
      fullName: 'Vũ Đức Thắng',
      title: 'Chủ tịch UBND phường Hồng Gai',
      position: 'LEADER',
      postings: [{ agency: { name: 'UBND phường Hồng Gai' } }],
    });
  });

  it('every realm demo user is an official with a role and a scope; the provincial IT admin sees the whole province', async () => {
    for (const [username, role] of [
      ['leader', 'leader'],
      ['one-stop-officer', 'one-stop-officer'],
      ['specialist', 'specialist'],
      ['records-clerk', 'records-clerk'],
      ['it-admin', 'it-admin'],
      ['auditor', 'auditor'],
    ]) {
      const me = await t.query(MeOfficialDocument, {}, { token: demoToken(username, role) });
      expect(me.me?.official?.username).toBe(username);
      expect(me.me?.official?.fullName).toMatch(/^\p{Lu}\p{Ll}+( \p{Lu}\p{Ll}+)+$/u); // a Vietnamese full name
      expect(me.me?.permissions).toContain('staff.officials.read');
    }
    const everyone = DEMO_OFFICIALS.length;
    expect((await officialsSeenBy(demoToken('it-admin', 'it-admin'))).length).toBe(everyone);
    expect(await officialsSeenBy(demoToken('one-stop-officer', 'one-stop-officer'))).toEqual([
      'leader',
      'one-stop-officer',
      'records-clerk',
      'specialist',
    ]);
  });

  it('stays consistent with a later import of the same data: the communes keep their district', async () => {
    const summary = await importUnits(t.app.systemContext(), {
      merges: QUANG_NINH_MERGES,
      splits: QUANG_NINH_SPLITS,
      strict: true,
    });
    expect(summary.units.every((c) => c.created === 0 && c.updated === 0)).toBe(true);
    expect((await unit('06691', '2025-06-30'))?.parent).toMatchObject({ code: '193' });
  });
});
