import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { proceduresPlugin } from '..';
import { createProcedure, uploadScan } from './helpers';
import { SubmitDossierOnlineDocument } from '../../../test/graphql/generated';

/**
 * A mutation that runs a statement outside its own transaction (a rate limit, which must count an
 * attempt whatever becomes of it) needs a second pooled connection while its transaction holds one.
 * With every connection held by such a transaction, they all waited for each other until the request
 * timeout: eight concurrent anonymous submissions on a pool of two did, every time (as did forty on
 * the default pool of ten). The core keeps one connection out of the transactions' reach
 * (src/db/transaction-slots.ts), so a burst larger than the pool is answered in full.
 */
describe('the pool under concurrent mutations', () => {
  let t: TestApp;
  let w: StaffWorld;
  beforeAll(async () => {
    t = await createTestApp({
      plugins: [staffPlugin, proceduresPlugin],
      env: {
        DATABASE_POOL_MAX: '2',
        PROCEDURES_SUBMIT_PER_IP_PER_HOUR: '1000',
        FILES_ANONYMOUS_UPLOADS_PER_HOUR: '1000',
      },
    });
    w = await arrangeStaffWorld(t);
    await createProcedure(t, w.adminToken);
  });
  afterAll(() => t.close());

  it('answers every anonymous online submission of a burst larger than the pool', async () => {
    const scan = (text: string) => uploadScan(t.baseUrl, text);
    const inputs = [];
    for (let i = 0; i < 8; i++)
      inputs.push({
        procedureCode: '1.001193',
        agencyId: w.agencyA.id,
        applicant: { name: `Người nộp ${i}`, idNumber: `02219000${1000 + i}`, email: `nguoi${i}@example.vn` },
        components: [
          { code: 'TK', fileId: await scan(`to khai ${i}`) },
          { code: 'GCS', fileId: await scan(`giay chung sinh ${i}`) },
        ],
      });
    const answers = await Promise.all(
      inputs.map((input) => t.request(SubmitDossierOnlineDocument, { input })),
    );
    // A deadlock is answered REQUEST_TIMEOUT once the request's time is up.
    expect(answers.map((a) => a.errors)).toEqual(inputs.map(() => undefined));
    expect(new Set(answers.map((a) => a.data?.submitDossierOnline.code)).size).toBe(8);
  });
});
