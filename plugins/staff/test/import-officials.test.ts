import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createTestApp, TestApp } from '../../../test/harness';
import { AgencyKind, agencies, officialImport, staffPlugin } from '..';
import { arrangeStaffWorld, StaffWorld } from './fixtures';
import { importOfficialsCommand } from '../cli/import-officials';
import { CreateDepartmentDocument, OfficialDocument } from '../../../test/graphql/generated';

/**
 * Bulk import of officials from CSV: every row checked first with per-row, per-column errors; a dry
 * run writes nothing; valid rows are created together through officials.create (scope, roles,
 * events, Keycloak jobs), all or nothing; re-running the file changes nothing.
 */
const HEADER =
  'full_name,username,position,title,email,personal_email,phone,agency_electronic_id,department,desk_code,roles';
const FILE = [
  HEADER,
  'Đỗ Thị Hạnh,,ONE_STOP_OFFICER,Công chức một cửa,hanhdt@halong.gov.vn,hanh@example.org,0912 345 678,000.01.01.H46,,01,one-stop-officer@agency', // 2
  'Ngô Quang Vinh,VinhNQ,specialist,,vinhnq@halong.gov.vn,,,000.01.01.H46,VP,,specialist@agency; records-clerk@unit:06940', // 3
  'Nguyễn Văn Hùng,,LEADER,,,,,000.01.01.H46,Văn phòng,,records-clerk', // 4
  'Trần Văn Sai,,chief,,not-an-email,,,000.99.99.H46,,,boss@agency', // 5
  '"Phạm\n Văn Dài",,Specialist,,,,,000.01.01.H46,,,', // 6-7
  'Lê Thị Thiếu,,SPECIALIST,,,,,000.01.01.H46', // 8
  '', // 9
  'Bùi Văn Ngoài,,SPECIALIST,,,,,000.02.01.H46,,,', // 10
  'Ngô Quang Vinh,vinhnq,SPECIALIST,,,,,000.01.01.H46,,,', // 11
  ',,SPECIALIST,,,,,000.01.01.H46,,,', // 12
  'Đặng Văn Quyền,,SPECIALIST,,,,,000.01.01.H46,,,platform-admin@agency', // 13
  'Đoàn Văn Tỉnh,,SPECIALIST,,,,,000.01.01.H46,,99,leader@unit:22', // 14
].join('\n');

const IMPORT = `mutation($input: ImportOfficialsInput!) { importOfficials(input: $input) {
  dryRun total created unchanged invalid rows { row status fullName username officialId errors { row column message } } } }`;

