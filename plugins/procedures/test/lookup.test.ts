import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createDepartment, createProcedure } from './helpers';

const LOOKUP = `query($input: LookupDossierInput!) { lookupDossier(input: $input) { code status statusCode appointmentAt timeline { seq action status at place } } }`;

describe('citizen lookup: privacy and rate limits', () => {
  let t: TestApp;
  let w: StaffWorld;
  let counter: { dossierCode: string; lookupPin: string; dossierId: string };
  let second: { dossierCode: string; lookupPin: string };
  let third: { dossierCode: string; lookupPin: string };
  let ipCounter = 0;
  const freshIp = () => `203.0.113.${++ipCounter}`;
  const lookup = (code: string, secret: string, ip = freshIp()) =>
    t.request(LOOKUP, { input: { code, secret } }, { headers: { 'x-forwarded-for': ip } });

  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      env: {
        PROCEDURES_LOOKUP_PER_CODE: '4',
        PROCEDURES_LOOKUP_PER_IP: '6',
        PROCEDURES_LOOKUP_WINDOW_SECONDS: '600',
      },
    });
    w = await arrangeStaffWorld(t);
    const dept = await createDepartment(t, w.adminToken, w.agencyA.id, 'Phòng Tư pháp');
    await createProcedure(t, w.adminToken, {
      cases: [{ code: 'TH1', name: 'Thông thường', limits: [{ amount: 3, unit: 'WORKING_DAYS' }] }],
      fees: [],
      components: [{ code: 'TK', name: 'Tờ khai', originals: 1 }],
    });
    counter = (
      await t.query(
        `mutation($input: ReceiveDossierAtCounterInput!) { receiveDossierAtCounter(input: $input) { dossierId dossierCode lookupPin } }`,
        {
          input: {
            procedureCode: '1.001193',
            deskId: w.deskA.id,
            applicant: {
              name: 'Nguyễn Thị Mai',
              idNumber: '022190001234',
              phone: '0912345678',
              address: 'Tổ 5, khu 3',
              email: 'mai@example.vn',
            },
          },
        },
        { token: w.officerA.token },
      )
    ).receiveDossierAtCounter;
    const another = async () =>
      (
        await t.query(
          `mutation($input: ReceiveDossierAtCounterInput!) { receiveDossierAtCounter(input: $input) { dossierCode lookupPin } }`,
          {
            input: {
              procedureCode: '1.001193',
              deskId: w.deskA.id,
              applicant: { name: 'Trần Văn Bình', idNumber: '022190009876' },
            },
          },
          { token: w.officerA.token },
        )
      ).receiveDossierAtCounter;
    second = await another();
    third = await another();
    const d = (
      await t.query(
        `query($id: ID) { dossier(id: $id) { version } }`,
        { id: counter.dossierId },
        { token: w.officerA.token },
      )
    ).dossier;
    await t.query(
      `mutation($input: TransferDossierInput!) { transferDossier(input: $input) { id } }`,
      { input: { dossierId: counter.dossierId, version: d.version, toDepartmentId: dept.id } },
      { token: w.officerA.token },
    );
  });
  afterAll(() => t.close());

  it('answers status, appointment and timeline with the PIN, and nothing personal', async () => {
    const r = await lookup(counter.dossierCode, counter.lookupPin);
    expect(r.errors).toBeUndefined();
    const view = r.data!.lookupDossier;
    expect(view).toMatchObject({ code: counter.dossierCode, status: 'PROCESSING', statusCode: 4 });
    expect(view.appointmentAt).not.toBeNull();
    expect(view.timeline.map((s: any) => [s.seq, s.action, s.status, s.place])).toEqual([
      [1, 'RECEIVE_AT_COUNTER', 'RECEIVED', 'UBND phường Hạ Long'],
      [2, 'TRANSFER', 'PROCESSING', 'Phòng Tư pháp - UBND phường Hạ Long'],
    ]);
    const text = JSON.stringify(r.data);
    for (const personal of [
      'Nguyễn Thị Mai',
      '022190001234',
      '0912345678',
      'Tổ 5',
      'mai@example.vn',
      'Nguyễn Văn Hùng',
    ])
      expect(text).not.toContain(personal);
  });

  it('accepts the last 4 digits of the ID number or phone instead of the PIN', async () => {
    expect((await lookup(counter.dossierCode, '1234')).data?.lookupDossier.code).toBe(counter.dossierCode);
    expect((await lookup(counter.dossierCode.toLowerCase(), '5678')).data?.lookupDossier.code).toBe(
      counter.dossierCode,
    );
  });

  it('answers unknown codes and wrong factors identically', async () => {
    const wrongPin = String((Number(second.lookupPin) + 1) % 1_000_000).padStart(6, '0');
    const answers = [
      await lookup(second.dossierCode, wrongPin),
      await lookup(second.dossierCode, '9999'),
      await lookup('000.01.01.H46-991231-9999', second.lookupPin),
      await lookup('000.01.01.H46-991231-9999', '9876'),
      await lookup(second.dossierCode, '98765'),
    ];
    const shapes = answers.map((a) => ({
      data: a.data,
      errors: a.errors?.map((e) => ({ message: e.message, extensions: e.extensions })),
      status: a.status,
    }));
    for (const shape of shapes) expect(shape).toEqual(shapes[0]);
    expect(shapes[0].errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('spends the same work on an unknown code as on a wrong PIN', async () => {
    const time = async (code: string) => {
      const started = process.hrtime.bigint();
      await lookup(code, '000000');
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time(third.dossierCode));
      unknown.push(await time(`000.01.01.H46-991231-${1000 + i}`));
    }
    // A scrypt verification runs either way, so an unknown code is not answered measurably faster.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('limits lookups per code, whatever the client address', async () => {
    const code = '000.01.01.H46-991231-0042';
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 6; i++) codes.push((await lookup(code, '000000')).errors?.[0].extensions?.code);
    expect(codes).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
      'TOO_MANY_REQUESTS',
      'TOO_MANY_REQUESTS',
    ]);
  });

  it('limits lookups per client address, whatever the code', async () => {
    const ip = '198.51.100.7';
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 8; i++)
      codes.push((await lookup(`000.01.01.H46-991231-1${i}`, '000000', ip)).errors?.[0].extensions?.code);
    expect(codes).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
      'TOO_MANY_REQUESTS',
      'TOO_MANY_REQUESTS',
    ]);
    // Even the right PIN is refused from that address now; another address still gets through.
    expect((await lookup(counter.dossierCode, counter.lookupPin, ip)).errors?.[0].extensions?.code).toBe(
      'TOO_MANY_REQUESTS',
    );
  });

  it("a refused or failed online submission still counts against the address (the mutation's rollback does not undo it)", async () => {
    const limited = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      databaseUrl: t.databaseUrl,
      env: { PROCEDURES_SUBMIT_PER_IP_PER_HOUR: '2' },
    });
    try {
      const submit = () =>
        limited
          .request(
            `mutation($input: SubmitDossierOnlineInput!) { submitDossierOnline(input: $input) { code } }`,
            {
              input: {
                procedureCode: 'không-có-thủ-tục-này',
                agencyId: w.agencyA.id,
                applicant: { name: 'Nguyễn Văn An' },
              },
            },
            { headers: { 'x-forwarded-for': '192.0.2.55' } },
          )
          .then((r) => r.errors?.[0].extensions?.code);
      const codes = [await submit(), await submit(), await submit()];
      expect(codes[0]).not.toBe('TOO_MANY_REQUESTS');
      expect(codes[1]).toBe(codes[0]);
      expect(codes[2]).toBe('TOO_MANY_REQUESTS');
    } finally {
      await limited.close();
    }
  });

  it('counts in PostgreSQL: a second API process on the same database sees the same limits; addresses are not stored in clear', async () => {
    const other = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      databaseUrl: t.databaseUrl,
      env: {
        PROCEDURES_LOOKUP_PER_CODE: '4',
        PROCEDURES_LOOKUP_PER_IP: '6',
        PROCEDURES_LOOKUP_WINDOW_SECONDS: '600',
      },
    });
    try {
      const code = '000.01.01.H46-991231-0077';
      const via = (app: TestApp) =>
        app
          .request(
            LOOKUP,
            { input: { code, secret: '000000' } },
            { headers: { 'x-forwarded-for': freshIp() } },
          )
          .then((r) => r.errors?.[0].extensions?.code);
      // Two attempts through each process: the fifth, through either, is refused.
      const codes = [
        await via(t),
        await via(other),
        await via(t),
        await via(other),
        await via(other),
        await via(t),
      ];
      expect(codes).toEqual([
        'NOT_FOUND',
        'NOT_FOUND',
        'NOT_FOUND',
        'NOT_FOUND',
        'TOO_MANY_REQUESTS',
        'TOO_MANY_REQUESTS',
      ]);
      const stored = await t.sql<{ key: string }>(`select key from core_rate_limit`);
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.key))).toBe(true);
      expect(JSON.stringify(stored)).not.toContain('203.0.113.');
    } finally {
      await other.close();
    }
  });
});
