import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import {
  CREATE_PROCEDURE,
  createProcedure,
  expectIdRefused,
  expectItemIdRefused,
  ID_CASES,
  procedureInput,
} from './helpers';
import { ProcedureDocument, type CreateProcedureInput } from '../../../test/graphql/generated';

describe('procedure catalogue', () => {
  let t: TestApp;
  let w: StaffWorld;
  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      env: { PUBLIC_URL: 'https://dichvucong.quangninh.gov.vn' },
    });
    w = await arrangeStaffWorld(t);
  });
  afterAll(() => t.close());

  it('validates the national code shape', async () => {
    const shapes: Array<[string, boolean]> = [
      ['1.001612', true],
      ['1.000948.H38', true],
      ['2.000815', true],
      [' 1.000894 ', true],
      ['1.000949.h38', true],
      ['1.0016', false],
      ['1.0016123', false],
      ['001612', false],
      ['1.000948.H3', false],
      ['1.000948.38', false],
      ['0.001612', false],
      ['1.001612.HH8', false],
    ];
    for (const [code, ok] of shapes) {
      const result = await t.request(
        CREATE_PROCEDURE,
        { input: procedureInput({ code, name: `Thủ tục ${code}` }) },
        { token: w.adminToken },
      );
      if (ok) expect(result.errors).toBeUndefined();
      else expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const again = await t.request(
      CREATE_PROCEDURE,
      { input: procedureInput({ code: '1.001612' }) },
      { token: w.adminToken },
    );
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    const stored = await t.sql(`select code from procedures_procedure order by code`);
    expect(stored.map((r) => r.code)).toEqual([
      '1.000894',
      '1.000948.H38',
      '1.000949.H38',
      '1.001612',
      '2.000815',
    ]);
  });

  it('refuses content a desk could not use', async () => {
    const bad: Partial<CreateProcedureInput>[] = [
      { cases: [] },
      {
        cases: [{ code: 'A', name: 'x', limits: [{ channel: 'COUNTER', amount: 1, unit: 'WORKING_DAYS' }] }],
      }, // no limit for online / post
      { cases: [{ code: 'A', name: 'x', limits: [{ amount: -1, unit: 'WORKING_DAYS' }] }] },
      { cutoffHour: 24 },
      { fees: [{ name: 'Lệ phí', amount: 10.5 }] },
      { fees: [{ name: 'Lệ phí', amount: 1000, caseCodes: ['TH9'] }] },
      { components: [{ code: 'A', name: 'Tờ khai' }] }, // neither originals nor copies
      { name: '  ' },
    ];
    for (const override of bad) {
      const result = await t.request(
        CREATE_PROCEDURE,
        { input: procedureInput({ code: '1.000656', ...override }) },
        { token: w.adminToken },
      );
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('lets only catalogue managers with the right scope publish', async () => {
    const officer = await t.request(
      CREATE_PROCEDURE,
      { input: procedureInput({ code: '1.000656' }) },
      { token: w.officerA.token },
    );
    expect(officer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // A provincial leader may publish the province's own procedures, not national ones.
    const national = await t.request(
      CREATE_PROCEDURE,
      { input: procedureInput({ code: '1.000656' }) },
      { token: w.leaderP.token },
    );
    expect(national.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const provincial = await t.request(
      CREATE_PROCEDURE,
      {
        input: procedureInput({
          code: '1.004227.H22',
          name: 'Thủ tục riêng của tỉnh',
          unitId: w.province.id,
        }),
      },
      { token: w.leaderP.token },
    );
    expect(provincial.errors).toBeUndefined();
    const commune = await t.request(
      CREATE_PROCEDURE,
      { input: procedureInput({ code: '1.004228.H22', unitId: w.province.id }) },
      { token: w.itAdminA.token },
    );
    expect(commune.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('searches the public catalogue without sign-in, ignoring diacritics and case', async () => {
    await createProcedure(t, w.adminToken, { code: '1.000656', name: 'Đăng ký khai tử' });
    await createProcedure(t, w.adminToken, {
      code: '2.000884',
      name: 'Chứng thực chữ ký trong các giấy tờ, văn bản',
      field: 'Chứng thực',
    });
    const search = async (s: string) =>
      (
        await t.query(
          `query($f: ProcedureFilterInput) { procedures(filter: $f, first: 50) { totalCount nodes { code name } } }`,
          { f: { search: s } },
        )
      ).procedures;
    expect((await search('dang ky khai tu')).nodes.map((n: any) => n.code)).toEqual(['1.000656']);
    expect((await search('ĐĂNG KÝ KHAI TỬ')).nodes.map((n: any) => n.code)).toEqual(['1.000656']);
    expect((await search('chung thuc chu ky')).nodes.map((n: any) => n.name)).toEqual([
      'Chứng thực chữ ký trong các giấy tờ, văn bản',
    ]);
    expect((await search('2.0008')).nodes.map((n: any) => n.code).sort()).toEqual(['2.000815', '2.000884']);
    expect((await search('100%')).totalCount).toBe(0);
    const byField = await t.query(
      `{ procedures(filter: { field: "chung thuc" }) { nodes { code } } procedureFields }`,
    );
    expect(byField.procedures.nodes.map((n: any) => n.code)).toEqual(['2.000884']);
    expect(byField.procedureFields).toEqual(['Chứng thực', 'Hộ tịch']);
    // The search key is indexed (trigram GIN): the planner can use it once the table is large.
    await t.sql(`set enable_seqscan = off`);
    const plan = await t.sql(
      `explain select id from procedures_procedure where core_search_key(name) like '%' || core_search_key('khai tử') || '%'`,
    );
    await t.sql(`reset enable_seqscan`);
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('procedures_procedure_name_search_idx');
  });

  it('publishes new versions and never changes an old one', async () => {
    const created = await createProcedure(t, w.adminToken, { code: '1.001022', name: 'Đăng ký kết hôn' });
    const PUBLISH = `mutation($input: PublishProcedureVersionInput!) { publishProcedureVersion(input: $input) { version latestVersionNo name currentVersion { versionNo } latestVersion { versionNo effectiveFrom cases { code limits { channel amount unit } } } } }`;
    const {
      code: _code,
      unitId: _unit,
      ...content
    } = procedureInput({
      name: 'Đăng ký kết hôn (sửa đổi)',
      effectiveFrom: '2099-01-01',
      changeNote: 'Rút ngắn thời hạn',
    }) as any;
    const published = (
      await t.query(
        PUBLISH,
        { input: { ...content, procedureId: created.id, version: created.version } },
        { token: w.adminToken },
      )
    ).publishProcedureVersion;
    expect(published.latestVersionNo).toBe(2);
    expect(published.latestVersion.versionNo).toBe(2);
    expect(published.latestVersion.effectiveFrom).toBe('2099-01-01');
    // Not in effect until 2099: today's dossiers still get version 1.
    expect(published.currentVersion.versionNo).toBe(1);
    const stale = await t.request(
      PUBLISH,
      { input: { ...content, procedureId: created.id, version: created.version } },
      { token: w.adminToken },
    );
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    await expect(
      t.sql(`update procedures_procedure_version set name = 'x' where version_no = 1`),
    ).rejects.toThrow(/immutable/);
    const versions = (await t.query(ProcedureDocument, { id: created.id })).procedure?.versions;
    expect(versions).toEqual([
      { versionNo: 2, name: 'Đăng ký kết hôn (sửa đổi)' },
      { versionNo: 1, name: 'Đăng ký kết hôn' },
    ]);
    const audit = await t.sql(`select action from core_audit_entry where entity_id = $1 order by at`, [
      created.id,
    ]);
    expect(audit.map((a) => a.action)).toEqual([
      'procedures.procedure.create',
      'procedures.procedure.publish',
    ]);
  });

  it('gives each procedure a public link and a QR code in PNG and SVG', async () => {
    const data = (await t.query(ProcedureDocument, { code: '1.000948.h38' })).procedure!;
    expect(data.publicUrl).toBe('https://dichvucong.quangninh.gov.vn/thu-tuc/1.000948.H38');
    expect(data.qrCodePng).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(data.qrCodePng.split(',')[1], 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(data.qrCodeSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('hides withdrawn procedures from the public', async () => {
    const p = (await t.query(ProcedureDocument, { code: '2.000884' })).procedure!;
    await t.query(
      `mutation($input: SetProcedureActiveInput!) { setProcedureActive(input: $input) { active } }`,
      { input: { procedureId: p.id, version: p.version, active: false } },
      { token: w.adminToken },
    );
    expect((await t.query(ProcedureDocument, { code: '2.000884' })).procedure).toBeNull();
    expect(
      (await t.query(`{ procedures(filter: { search: "chung thuc chu ky" }) { totalCount } }`)).procedures
        .totalCount,
    ).toBe(0);
    expect(
      (
        await t.query(
          `{ procedures(filter: { search: "chung thuc chu ky", includeInactive: true }) { totalCount } }`,
          {},
          { token: w.adminToken },
        )
      ).procedures.totalCount,
    ).toBe(1);
  });

  it('reads one procedure by id: a malformed id is BAD_USER_INPUT on id, an unknown one null', async () => {
    const created = await createProcedure(t, w.adminToken, {
      code: '1.001195',
      name: 'Đăng ký nhận cha, mẹ, con',
    });
    const found = await t.request(ProcedureDocument, { id: created.id });
    expect(found.data?.procedure).toMatchObject({ id: created.id, code: '1.001195' });
    for (const [id, code] of ID_CASES)
      expectItemIdRefused(await t.request(ProcedureDocument, { id }), 'procedure', 'id', code);
  });

  it('a malformed procedureId to publish or withdraw is BAD_USER_INPUT on procedureId, an unknown one NOT_FOUND', async () => {
    const { code: _code, unitId: _unit, ...content } = procedureInput() as any;
    for (const [procedureId, code] of ID_CASES) {
      expectIdRefused(
        await t.request(
          `mutation($input: PublishProcedureVersionInput!) { publishProcedureVersion(input: $input) { id } }`,
          { input: { ...content, procedureId, version: 1 } },
          { token: w.adminToken },
        ),
        'procedureId',
        code,
      );
      expectIdRefused(
        await t.request(
          `mutation($input: SetProcedureActiveInput!) { setProcedureActive(input: $input) { id } }`,
          { input: { procedureId, version: 1, active: false } },
          { token: w.adminToken },
        ),
        'procedureId',
        code,
      );
    }
  });
});