describe('importing officials from CSV', () => {
  let t: TestApp;
  let w: StaffWorld;
  const officialCount = async () =>
    Number((await t.sql('select count(*)::int as n from staff_official'))[0].n);
  const jobCount = async () =>
    Number((await t.sql('select count(*)::int as n from graphile_worker._private_jobs'))[0].n);
  const importCsv = (csv: string, token: string, dryRun = false) =>
    t.query(IMPORT, { input: { csv, dryRun } }, { token }).then((d) => d.importOfficials);
  const byRow = (result: any) => Object.fromEntries(result.rows.map((r: any) => [r.row, r]));
  const errorsOf = (row: any) => row.errors.map((e: any) => `${e.column ?? '-'}: ${e.message}`);

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin] });
    w = await arrangeStaffWorld(t);
    await t.query(
      CreateDepartmentDocument,
      { input: { agencyId: w.agencyA.id, name: 'Văn phòng', code: 'VP' } },
      { token: w.adminToken },
    );
  });
  afterAll(() => t.close());

  it('a dry run reports every problem per row and column, and writes nothing', async () => {
    const before = await officialCount();
    const jobsBefore = await jobCount();
    const result = await importCsv(FILE, w.itAdminA.token, true);
    expect(result).toMatchObject({ dryRun: true, total: 11, created: 0, unchanged: 0, invalid: 7 });
    const rows = byRow(result);
    expect(result.rows.map((r: any) => r.row)).toEqual([2, 3, 4, 5, 6, 8, 10, 11, 12, 13, 14]);
    expect(rows[2]).toMatchObject({ status: 'WOULD_CREATE', username: 'hanhdt', errors: [] });
    expect(rows[3]).toMatchObject({ status: 'WOULD_CREATE', username: 'vinhnq' });
    expect(rows[4]).toMatchObject({ status: 'WOULD_CREATE', username: 'hungnv2' }); // hungnv is taken
    expect(rows[6]).toMatchObject({ status: 'WOULD_CREATE', fullName: 'Phạm Văn Dài', username: 'daipv' });
    expect(errorsOf(rows[5])).toEqual([
      'position: Unknown position "chief" (one of LEADER, ONE_STOP_OFFICER, SPECIALIST, RECORDS_CLERK, IT_ADMIN, OTHER)',
      'email: "not-an-email" is not an email address',
      'agency_electronic_id: No agency with electronic id 000.99.99.H46',
      expect.stringMatching(/^roles: Unknown role "boss"/),
    ]);
    expect(errorsOf(rows[8])).toEqual(['-: Expected 11 cells as in the header, found 8']);
    expect(errorsOf(rows[10])).toEqual([
      'agency_electronic_id: Agency UBND phường Bãi Cháy (000.02.01.H46) is outside your scope',
    ]);
    expect(errorsOf(rows[11])).toEqual(['username: Username vinhnq appears on an earlier row']);
    expect(errorsOf(rows[12])).toEqual(['full_name: The full name is required']);
    expect(errorsOf(rows[13])).toEqual([
      expect.stringMatching(/^roles: Only a platform administrator makes platform administrators/),
    ]);
    expect(errorsOf(rows[14])).toEqual([
      'desk_code: No desk 99 in UBND phường Hạ Long',
      'roles: You cannot grant role leader there: none of your roles delegates it over this unit ("leader@unit:22")',
    ]);
    for (const row of result.rows) for (const e of row.errors) expect(e.row).toBe(row.row);
    expect(await officialCount()).toBe(before);
    expect(await jobCount()).toBe(jobsBefore);
  });

  it('creates the valid rows through officials.create: postings, roles, audit and Keycloak jobs', async () => {
    const before = await officialCount();
    const result = await importCsv(FILE, w.itAdminA.token);
    expect(result).toMatchObject({ dryRun: false, total: 11, created: 4, unchanged: 0, invalid: 7 });
    expect(await officialCount()).toBe(before + 4);
    const rows = byRow(result);
    expect([2, 3, 4, 6].map((n) => rows[n].status)).toEqual(['CREATED', 'CREATED', 'CREATED', 'CREATED']);

    const hanh = (await t.query(OfficialDocument, { id: rows[2].officialId }, { token: w.itAdminA.token }))
      .official!;
    expect(hanh).toMatchObject({
      fullName: 'Đỗ Thị Hạnh',
      username: 'hanhdt',
      position: 'ONE_STOP_OFFICER',
      title: 'Công chức một cửa',
      email: 'hanhdt@halong.gov.vn',
      personalEmail: 'hanh@example.org',
      phone: '0912 345 678',
      status: 'ACTIVE',
      postings: [
        { primary: true, agency: { electronicId: '000.01.01.H46' }, desk: { code: '01' }, department: null },
      ],
      roleAssignments: [{ role: 'one-stop-officer', agency: { electronicId: '000.01.01.H46' }, unit: null }],
    });
    const vinh = (await t.query(OfficialDocument, { id: rows[3].officialId }, { token: w.itAdminA.token }))
      .official!;
    expect(vinh).toMatchObject({
      position: 'SPECIALIST',
      postings: [{ department: { name: 'Văn phòng' } }],
      roleAssignments: [
        { role: 'records-clerk', agency: null, unit: { code: '06940' } },
        { role: 'specialist', agency: { id: w.agencyA.id }, unit: null },
      ],
    });

    // Each new official: a Keycloak sync (with the set-password email) and an audit entry, as for one created by hand.
    const jobs =
      await t.sql(`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
      where k.identifier = 'staff.keycloak-sync-official'`);
    for (const n of [2, 3, 4, 6]) {
      expect(jobs.map((j) => j.payload)).toContainEqual({
        officialId: rows[n].officialId,
        sendSetPassword: true,
        _scope: { unitIds: [w.communeA.id], agencyIds: [w.agencyA.id] },
      });
      expect(
        await t.sql(
          `select actor_name from core_audit_entry where action = 'staff.official.create' and entity_id = $1`,
          [rows[n].officialId],
        ),
      ).toEqual([{ actor_name: 'duclm' }]);
    }
  });

  it('re-running the file creates nothing: existing rows are UNCHANGED, changed ones refused', async () => {
    const before = await officialCount();
    const again = await importCsv(FILE, w.itAdminA.token);
    expect(again).toMatchObject({ created: 0, unchanged: 4, invalid: 7 });
    expect(byRow(again)[4]).toMatchObject({ status: 'UNCHANGED', username: 'hungnv2' });
    expect(await officialCount()).toBe(before);

    const changed = await importCsv(
      [
        HEADER,
        'Ngô Quang Vinh,vinhnq,LEADER,,vinhnq@halong.gov.vn,,,000.01.01.H46,VP,,specialist@agency;records-clerk@unit:06940',
      ].join('\n'),
      w.itAdminA.token,
    );
    expect(changed.rows[0]).toMatchObject({ status: 'INVALID', username: 'vinhnq' });
    expect(errorsOf(changed.rows[0])).toEqual([
      'username: Username vinhnq belongs to an official with other data (position); the import only creates officials',
    ]);
  });

  it('all or nothing: a row refused while writing undoes the rows before it', async () => {
    // An interruption after the checks: the database refuses the third official.
    await t.sql(`create function refuse_boom() returns trigger language plpgsql as $$
      begin if new.username = 'boom' then raise exception 'disk full'; end if; return new; end $$`);
    await t.sql(
      `create trigger refuse_boom before insert on staff_official for each row execute function refuse_boom()`,
    );
    try {
      const before = await officialCount();
      const csv = [
        HEADER,
        'Mai Văn Một,,SPECIALIST,,,,,000.01.01.H46,,,',
        'Mai Văn Hai,,SPECIALIST,,,,,000.01.01.H46,,,',
        'Mai Văn Ba,boom,SPECIALIST,,,,,000.01.01.H46,,,',
      ].join('\n');
      const dry = await importCsv(csv, w.itAdminA.token, true);
      expect(dry.invalid).toBe(0);
      const result = await t.request(IMPORT, { input: { csv } }, { token: w.itAdminA.token });
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'OFFICIAL_IMPORT_FAILED', row: 4 } });
      expect(result.errors?.[0].message).toMatch(/^Row 4 \(Mai Văn Ba\): .*Nothing was imported\.$/);
      expect(await officialCount()).toBe(before);
      expect(await t.sql(`select 1 from staff_official where full_name like 'Mai Văn %'`)).toEqual([]);
    } finally {
      await t.sql('drop trigger refuse_boom on staff_official');
      await t.sql('drop function refuse_boom()');
    }
  });

  it('imports a longer file in one go (the unit of work is flushed and cleared every 100 rows)', async () => {
    const given = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hải', 'Khoa', 'Long', 'Minh', 'Nam', 'Phúc'];
    const lines = Array.from(
      { length: 105 },
      (_, i) =>
        `Trịnh Văn ${given[i % given.length]},tv${i},SPECIALIST,,,,,000.02.01.H46,,,specialist@agency`,
    );
    const before = await officialCount();
    const result = await importCsv([HEADER, ...lines].join('\n'), w.adminToken);
    expect(result).toMatchObject({ total: 105, created: 105, invalid: 0 });
    expect(await officialCount()).toBe(before + 105);
    expect(
      await t.sql(
        `select count(*)::int as n from staff_role_assignment r join staff_official o on o.id = r.official_id where o.username like 'tv%'`,
      ),
    ).toEqual([{ n: 105 }]);
    expect(
      await t.sql(
        `select count(*)::int as n from core_audit_entry where action = 'staff.official.create' and after->>'username' like 'tv%'`,
      ),
    ).toEqual([{ n: 105 }]);
  });

  it('refuses a file it cannot read, and people without staff.officials.manage', async () => {
    const header = await t.request(
      IMPORT,
      { input: { csv: 'name,position\nA,LEADER' } },
      { token: w.itAdminA.token },
    );
    expect(header.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(header.errors?.[0].message).toContain(
      'unknown column(s) name; missing column(s) full_name, agency_electronic_id',
    );
    const quote = await t.request(
      IMPORT,
      { input: { csv: `${HEADER}\n"Đỗ Thị Hạnh,,LEADER,,,,,000.01.01.H46,,,` } },
      { token: w.itAdminA.token },
    );
    expect(quote.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', row: 2 } });
    expect(
      (await t.request(IMPORT, { input: { csv: '' } }, { token: w.itAdminA.token })).errors?.[0].message,
    ).toContain('The CSV is empty');
    const denied = await t.request(
      IMPORT,
      { input: { csv: FILE, dryRun: true } },
      { token: w.officerA.token },
    );
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('inside a larger unit of work, the import sees what that unit of work wrote before it (its reads use the transaction)', async () => {
    // officialImport and agencies are the staff plugin's public services: another plugin's mutation may set
    // up an agency and import its officials in one transaction.
    const ctx = t.app.systemContext();
    const rows = await ctx.transactional(async () => {
      await agencies.create(ctx, {
        name: 'UBND xã Mới',
        kind: AgencyKind.PEOPLES_COMMITTEE,
        electronicId: '000.07.07.H46',
        unitId: w.communeA.id,
      });
      const result = await officialImport.import(
        ctx,
        `full_name,position,agency_electronic_id\nLưu Văn Tâm,SPECIALIST,000.07.07.H46\n`,
        { dryRun: true },
      );
      return result.rows;
    });
    expect(rows).toEqual([expect.objectContaining({ status: 'WOULD_CREATE', errors: [] })]);
  });

  it('the command line imports a file with a summary (as the platform: every scope)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-officials-'));
    const file = path.join(dir, 'can-bo.csv');
    fs.writeFileSync(
      file,
      `\uFEFF${FILE}\nVi Thị Mới,,RECORDS_CLERK,,,,,000.02.01.H46,,,records-clerk@agency\n`,
    );
    let output = '';
    const out = new Writable({
      write(chunk, _enc, done) {
        output += chunk.toString();
        done();
      },
    });
    try {
      const dryCode = await importOfficialsCommand(t.app, {
        file,
        dryRun: true,
        output: out,
        progressStream: out,
      });
      expect(dryCode).toBe(1);
      expect(output).toContain(`Dry run of ${file}: 12 row(s)`);
      expect(output).toContain('would create: 3'); // the platform itself has every scope and role: rows 10, 13 and 15
      expect(output).toContain('invalid (not imported): 5');
      expect(output).toContain('unchanged (already there): 4');
      expect(output).toContain('  line 5, position: Unknown position "chief"');
      output = '';
      const before = await officialCount();
      expect(
        await importOfficialsCommand(t.app, { file, dryRun: false, output: out, progressStream: out }),
      ).toBe(1);
      expect(output).toContain('created: 3');
      expect(await officialCount()).toBe(before + 3);
      output = '';
      expect(
        await importOfficialsCommand(t.app, {
          file: path.join(dir, 'missing.csv'),
          dryRun: false,
          output: out,
        }),
      ).toBe(2);
      expect(output).toMatch(/^Cannot read .*missing\.csv/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
