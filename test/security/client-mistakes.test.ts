import { createHash } from 'node:crypto';
import { createTestApp, TestApp } from '../harness';
import { staffPlugin } from '../../plugins/staff';
import { proceduresPlugin } from '../../plugins/procedures';

/**
 * Mistakes a client can make are BAD_USER_INPUT (or a validation error), never
 * INTERNAL_SERVER_ERROR: each vector below was answered as an internal error, or accepted, before.
 */
describe('security: client mistakes are answered as such', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, proceduresPlugin] });
    admin = t.token('admin', ['platform-admin']);
  });
  afterAll(() => t?.close());

  const CREATE = `mutation($input: CreateProcedureInput!) { createProcedure(input: $input) { id } }`;
  let serial = 0;
  const procedure = (over: Record<string, unknown> = {}) => ({
    code: `1.${900100 + serial++}`,
    name: 'Thủ tục thử',
    field: 'Hộ tịch',
    level: 'COMMUNE',
    onlineLevel: 'FULL',
    cases: [{ code: 'TH1', name: 'Thường', limits: [{ amount: 1, unit: 'WORKING_DAYS' }] }],
    fees: [],
    components: [{ code: 'TK', name: 'Tờ khai', originals: 1 }],
    resultDocument: 'Kết quả',
    effectiveFrom: '2025-07-01',
    ...over,
  });

  it('refuses a cutoffHour that is no whole minute of the day (denormals, zero, 24, fractions of a minute)', async () => {
    for (const cutoffHour of [5e-324, 1e-300, 0, -0.5, 24, 23.99999, 15.001]) {
      const res = await t.request(CREATE, { input: procedure({ cutoffHour }) }, { token: admin });
      expect([cutoffHour, res.errors?.[0].extensions]).toEqual([
        cutoffHour,
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'cutoffHour' }),
      ]);
    }
    for (const cutoffHour of [15, 15.5, 11.75, 1 / 60, 23 + 59 / 60]) {
      const res = await t.request(CREATE, { input: procedure({ cutoffHour }) }, { token: admin });
      expect([cutoffHour, res.errors]).toEqual([cutoffHour, undefined]);
    }
  });

  it('answers more than 50 invalid variable values with BAD_USER_INPUT only', async () => {
    const cases = Array.from({ length: 60 }, () => ({ code: 1, name: 2, limits: [] }));
    const res = await t.request(CREATE, { input: procedure({ cases }) }, { token: admin });
    expect(res.status).toBe(400);
    expect(res.errors!.length).toBeGreaterThan(50);
    expect(new Set(res.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(res.errors!.at(-1)!.message).toMatch(/Too many errors processing variables/);
  });

  it('answers a persisted-query hash that does not match its query with BAD_USER_INPUT', async () => {
    const query = '{ __typename }';
    const post = (sha256Hash: string) =>
      fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
      });
    for (const hash of ['abc', 'a'.repeat(64)]) {
      const res = await post(hash);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect([hash, body.errors[0].extensions.code]).toEqual([hash, 'BAD_USER_INPUT']);
    }
    // The right hash still works.
    const right = await post(createHash('sha256').update(query).digest('hex'));
    expect(await right.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('takes year-9999 dates as dates (or refuses them), never as an internal error', async () => {
    const created = await t.request(
      CREATE,
      { input: procedure({ effectiveFrom: '9999-12-31', decisionDate: '9999-12-31' }) },
      { token: admin },
    );
    expect(created.errors).toBeUndefined();
    for (const query of [
      `{ auditTrail(filter: { from: "9999-12-31T23:59:59.999Z", to: "9999-12-31T23:59:59.999Z" }) { totalCount } }`,
      `{ workingCalendar(year: 9999) { year } }`,
      `{ administrativeUnitByCode(code: "22", validOn: "9999-12-31") { id } }`,
      `{ procedures(first: 100) { nodes { code } } }`,
    ]) {
      const res = await t.request(query, undefined, { token: admin });
      for (const error of res.errors ?? [])
        expect([query, error.extensions?.code]).toEqual([query, 'BAD_USER_INPUT']);
    }
  });
});
