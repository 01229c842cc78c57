import { createHmac, scryptSync } from 'node:crypto';
import { createTestApp, TestApp } from '../../../test/harness';

const KEY = Buffer.alloc(32, 4).toString('base64');
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createDepartment, createProcedure } from './helpers';
import {
  DossierDocument,
  LookupDossierDocument,
  ReceiveDossierAtCounterDocument,
  type ReceiveDossierAtCounterMutation,
  SubmitDossierOnlineDocument,
  TransferDossierDocument,
} from '../../../test/graphql/generated';

type Receipt = ReceiveDossierAtCounterMutation['receiveDossierAtCounter'];

describe('citizen lookup: privacy and rate limits', () => {
  let t: TestApp;
  let w: StaffWorld;
  let counter: Receipt;
  let second: Receipt;
  let third: Receipt;
  let fourth: Receipt;
  let ipCounter = 0;
  const freshIp = () => `203.0.113.${++ipCounter}`;
  const lookup = (code: string, secret: string, ip = freshIp()) =>
    t.request(LookupDossierDocument, { input: { code, secret } }, { headers: { 'x-forwarded-for': ip } });

  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      env: {
        PROCEDURES_LOOKUP_PER_CODE: '4',
        PROCEDURES_LOOKUP_PER_IP: '6',
        PROCEDURES_LOOKUP_WINDOW_SECONDS: '600',
        PROCEDURES_SECRET_KEY: KEY,
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
        ReceiveDossierAtCounterDocument,
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
          ReceiveDossierAtCounterDocument,
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
    fourth = await another();
    const d = (await t.query(DossierDocument, { id: counter.dossierId }, { token: w.officerA.token }))
      .dossier!;
    await t.query(
      TransferDossierDocument,
      { input: { dossierId: counter.dossierId, version: d.version, toDepartmentId: dept.id } },
      { token: w.officerA.token },
    );
  });
  afterAll(() => t.close());

  it('answers status, appointment and timeline with the PIN, and nothing personal', async () => {
    const r = await lookup(counter.dossierCode, counter.lookupPin!);
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
      await lookup('000.01.01.H46-991231-9999', second.lookupPin!),
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

  it("bounds wrong guesses per client and per code, and another client's guesses never lock the citizen out", async () => {
    const wrong = String((Number(fourth.lookupPin) + 7) % 1_000_000).padStart(6, '0');
    const attacker = '198.51.100.20';
    const attempt = async (secret: string, ip: string): Promise<Record<string, any>> => {
      const r = await lookup(fourth.dossierCode, secret, ip);
      return r.errors?.[0].extensions ?? { code: 'OK', seen: r.data?.lookupDossier.code };
    };
    // One client: 3 wrong guesses on the code (PROCEDURES_LOOKUP_WRONG_PER_CLIENT), then refused with a wait.
    const first = [];
    for (let i = 0; i < 4; i++) first.push((await attempt(wrong, attacker)).code);
    expect(first).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'TOO_MANY_REQUESTS']);
    const refused = await attempt(fourth.lookupPin!, attacker);
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    // The sliding window (900 s) frees a hit once the 3 counted hits weigh ≤ 2: at most the rest of this
    // window plus a third of the next, 900 + 300 s, however far into the window the test runs.
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(1200);
    // A second client's wrong guess takes the code over its limit (4 wrong from all clients)…
    const other = '198.51.100.21';
    expect((await attempt(wrong, other)).code).toBe('NOT_FOUND');
    // …after which a client that guessed wrong is refused at once, whatever it sends…
    expect((await attempt(wrong, other)).code).toBe('TOO_MANY_REQUESTS');
    expect((await attempt(fourth.lookupPin!, other)).code).toBe('TOO_MANY_REQUESTS');
    // …but the citizen, from their own address, still gets in with the right factor.
    expect(await attempt(fourth.lookupPin!, '192.0.2.10')).toEqual({ code: 'OK', seen: fourth.dossierCode });
    expect(await attempt('9876', '192.0.2.11')).toEqual({ code: 'OK', seen: fourth.dossierCode });
    // A fresh address has one guess while the code is locked, then waits.
    expect((await attempt(wrong, '198.51.100.22')).code).toBe('NOT_FOUND');
    expect((await attempt(wrong, '198.51.100.22')).code).toBe('TOO_MANY_REQUESTS');
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
    expect((await lookup(counter.dossierCode, counter.lookupPin!, ip)).errors?.[0].extensions?.code).toBe(
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
            SubmitDossierOnlineDocument,
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
      const ip = freshIp();
      const via = (app: TestApp) =>
        app
          .request(
            LookupDossierDocument,
            { input: { code, secret: '000000' } },
            { headers: { 'x-forwarded-for': ip } },
          )
          .then((r) => r.errors?.[0].extensions?.code);
      // One client's wrong guesses through both processes: the fourth, through either, is refused.
      const codes = [await via(t), await via(other), await via(t), await via(other), await via(t)];
      expect(codes).toEqual([
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

  it('verifies PINs with a keyed hash under a rotatable key; a scrypt hash from before works and is replaced by the keyed one once it verifies', async () => {
    const [row] = await t.sql(`select pin_hash from procedures_dossier where code = $1`, [third.dossierCode]);
    expect(row.pin_hash).toMatch(/^hmac\$[0-9a-f]{64}$/);
    const ok = (app: TestApp, secret = third.lookupPin!) =>
      app
        .request(
          LookupDossierDocument,
          { input: { code: third.dossierCode, secret } },
          { headers: { 'x-forwarded-for': freshIp() } },
        )
        .then((r) => r.data?.lookupDossier?.code ?? r.errors?.[0].extensions?.code);
    expect(await ok(t)).toBe(third.dossierCode);
    const newKey = Buffer.alloc(32, 9).toString('base64');
    const rotated = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      databaseUrl: t.databaseUrl,
      env: { PROCEDURES_SECRET_KEY: newKey, PROCEDURES_SECRET_PREVIOUS_KEYS: KEY },
    });
    const forgotten = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      databaseUrl: t.databaseUrl,
      env: { PROCEDURES_SECRET_KEY: newKey },
    });
    try {
      expect(await ok(rotated)).toBe(third.dossierCode); // the previous key still verifies
      expect(await ok(forgotten)).toBe('NOT_FOUND'); // without it the stored hash is useless
    } finally {
      await rotated.close();
      await forgotten.close();
    }
    // A hash written before keyed hashes (scrypt, N=16384) keeps working until the receipt is reissued.
    const salt = Buffer.alloc(16, 5);
    const hash = scryptSync('424242', salt, 32, { N: 16384, r: 8, p: 1 });
    await t.sql(`update procedures_dossier set pin_hash = $1 where code = $2`, [
      `scrypt$16384$8$1$${salt.toString('base64')}$${hash.toString('base64')}`,
      third.dossierCode,
    ]);
    const stored = async () =>
      (await t.sql(`select pin_hash from procedures_dossier where code = $1`, [third.dossierCode]))[0]
        .pin_hash;
    const legacy = await stored();
    // A wrong PIN leaves it as it is…
    expect(await ok(t, '424243')).toBe('NOT_FOUND');
    expect(await stored()).toBe(legacy);
    // …the right one answers, and at that moment (the PIN is known) the hash is replaced by its keyed
    // form under the current key, which then verifies alone.
    expect(await ok(t, '424242')).toBe(third.dossierCode);
    expect(await stored()).toMatch(/^hmac\$[0-9a-f]{64}$/);
    expect(await stored()).toBe(
      `hmac$${createHmac('sha256', Buffer.from(KEY, 'base64')).update('pin:424242').digest('hex')}`,
    );
    expect(await ok(t, '424242')).toBe(third.dossierCode);
    expect(await ok(t, '424243')).toBe('NOT_FOUND');
  });
});
