import { PROJECT_ROOT, ruleProblems } from './harness/lint-samples';

/**
 * Staff is a service boundary (docs/architecture.md, "References between plugins"): the local ESLint rule
 * eslint/staff-boundary.js refuses, outside plugins/staff, SQL naming staff's tables, imports of
 * staff's entities and uses of its GraphQL types as entities. Samples are linted in memory with the
 * project's real config under made-up file names.
 */
const RULE = 'local/staff-boundary';
const problems = ruleProblems(RULE);

describe('lint rule: staff is reached through its directory and public views', () => {
  it.each([
    [
      'plugins/cameras/services/new.service.ts',
      'export const q = `select id from staff_official where username = ?`;',
      /must not name "staff_official"/,
    ],
    [
      'plugins/documents/services/new.ts',
      "export const q = 'select 1 from staff_assignment a where a.ends_on is null';",
      /must not name "staff_assignment"/,
    ],
    [
      'plugins/procedures/services/new.ts',
      'export const q = (t: string) => `select 1 from ${t} join staff_unit u on u.id = x`;',
      /must not name "staff_unit"/,
    ],
    [
      'plugins/cameras/services/new.ts',
      "import { Agency } from '../../staff';\nexport type A = Agency;",
      /Do not import the staff entity Agency/,
    ],
    [
      'plugins/email-accounts/graphql/new.resolver.ts',
      "import { Official as O } from '../../staff/index';\nexport type A = O;",
      /Do not import the staff entity Official/,
    ],
    [
      'plugins/documents/services/new.ts',
      "import { StaffTypes } from '../../staff';\nexport const find = (em: any) => em.find(StaffTypes.Agency, {});",
      /StaffTypes\.Agency names a GraphQL type only/,
    ],
  ])('%s: %s is refused', async (file, code, message) => {
    const found = await problems(file, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it.each([
    // Public views and the local date function are the documented surface.
    [
      'plugins/cameras/services/ok.ts',
      'export const q = `select p.official_id from staff_current_posting_v p join staff_unit_tree_v t on t.unit_id = p.unit_id where t.ancestor_id = ? and p.agency_id in (select id from staff_agency_v) and staff_local_today() > ?`;',
    ],
    // The directory and GraphQL type references.
    [
      'plugins/procedures/graphql/ok.resolver.ts',
      "import { directory, StaffTypes } from '../../staff';\nimport { FieldResolver } from 'type-graphql';\nexport class R { @FieldResolver(() => StaffTypes.Agency) agency(ctx: any, id: string) { return directory.agency(ctx, id); } }",
    ],
    // Inside staff, its tables are its own.
    [
      'plugins/staff/services/x.ts',
      "import { Agency } from '../entities/agency.entity';\nexport const q = `select * from staff_agency`; export type A = Agency;",
    ],
    // Tests arrange edge cases in staff's tables; migrations are applied history.
    [
      'plugins/cameras/test/x.test.ts',
      "import { Agency } from '../../staff';\nexport const q = `update staff_assignment set ends_on = null`; export type A = Agency;",
    ],
    ['plugins/cameras/migrations/Migration1.ts', 'export const q = `references staff_agency (id)`;'],
    // Words that only look alike.
    ['plugins/cameras/services/ok2.ts', "export const s = 'mystaff_table and staffing';"],
  ])('%s is allowed', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it('files on the legacy list are exempt from the entity-import check only', async () => {
    // The rule with a legacy list of its own: the project's list only shrinks and will be empty.
    const legacy = 'plugins/example/services/legacy.service.ts';
    const lint = ruleProblems(RULE, [
      { files: ['plugins/**/*.ts'], rules: { [RULE]: ['error', { root: PROJECT_ROOT, legacy: [legacy] }] } },
    ]);
    const entityImport = "import { Agency } from '../../staff';\nexport type A = Agency;";
    expect(await lint(legacy, entityImport)).toEqual([]);
    expect(await lint(legacy, 'export const q = `select 1 from staff_desk`;')).toHaveLength(1);
    expect(await lint('plugins/example/services/other.service.ts', entityImport)).toHaveLength(1);
  });

  it('documents, cameras and email-accounts are off the legacy list: their entities import none', async () => {
    for (const file of [
      'plugins/documents/entities/document.entity.ts',
      'plugins/cameras/entities/device.entity.ts',
      'plugins/email-accounts/entities/mailbox.entity.ts',
    ]) {
      expect(
        await problems(
          file,
          "import { Agency, Official } from '../../staff';\nexport type A = Agency | Official;",
        ),
      ).toHaveLength(2);
    }
  });
});
