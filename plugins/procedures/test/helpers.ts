import type { TestApp } from '../../../test/harness';
import type { StaffWorld } from '../../staff/test/fixtures';
import {
  CreateDepartmentDocument,
  CreateOfficialDocument,
  CreateProcedureDocument,
  type CreateProcedureInput,
  type Position,
} from '../../../test/graphql/generated';

/** A procedure input in the shape createProcedure takes; overrides replace top-level fields. */
export function procedureInput(overrides: Partial<CreateProcedureInput> = {}): CreateProcedureInput {
  return {
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    level: 'COMMUNE',
    onlineLevel: 'FULL',
    cutoffHour: 15,
    cases: [
      { code: 'TH1', name: 'Đăng ký đúng hạn', limits: [{ amount: 1, unit: 'WORKING_DAYS' }] },
      {
        code: 'TH2',
        name: 'Cần xác minh',
        limits: [
          { amount: 3, unit: 'WORKING_DAYS' },
          { channel: 'ONLINE', amount: 4, unit: 'WORKING_DAYS' },
        ],
      },
    ],
    fees: [
      { name: 'Lệ phí đăng ký khai sinh đúng hạn', amount: 0, note: 'Miễn lệ phí' },
      { name: 'Phí xác minh', amount: 8000, caseCodes: ['TH2'] },
    ],
    components: [
      { code: 'TK', name: 'Tờ khai đăng ký khai sinh', originals: 1 },
      { code: 'GCS', name: 'Giấy chứng sinh', originals: 1 },
      { code: 'XM', name: 'Văn bản xác minh', copies: 1, required: false, caseCodes: ['TH2'] },
    ],
    resultDocument: 'Giấy khai sinh (bản chính)',
    decisionNumber: '1872/QĐ-BTP',
    decisionDate: '2020-09-04',
    effectiveFrom: '2025-07-01',
    ...overrides,
  };
}

export const CREATE_PROCEDURE = CreateProcedureDocument;

export async function createProcedure(
  t: TestApp,
  token: string,
  overrides: Partial<CreateProcedureInput> = {},
) {
  return (await t.query(CreateProcedureDocument, { input: procedureInput(overrides) }, { token }))
    .createProcedure;
}

/**
 * A citizen's scan uploaded without signing in (`POST /files`, as a portal does before filing
 * online): the file's id. `baseUrl` names the process, so a test of several processes can choose.
 */
export async function uploadScan(baseUrl: string, text: string): Promise<string> {
  const res = await fetch(`${baseUrl}/files`, { method: 'POST', body: `%PDF-1.4 ${text}` });
  if (res.status !== 201) throw new Error(`POST /files answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Creates an official through the staff API and returns their token. */
export async function createOfficial(
  t: TestApp,
  adminToken: string,
  input: {
    fullName: string;
    position: Position;
    agencyId: string;
    role: string;
    departmentId?: string;
    deskId?: string;
    scope: Record<string, string>;
    email?: string;
  },
) {
  const created = (
    await t.query(
      CreateOfficialDocument,
      {
        input: {
          fullName: input.fullName,
          position: input.position,
          email: input.email,
          postings: [{ agencyId: input.agencyId, departmentId: input.departmentId, deskId: input.deskId }],
          roles: [{ role: input.role, ...input.scope }],
        },
      },
      { token: adminToken },
    )
  ).createOfficial;
  return { ...created, token: t.token(created.username, [input.role]) } as {
    id: string;
    username: string;
    fullName: string;
    token: string;
  };
}

export async function createDepartment(t: TestApp, adminToken: string, agencyId: string, name: string) {
  return (await t.query(CreateDepartmentDocument, { input: { agencyId, name } }, { token: adminToken }))
    .createDepartment as { id: string; name: string };
}

/** The leader of commune A's committee (approves, stops): the one leader most dossier tests need. */
export function createCommuneLeader(t: TestApp, w: StaffWorld): ReturnType<typeof createOfficial> {
  return createOfficial(t, w.adminToken, {
    fullName: 'Đặng Văn Quang',
    position: 'LEADER',
    agencyId: w.agencyA.id,
    role: 'leader',
    scope: { unitId: w.communeA.id },
  });
}

/** Ids a client may name wrongly: a malformed one, and a well-formed one that names nothing. */
export const ID_CASES = [
  ['quay-01', 'BAD_USER_INPUT'],
  ['00000000-0000-4000-8000-000000000000', 'NOT_FOUND'],
] as const;

type IdRefusal = (typeof ID_CASES)[number][1];
type Answer = {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }>;
};

/** A malformed id is BAD_USER_INPUT naming its field; an unknown one NOT_FOUND. */
export function expectIdRefused(answer: Answer, field: string, code: IdRefusal): void {
  expect(answer.errors?.[0].extensions).toMatchObject({
    code,
    ...(code === 'BAD_USER_INPUT' ? { field } : {}),
  });
}

/**
 * The same for a single-item query (docs/api-style.md, "Nullability"): a malformed id is
 * BAD_USER_INPUT naming its field, an unknown one a quiet null in the answer's `query` field.
 */
export function expectItemIdRefused(answer: Answer, query: string, field: string, code: IdRefusal): void {
  if (code === 'BAD_USER_INPUT') expectIdRefused(answer, field, code);
  else expect(answer.errors).toBeUndefined();
  expect(answer.data?.[query] ?? null).toBeNull();
}
