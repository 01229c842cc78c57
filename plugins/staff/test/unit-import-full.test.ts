import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '..';
import { runUnitImport } from '../cli/import-units';
import type { UnitImportSummary } from '../services/unit-import.service';
import {
  AdministrativeUnitByCodeDocument,
  CurrentUnitsOfDocument,
  ImportAdministrativeUnitsDocument,
} from '../../../test/graphql/generated';

/** The real 2025 dataset, read from ../shared/data (relative to the repository) when it is present. */
const DATA_DIR = path.resolve(__dirname, '../../../../shared/data/vn-admin-units-2025');
const present =
  fs.existsSync(path.join(DATA_DIR, 'merges.json')) && fs.existsSync(path.join(DATA_DIR, 'splits.json'));
const describeWithData = present ? describe : describe.skip;

describeWithData(
  'import of the whole 2025 dataset (34 provinces, 3,321 new units, 10,047 old communes)',
  () => {
    let t: TestApp;
    let admin: string;
    let first: UnitImportSummary;
    let printed = '';
    const count = (summary: UnitImportSummary, period: string, level: number) =>
      summary.units.find((c) => c.period === period && c.level === level);
    const cli = (options: Partial<Parameters<typeof runUnitImport>[1]> = {}) => {
      let out = '';
      return runUnitImport(
        t.app,
        { dir: DATA_DIR, strict: false, province: null, progress: true, ...options },
        {
          out: (text) => {
            out += text;
            printed = out;
          },
          err: new PassThrough(),
        },
      );
    };
    const unitByCode = async (code: string, validOn?: string) =>
      (await t.query(AdministrativeUnitByCodeDocument, { code, validOn: validOn ?? null }))
        .administrativeUnitByCode!;
    const currentUnitsOf = async (unitId: string) =>
      (await t.query(CurrentUnitsOfDocument, { unitId })).currentUnitsOf;

    beforeAll(async () => {
      t = await createTestApp({ plugins: [staffPlugin] });
      admin = t.token('root', ['platform-admin']);
      const started = Date.now();
      first = await cli();
      // Measured on the 2-core test machine; printed so the README's figure can be checked.
      process.stdout.write(
        `full 2025 import: ${first.durationMs} ms in the service, ${Date.now() - started} ms with reading the files\n`,
      );
    }, 180_000);
    afterAll(() => t.close());

    it('creates every unit and succession, in seconds, with nothing skipped', () => {
      expect(count(first, 'OLD', 1)).toMatchObject({ created: 63, updated: 0, unchanged: 0 });
      expect(count(first, 'OLD', 2)).toMatchObject({ created: 5 }); // island districts that became special zones
      expect(count(first, 'OLD', 3)).toMatchObject({ created: 10047 });
      expect(count(first, 'NEW', 1)).toMatchObject({ created: 34 });
      expect(count(first, 'NEW', 3)).toMatchObject({ created: 3321 });
      // 10,604 commune-level links (10,599 in splits.json + the 5 island districts) and 63 province links.
      expect(first.successions).toEqual({ created: 10667, updated: 0, unchanged: 0 });
      expect(first.errorCount).toBe(0);
      // The only remarks on the real data: 12 old townships spelt "Thị Trấn".
      expect(first.warningCount).toBe(12);
      expect(first.problems.every((p) => p.message.startsWith('Name prefix corrected'))).toBe(true);
      expect(first.durationMs).toBeLessThan(60_000);
      expect(printed).toMatch(/new communes\s+3321\s+0\s+0/);
      expect(printed).toMatch(/successions\s+10667/);
    });

    it('stores the two trees with their validity, and every path from the root', async () => {
      const rows = await t.sql<{ side: string; level: number; n: string }>(
        `select case when valid_to = '2025-07-01' then 'old' else 'new' end as side, level, count(*)::text as n
         from staff_unit group by 1, 2 order by 1, 2`,
      );
      expect(rows.map((r) => `${r.side}:${r.level}:${r.n}`)).toEqual([
        'new:1:34',
        'new:3:3321',
        'old:1:63',
        'old:2:5',
        'old:3:10047',
      ]);
      const badPaths = await t.sql<{ n: string }>(
        `select count(*)::text as n from staff_unit u left join staff_unit p on p.id = u.parent_id
        where u.path <> coalesce(p.path, '/') || u.id || '/'`,
      );
      expect(badPaths[0].n).toBe('0');
      const outliving = await t.sql<{ n: string }>(
        `select count(*)::text as n from staff_unit u join staff_unit p on p.id = u.parent_id
        where (p.valid_from is not null and (u.valid_from is null or u.valid_from < p.valid_from))
           or (p.valid_to is not null and (u.valid_to is null or u.valid_to > p.valid_to))`,
      );
      expect(outliving[0].n).toBe('0');
    });

    it('answers "which new ward is old commune X in" in one query: Phường Trúc Bạch (00004) is in Phường Ba Đình (00004)', async () => {
      const old = await unitByCode('00004', '2025-06-30');
      expect(old).toMatchObject({
        name: 'Phường Trúc Bạch',
        type: 'WARD',
        validFrom: null,
        validTo: '2025-07-01',
        parent: { code: '01', name: 'Thành phố Hà Nội' },
      });
      expect(await currentUnitsOf(old.id)).toEqual([
        {
          kind: 'FULL',
          unit: { code: '00004', name: 'Phường Ba Đình', validFrom: '2025-07-01', validTo: null },
        },
      ]);
      const today = await unitByCode('00004');
      expect(today).toMatchObject({
        name: 'Phường Ba Đình',
        validFrom: '2025-07-01',
        parent: { code: '01' },
      });
    });

    it('a partly split commune lists each new ward: Phường Ngọc Hà (00016) went partly into Ba Đình and partly into Ngọc Hà', async () => {
      const old = await unitByCode('00016', '2025-06-30');
      expect(old.name).toBe('Phường Ngọc Hà');
      expect(await currentUnitsOf(old.id)).toEqual([
        {
          kind: 'PARTIAL',
          unit: { code: '00004', name: 'Phường Ba Đình', validFrom: '2025-07-01', validTo: null },
        },
        {
          kind: 'PARTIAL',
          unit: { code: '00008', name: 'Phường Ngọc Hà', validFrom: '2025-07-01', validTo: null },
        },
      ]);
    });

    it('answers "what did this new ward come from", and follows districts, provinces and corrected names', async () => {
      const baDinh = await unitByCode('00004');
      const data = await t.query(
        `query($id: ID!) { administrativeUnit(id: $id) { predecessors { kind predecessor { code name } } } }`,
        { id: baDinh.id },
      );
      const from = data.administrativeUnit.predecessors
        .map((p: any) => `${p.predecessor.code} ${p.kind}`)
        .sort();
      expect(from).toEqual([
        '00004 FULL',
        '00013 FULL',
        '00016 PARTIAL',
        '00019 PARTIAL',
        '00022 PARTIAL',
        '00028 PARTIAL',
        '00040 PARTIAL',
        '00055 PARTIAL',
        '00073 PARTIAL',
        '00112 PARTIAL',
      ]);
      const island = await unitByCode('318', '2025-06-30');
      expect(island).toMatchObject({
        name: 'Huyện Bạch Long Vĩ',
        type: 'RURAL_DISTRICT',
        parent: { code: '31' },
      });
      expect(await currentUnitsOf(island.id)).toEqual([
        {
          kind: 'FULL',
          unit: { code: '11948', name: 'Đặc khu Bạch Long Vĩ', validFrom: '2025-07-01', validTo: null },
        },
      ]);
      const haGiang = await unitByCode('02', '2025-06-30');
      expect(
        (await currentUnitsOf(haGiang.id)).map((c) => `${c.unit.code} ${c.unit.name} ${c.kind}`),
      ).toEqual(['08 Tỉnh Tuyên Quang FULL']);
      const township = await unitByCode('03172', '2025-06-30');
      expect(township).toMatchObject({ name: 'Thị trấn Mường Chà', type: 'TOWNSHIP' });
    });

    it('a re-run changes nothing (CLI path), and neither does a province slice sent through GraphQL', async () => {
      const before = await t.sql<{ units: string; successions: string; max: string }>(
        `select (select count(*) from staff_unit)::text as units, (select count(*) from staff_unit_succession)::text as successions,
              (select max(updated_at) from staff_unit)::text as max`,
      );
      const again = await cli({ progress: false });
      expect(again.units.every((c) => c.created === 0 && c.updated === 0)).toBe(true);
      expect(again.units.reduce((n, c) => n + c.unchanged, 0)).toBe(63 + 5 + 10047 + 34 + 3321);
      expect(again.successions).toEqual({ created: 0, updated: 0, unchanged: 10667 });

      // The GraphQL mutation takes the files' text; the request body limit (1 MB) fits a province's slice.
      const merges = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'merges.json'), 'utf8'));
      const splits = JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'splits.json'), 'utf8'));
      const slice = {
        merges: { data: merges.data.filter((p: any) => p.level1_id === '22') },
        splits: { data: splits.data.filter((p: any) => p.level1_id === '22') },
      };
      const result = await t.query(
        ImportAdministrativeUnitsDocument,
        {
          input: {
            mergesJson: JSON.stringify(slice.merges),
            splitsJson: JSON.stringify(slice.splits),
            province: '22',
            strict: true,
          },
        },
        { token: admin },
      );
      expect(result.importAdministrativeUnits).toMatchObject({
        units: [
          { level: 1, period: 'OLD', created: 0, updated: 0, unchanged: 1 },
          { level: 3, period: 'OLD', created: 0, updated: 0, unchanged: 171 },
          { level: 1, period: 'NEW', created: 0, updated: 0, unchanged: 1 },
          { level: 3, period: 'NEW', created: 0, updated: 0, unchanged: 54 },
        ],
        successions: { created: 0, updated: 0, unchanged: 1 + 184 },
        errorCount: 0,
        province: '22',
      });
      const after = await t.sql<{ units: string; successions: string; max: string }>(
        `select (select count(*) from staff_unit)::text as units, (select count(*) from staff_unit_succession)::text as successions,
              (select max(updated_at) from staff_unit)::text as max`,
      );
      expect(after).toEqual(before);
      const audits = await t.sql<{ n: string }>(
        `select count(*)::text as n from core_audit_entry where action = 'staff.units.import'`,
      );
      expect(audits[0].n).toBe('3');
    });
  },
);
