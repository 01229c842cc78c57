import {
  AdministrativeUnitByCodeDocument,
  CreateAdministrativeUnitDocument,
  CreateOfficialDocument,
  CurrentUnitsOfDocument,
  ImportAdministrativeUnitsDocument,
  type ImportAdministrativeUnitsInput,
} from '../../../test/graphql/generated';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { definePlugin } from '../../../src';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '..';
import { parseImportArgs, runUnitImport } from '../cli/import-units';
import { importUnits } from '../services/unit-import.service';
import { QUANG_NINH_MERGES, QUANG_NINH_SPLITS } from '../seeds';
import { arrangeStaffWorld, StaffWorld } from './fixtures';

/** A role that grants staff.units.manage, so a test can hold it over one province only. */
const unitEditorPlugin = definePlugin({
  id: 'uniteditor',
  dependsOn: ['staff'],
  roles: { 'unit-editor': ['staff.units.manage'] },
});

const IMPORT = ImportAdministrativeUnitsDocument;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/**
 * A small made-up reform in the dataset's format (codes 97-98 and 90xxx are not GSO codes): two old
 * provinces merge; three old communes and an island district form three new units.
 */
const SYNTHETIC_SPLITS = {
  data: [
    {
      level1_id: '97',
      name: 'Tỉnh Sông Mây',
      splits: [{ new_id: '97', name: 'Sông Mây' }],
      level2s: [
        { level2_id: '901', name: 'Huyện Đảo Ngọc', splits: [{ new_id: '90013', name: 'Đặc khu Đảo Ngọc' }] },
      ],
      level3s: [
        { level3_id: '90001', name: 'Phường Bến Đá', splits: [{ new_id: '90001', name: 'Phường Bến Đá' }] },
        { level3_id: '90004', name: 'Phường Chợ Cũ', splits: [{ new_id: '90001', name: 'Phường Bến Đá' }] },
        {
          level3_id: '90007',
          name: 'Xã Đồng Lúa',
          splits: [
            { new_id: '90001', name: 'Phường Bến Đá' },
            { new_id: '90010', name: 'Xã Núi Mây' },
          ],
        },
        { level3_id: '90010', name: 'Thị Trấn Núi Mây', splits: [{ new_id: '90010', name: 'Xã Núi Mây' }] },
      ],
    },
    {
      level1_id: '98',
      name: 'Tỉnh Hồ Xanh',
      splits: [{ new_id: '97', name: 'Sông Mây' }],
      level3s: [{ level3_id: '90100', name: 'Xã Hồ Sen', splits: [{ new_id: '90010', name: 'Xã Núi Mây' }] }],
    },
  ],
};
const SYNTHETIC_MERGES = {
  data: [
    {
      level1_id: '97',
      name: 'Tỉnh Sông Mây',
      merges: [
        { old_id: '97', name: 'Tỉnh Sông Mây', type: 'full' },
        { old_id: '98', name: 'Tỉnh Hồ Xanh', type: 'full' },
      ],
      level2s: [
        {
          level2_id: '90001',
          name: 'Phường Bến Đá',
          merges: [
            { old_id: '90001', name: 'Phường Bến Đá', type: 'full' },
            { old_id: '90004', name: 'Phường Chợ Cũ', type: 'full' },
            { old_id: '90007', name: 'Xã Đồng Lúa', type: 'partial' },
          ],
        },
        {
          level2_id: '90010',
          name: 'Xã Núi Mây',
          merges: [
            { old_id: '90007', name: 'Xã Đồng Lúa', type: 'partial' },
            { old_id: '90010', name: 'Thị Trấn Núi Mây', type: 'full' },
            { old_id: '90100', name: 'Xã Hồ Sen', type: 'full' },
          ],
        },
        {
          level2_id: '90013',
          name: 'Đặc khu Đảo Ngọc',
          merges: [{ old_id: '901', name: 'Huyện Đảo Ngọc', type: 'full' }],
        },
      ],
    },
  ],
};

