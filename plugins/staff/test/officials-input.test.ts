import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '..';
import { arrangeStaffWorld, StaffWorld } from './fixtures';

/** Malformed input to the officials, desks and units mutations: BAD_USER_INPUT naming the field, nothing stored. */
describe('officials, desks and units: malformed input', () => {
  let t: TestApp;
  let w: StaffWorld;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin] });
    w = await arrangeStaffWorld(t);
  });
  afterAll(() => t.close());

  const refused = async (query: string, variables: Record<string, unknown>) => {
    const result = await t.request(query, variables, { token: w.adminToken });
    expect(result.data?.[Object.keys(result.data ?? {})[0]] ?? null).toBeNull();
    return { code: result.errors?.[0].extensions?.code, field: result.errors?.[0].extensions?.field };
  };
  const UPDATE = `mutation($input: UpdateOfficialInput!) { updateOfficial(input: $input) { fullName position } }`;
  const CREATE = `mutation($input: CreateOfficialInput!) { createOfficial(input: $input) { id } }`;
  const LEFT = `mutation($input: ChangeOfficialStatusInput!) { markOfficialLeft(input: $input) { status leftOn } }`;

  it('an official keeps a name and a position: empty or null ones are refused', async () => {
    expect(await refused(UPDATE, { input: { id: w.officerA.id, fullName: '   ' } })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'fullName',
    });
    expect(await refused(UPDATE, { input: { id: w.officerA.id, fullName: null } })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'fullName',
    });
    expect(await refused(UPDATE, { input: { id: w.officerA.id, position: null } })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'position',
    });
    expect(
      await t.sql(`select full_name, position from staff_official where id = $1`, [w.officerA.id]),
    ).toEqual([{ full_name: 'Nguyễn Văn Hùng', position: 'ONE_STOP_OFFICER' }]);
    expect(
      (
        await t.query(
          UPDATE,
          { input: { id: w.officerA.id, fullName: '  Nguyễn  Văn Hùng ' } },
          { token: w.adminToken },
        )
      ).updateOfficial.fullName,
    ).toBe('Nguyễn Văn Hùng');
  });

  it('days are calendar days written YYYY-MM-DD: no impossible dates, no PostgreSQL words like "yesterday" or "infinity"', async () => {
    const create = (extra: Record<string, unknown>, posting: Record<string, unknown> = {}) =>
      refused(CREATE, {
        input: {
          fullName: 'Hà Văn Ngày',
          position: 'SPECIALIST',
          postings: [{ agencyId: w.agencyA.id, ...posting }],
          ...extra,
        },
      });
    for (const joinedOn of ['yesterday', '2025-02-30', '1/7/2025', 'infinity']) {
      expect(await create({ joinedOn })).toEqual({ code: 'BAD_USER_INPUT', field: 'joinedOn' });
    }
    expect(await create({}, { startsOn: '2025-13-01' })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'postings[0].startsOn',
    });
    expect(await create({}, { startsOn: 'tomorrow' })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'postings[0].startsOn',
    });
    expect(await t.sql(`select 1 from staff_official where full_name = 'Hà Văn Ngày'`)).toEqual([]);
    for (const on of ['infinity', 'today', '2025-02-29']) {
      expect(await refused(LEFT, { input: { officialId: w.officerB.id, on } })).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'on',
      });
    }
    expect(
      await t.sql(`select status::text, left_on from staff_official where id = $1`, [w.officerB.id]),
    ).toEqual([{ status: 'ACTIVE', left_on: null }]);
    const left = await t.query(
      LEFT,
      { input: { officialId: w.officerB.id, on: '2025-12-31' } },
      { token: w.adminToken },
    );
    expect(left.markOfficialLeft).toEqual({ status: 'LEFT', leftOn: '2025-12-31' });
  });

  it('a unit keeps a code and a name: null ones are refused', async () => {
    const UNIT = `mutation($input: UpdateUnitInput!) { updateAdministrativeUnit(input: $input) { code name } }`;
    expect(await refused(UNIT, { input: { id: w.communeA.id, name: null } })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'name',
    });
    expect(await refused(UNIT, { input: { id: w.communeA.id, code: null } })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'code',
    });
    expect(await t.sql(`select code, name from staff_unit where id = $1`, [w.communeA.id])).toEqual([
      { code: '06940', name: 'Phường Hạ Long' },
    ]);
  });

  it('a unit move with a bad period or level is refused before anything is written', async () => {
    const UNIT = `mutation($input: UpdateUnitInput!) { updateAdministrativeUnit(input: $input) { code } }`;
    const before = await t.sql(`select parent_id, path, valid_from, valid_to from staff_unit order by id`);
    // Vectors found by the mutation fuzz: the move was flushed before the period was checked.
    const vectors: Array<[Record<string, unknown>, { code: string; field: string }]> = [
      [
        { id: w.communeA.id, parentId: w.communeB.id, validFrom: '9999-12-31', validTo: '9999-12-31' },
        { code: 'BAD_USER_INPUT', field: 'validTo' },
      ],
      [
        { id: w.communeA.id, parentId: w.communeB.id },
        { code: 'BAD_USER_INPUT', field: 'parentId' },
      ],
      [
        { id: w.communeA.id, validFrom: '2026-01-02', validTo: '2026-01-01' },
        { code: 'BAD_USER_INPUT', field: 'validTo' },
      ],
    ];
    for (const [input, expected] of vectors)
      expect([input, await refused(UNIT, { input })]).toEqual([input, expected]);
    expect(await t.sql(`select parent_id, path, valid_from, valid_to from staff_unit order by id`)).toEqual(
      before,
    );
  });

  it('a desk has a name', async () => {
    const [{ centre_id: centreId }] = await t.sql(`select centre_id from staff_desk where id = $1`, [
      w.deskA.id,
    ]);
    expect(
      await refused(`mutation($input: CreateDeskInput!) { createDesk(input: $input) { id } }`, {
        input: { centreId, code: '09', name: '  ' },
      }),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(await t.sql(`select 1 from staff_desk where code = '09'`)).toEqual([]);
  });
});