/** The synthetic files with one of each kind of broken row. */
function malformed() {
  const merges = clone(SYNTHETIC_MERGES) as any;
  const splits = clone(SYNTHETIC_SPLITS) as any;
  const communes = merges.data[0].level2s;
  communes[0].merges.push({ old_id: '90999', name: 'Xã Không Có', type: 'full' }); // unknown old unit
  communes[1].merges[0].type = 'whole'; // neither full nor partial
  communes[2].merges.push({ old_id: '901', name: 'Huyện Đảo Ngọc', type: 'full' }); // the same merge twice
  communes.push({ level2_id: '9002', name: 'Phường Ngắn Mã', merges: [] }); // 4 digits
  communes.push({ level2_id: '90016', name: 'Khu phố Lạ', merges: [] }); // no known type prefix
  communes.push({ level2_id: '90001', name: 'Phường Bến Đá Hai', merges: [] }); // duplicate new code
  splits.data[1].level3s.push({ level3_id: '90100', name: 'Xã Hồ Sen Trùng', splits: [] }); // duplicate old code
  splits.data[1].level3s.push({ level3_id: '9x103', name: 'Xã Lỗi Mã', splits: [] }); // not digits
  return { merges, splits };
}

describe('importing administrative units (GSO-style JSON)', () => {
  let t: TestApp;
  let w: StaffWorld;
  let editorToken: string;
  const run = (input: ImportAdministrativeUnitsInput, token?: string) =>
    t.request(IMPORT, { input }, { token: token ?? w.adminToken });
  const asInput = (
    merges: unknown,
    splits: unknown,
    extra: Partial<ImportAdministrativeUnitsInput> = {},
  ): ImportAdministrativeUnitsInput => ({
    mergesJson: JSON.stringify(merges),
    splitsJson: JSON.stringify(splits),
    ...extra,
  });
  const unitCount = async (codes: string[]) =>
    Number(
      (
        await t.sql<{ n: string }>(`select count(*)::text as n from staff_unit where code = any($1)`, [codes])
      )[0].n,
    );
  const auditCount = async () =>
    Number(
      (
        await t.sql<{ n: string }>(
          `select count(*)::text as n from core_audit_entry where action = 'staff.units.import'`,
        )
      )[0].n,
    );
  const unitByCode = async (code: string, validOn: string) =>
    (await t.query(AdministrativeUnitByCodeDocument, { code, validOn })).administrativeUnitByCode!;

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, unitEditorPlugin] });
    w = await arrangeStaffWorld(t);
    const editor = (
      await t.query(
        CreateOfficialDocument,
        {
          input: {
            fullName: 'Trương Văn Định',
            position: 'IT_ADMIN',
            postings: [{ agencyId: w.provinceAgency.id }],
            roles: [{ role: 'unit-editor', unitId: w.province.id }],
          },
        },
        { token: w.adminToken },
      )
    ).createOfficial;
    editorToken = t.token(editor.username, ['unit-editor']);
  });
  afterAll(() => t.close());

  it('imports a real slice (nine new wards of Quảng Ninh and their 28 old wards and communes), then a re-run changes nothing', async () => {
    const audits = await auditCount();
    const first = await run(asInput(QUANG_NINH_MERGES, QUANG_NINH_SPLITS));
    expect(first.errors).toBeUndefined();
    expect(first.data!.importAdministrativeUnits).toMatchObject({
      units: [
        { level: 1, period: 'OLD', created: 1, updated: 0, unchanged: 0 },
        { level: 3, period: 'OLD', created: 28, updated: 0, unchanged: 0 },
        // The fixture world already holds the new province (code 22, from 2025-07-01): found by its natural key.
        { level: 1, period: 'NEW', created: 0, updated: 0, unchanged: 1 },
        { level: 3, period: 'NEW', created: 9, updated: 0, unchanged: 0 },
      ],
      successions: { created: 31, updated: 0, unchanged: 0 },
      problems: [],
      errorCount: 0,
      warningCount: 0,
      strict: false,
      province: null,
    });
    const haKhau = await unitByCode('06655', '2025-06-30');
    expect(haKhau).toMatchObject({
      name: 'Phường Hà Khẩu',
      type: 'WARD',
      validFrom: null,
      validTo: '2025-07-01',
      parent: { code: '22' },
    });
    const now = await t.query(CurrentUnitsOfDocument, { unitId: haKhau.id });
    expect(now.currentUnitsOf).toMatchObject([
      { kind: 'PARTIAL', unit: { code: '06661', name: 'Phường Việt Hưng' } },
      { kind: 'PARTIAL', unit: { code: '06706', name: 'Phường Tuần Châu' } },
    ]);
    const hongGai = await unitByCode('06685', '2025-07-01');
    expect(hongGai).toMatchObject({
      name: 'Phường Hồng Gai',
      validFrom: '2025-07-01',
      validTo: null,
      parent: { code: '22' },
    });
    expect(hongGai.id).not.toBe((await unitByCode('06685', '2025-06-30')).id); // the code was reused by a different unit

    const again = await run(asInput(QUANG_NINH_MERGES, QUANG_NINH_SPLITS));
    const summary = again.data!.importAdministrativeUnits;
    expect(summary.units.every((c: any) => c.created === 0 && c.updated === 0)).toBe(true);
    expect(summary.successions).toEqual({ created: 0, updated: 0, unchanged: 31 });
    expect(await auditCount()).toBe(audits + 2); // audit-logged once per import
  });

  it('runs in one transaction: an import interrupted half-way leaves nothing behind', async () => {
    const audits = await auditCount();
    let written = 0;
    const interrupted = importUnits(t.app.systemContext(), {
      merges: SYNTHETIC_MERGES,
      splits: SYNTHETIC_SPLITS,
      onProgress: ({ phase, done }) => {
        written = done;
        if (phase === 'successions') throw new Error('interrupted');
      },
    });
    await expect(interrupted).rejects.toThrow('interrupted');
    expect(written).toBe(12); // every unit had been inserted when it stopped
    expect(await unitCount(['97', '98', '901', '90001', '90004', '90007', '90010', '90013', '90100'])).toBe(
      0,
    );
    expect(await auditCount()).toBe(audits);
  });

  it('reports each malformed row with its location, and --strict refuses the whole import, writing nothing', async () => {
    const { merges, splits } = malformed();
    const audits = await auditCount();
    const refused = await run(asInput(merges, splits, { strict: true }));
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toBe(
      'Import refused (strict): 8 problem(s) found, nothing was written',
    );
    expect((refused.errors?.[0].extensions?.problems as unknown[]).length).toBe(8);
    expect(await unitCount(['97', '98', '901', '90001', '90004', '90007', '90010', '90013', '90100'])).toBe(
      0,
    );
    expect(await auditCount()).toBe(audits);
  });

  it('without --strict, skips the malformed rows, imports the rest and cross-checks merges.json with splits.json', async () => {
    const { merges, splits } = malformed();
    const result = await run(asInput(merges, splits));
    expect(result.errors).toBeUndefined();
    const summary = result.data!.importAdministrativeUnits;
    const errors = summary.problems
      .filter((p: any) => p.severity === 'ERROR')
      .map((p: any) => [p.file, p.location, p.code]);
    expect(errors).toEqual([
      ['splits.json', 'data[1].level3s[1]', '90100'], // duplicate old code
      ['splits.json', 'data[1].level3s[2]', '9x103'], // not 5 digits
      ['merges.json', 'data[0].level2s[3]', '9002'], // 4 digits
      ['merges.json', 'data[0].level2s[4]', '90016'], // no type prefix
      ['merges.json', 'data[0].level2s[5]', '90001'], // duplicate new code
      ['merges.json', 'data[0].level2s[0].merges[3]', '90999'], // unknown old unit
      ['merges.json', 'data[0].level2s[1].merges[0]', '90007'], // kind "whole"
      ['merges.json', 'data[0].level2s[2].merges[1]', '901'], // the same merge twice
    ]);
    const message = (code: string | null, location: string) =>
      summary.problems.find((p: any) => p.code === code && p.location === location)?.message;
    expect(message('90100', 'data[1].level3s[1]')).toMatch(
      /Duplicate old unit code 90100 \(Xã Hồ Sen Trùng\); first seen at data\[1\]\.level3s\[0\]/,
    );
    expect(message('9002', 'data[0].level2s[3]')).toBe(
      'A level-3 code has 5 digits, got "9002" (Phường Ngắn Mã)',
    );
    expect(message('90016', 'data[0].level2s[4]')).toMatch(/Unknown unit type in the name "Khu phố Lạ"/);
    expect(message('90999', 'data[0].level2s[0].merges[3]')).toBe(
      'Phường Bến Đá merges old unit 90999 (Xã Không Có), which splits.json does not list',
    );
    expect(message('90007', 'data[0].level2s[1].merges[0]')).toMatch(
      /type must be "full" or "partial", got "whole"/,
    );
    const warnings = summary.problems.filter((p: any) => p.severity === 'WARNING').map((p: any) => p.message);
    expect(warnings).toEqual([
      'Name prefix corrected: "Thị Trấn Núi Mây" imported as "Thị trấn Núi Mây"',
      "splits.json says Xã Đồng Lúa went into Xã Núi Mây (90010); merges.json does not list it among Xã Núi Mây's merges",
      'Xã Đồng Lúa (90007) went "partial" into a single unit and nowhere else',
    ]);
    expect(summary).toMatchObject({ errorCount: 8, warningCount: 3 });
    expect(summary.units).toEqual([
      { level: 1, period: 'OLD', created: 2, updated: 0, unchanged: 0 },
      { level: 2, period: 'OLD', created: 1, updated: 0, unchanged: 0 },
      { level: 3, period: 'OLD', created: 5, updated: 0, unchanged: 0 },
      { level: 1, period: 'NEW', created: 1, updated: 0, unchanged: 0 },
      { level: 3, period: 'NEW', created: 3, updated: 0, unchanged: 0 },
    ]);
    expect(summary.successions).toEqual({ created: 8, updated: 0, unchanged: 0 });
    expect(await unitCount(['9002', '90016', '9x103'])).toBe(0);
    expect((await unitByCode('90001', '2025-07-01')).name).toBe('Phường Bến Đá'); // the first of the duplicates
    expect((await unitByCode('90100', '2025-06-30')).name).toBe('Xã Hồ Sen');
    expect(await unitByCode('90010', '2025-06-30')).toMatchObject({
      name: 'Thị trấn Núi Mây',
      type: 'TOWNSHIP',
    });
    expect(await unitByCode('901', '2025-06-30')).toMatchObject({
      name: 'Huyện Đảo Ngọc',
      type: 'RURAL_DISTRICT',
      parent: { code: '97' },
    });
    expect(await unitByCode('90013', '2025-07-01')).toMatchObject({
      name: 'Đặc khu Đảo Ngọc',
      type: 'SPECIAL_ZONE',
    });

    // The fixed files later bring what was skipped, and nothing else changes.
    const fixed = await run(asInput(SYNTHETIC_MERGES, SYNTHETIC_SPLITS));
    expect(fixed.data!.importAdministrativeUnits.successions).toEqual({
      created: 1,
      updated: 0,
      unchanged: 8,
    });
    expect(fixed.data!.importAdministrativeUnits.errorCount).toBe(0);
  });

  it('skips units that clash with a stored unit of the same code in an overlapping period, with their children', async () => {
    await t.query(
      CreateAdministrativeUnitDocument,
      { input: { code: '99', name: 'Tỉnh Đồi Cát', type: 'PROVINCE', validFrom: '2020-01-01' } },
      { token: w.adminToken },
    );
    const splits = {
      data: [
        {
          level1_id: '99',
          name: 'Tỉnh Đồi Cát',
          splits: [{ new_id: '99', name: 'Đồi Cát' }],
          level3s: [
            { level3_id: '90200', name: 'Xã Cát Vàng', splits: [{ new_id: '90200', name: 'Xã Cát Vàng' }] },
          ],
        },
      ],
    };
    const merges = {
      data: [
        {
          level1_id: '99',
          name: 'Tỉnh Đồi Cát',
          merges: [{ old_id: '99', name: 'Tỉnh Đồi Cát', type: 'full' }],
          level2s: [
            {
              level2_id: '90200',
              name: 'Xã Cát Vàng',
              merges: [{ old_id: '90200', name: 'Xã Cát Vàng', type: 'full' }],
            },
          ],
        },
      ],
    };
    const summary = (await run(asInput(merges, splits))).data!.importAdministrativeUnits;
    expect(summary.problems.map((p: any) => [p.file, p.location, p.message])).toEqual([
      [
        'database',
        'splits.json data[0]',
        'Tỉnh Đồi Cát (99) clashes with the stored unit Tỉnh Đồi Cát, valid 2020-01-01 to …; skipped',
      ],
      [
        'database',
        'merges.json data[0]',
        'Tỉnh Đồi Cát (99) clashes with the stored unit Tỉnh Đồi Cát, valid 2020-01-01 to …; skipped',
      ],
      ['database', 'splits.json data[0]', '1 unit(s) under Tỉnh Đồi Cát (99) skipped with it'],
      ['database', 'merges.json data[0]', '1 unit(s) under Tỉnh Đồi Cát (99) skipped with it'],
    ]);
    expect(summary.units).toEqual([]);
    expect(await unitCount(['90200'])).toBe(0);
  });

  it('is platform-wide: refused without a token, without the permission, and with it over one province only', async () => {
    const input = asInput(QUANG_NINH_MERGES, QUANG_NINH_SPLITS);
    expect((await t.request(IMPORT, { input })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await run(input, w.officerA.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const scoped = await run(input, editorToken);
    expect(scoped.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(scoped.errors?.[0].message).toMatch(/platform-wide/);
  });

  it('refuses text that is not JSON, and files without a data array', async () => {
    const notJson = await run({ mergesJson: '{"data": [', splitsJson: '{"data": []}' });
    expect(notJson.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(notJson.errors?.[0].message).toMatch(/^mergesJson is not valid JSON/);
    const noData = await run({ mergesJson: '{"data": []}', splitsJson: '[]' });
    expect(noData.errors?.[0].message).toBe('splits.json must be an object with a "data" array of provinces');
  });

  it('the command line reads a folder, takes one province, shows progress and prints a summary', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'units-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'merges.json'),
        JSON.stringify({ data: [...SYNTHETIC_MERGES.data, ...QUANG_NINH_MERGES.data] }),
      );
      fs.writeFileSync(
        path.join(dir, 'splits.json'),
        JSON.stringify({ data: [...SYNTHETIC_SPLITS.data, ...QUANG_NINH_SPLITS.data] }),
      );
      let out = '';
      const err = new PassThrough();
      let bar = '';
      err.on('data', (chunk) => {
        bar += String(chunk);
      });
      const summary = await runUnitImport(
        t.app,
        { dir, strict: true, province: '22', progress: true },
        {
          out: (text) => {
            out += text;
          },
          err,
        },
      );
      expect(summary.province).toBe('22');
      expect(summary.units.map((c) => `${c.period}:${c.level}:${c.unchanged}`)).toEqual([
        'OLD:1:1',
        'OLD:3:28',
        'NEW:1:1',
        'NEW:3:9',
      ]);
      expect(out).toMatch(/new province 22/);
      expect(out).toMatch(/old communes\s+0\s+0\s+28/);
      expect(out).toMatch(/successions\s+0\s+0\s+31/);
      expect(out).toMatch(/Problems: 0 error\(s\)/);
      expect(bar).toMatch(/100%/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses its arguments', () => {
    expect(parseImportArgs([])).toEqual({
      dir: '../shared/data/vn-admin-units-2025',
      strict: false,
      province: null,
      progress: undefined,
    });
    expect(parseImportArgs(['--dir', '/data/units', '--strict', '--province', '22'])).toMatchObject({
      dir: '/data/units',
      strict: true,
      province: '22',
    });
    expect(parseImportArgs(['--province', '2'])).toEqual({
      error: '--province needs a 2-digit code, e.g. --province 22',
    });
    expect(parseImportArgs(['--dir'])).toEqual({ error: '--dir needs a folder' });
    expect(parseImportArgs(['--frobnicate'])).toEqual({ error: 'unknown argument(s): --frobnicate' });
  });
});
