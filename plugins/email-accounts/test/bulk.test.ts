import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { emailAccountsPlugin } from '..';
import { provisionCommand } from '../cli/provision';
import { provisioning } from '../services/provisioning.service';
import { CreateAgencyDocument, CreateMailDomainDocument } from '../../../test/graphql/generated';

/**
 * Bulk provisioning at the size a city really has (1,000 officials), through the command-line
 * command on the booted app: one transaction, progress, per-row results, a re-run that skips all.
 * Set EMAIL_ACCOUNTS_BENCH=1 to also run (and time) the 1,000 credential-delivery jobs.
 */
const DOMAIN = 'campha.quangninh.gov.vn';
const N = 1000;
const FAMILIES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
const MIDDLES = ['Văn', 'Thị', 'Minh', 'Quốc', 'Ngọc', 'Đức', 'Thu', 'Thanh', 'Hữu', 'Xuân'];
const GIVENS = [
  'Hùng',
  'Lan',
  'Đức',
  'Bảo',
  'Anh',
  'Dũng',
  'Hương',
  'Hà',
  'Linh',
  'Nam',
  'Phương',
  'Quân',
  'Sơn',
  'Trang',
  'Tuấn',
  'Yến',
  'Đạt',
  'Hải',
  'Mai',
  'Long',
];

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  return {
    stream: new Writable({
      write(chunk, _enc, done) {
        text += chunk;
        done();
      },
    }),
    text: () => text,
  };
}

describe('bulk provisioning of 1,000 mailboxes from the command line', () => {
  let t: TestApp;
  let w: StaffWorld;
  let agencyId: string;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, emailAccountsPlugin] });
    w = await arrangeStaffWorld(t);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'email-bulk-'));
    agencyId = (
      await t.query(
        CreateAgencyDocument,
        {
          input: {
            name: 'Trung tâm Phục vụ hành chính công',
            electronicId: '000.00.31.H46',
            unitId: w.communeA.id,
            kind: 'PUBLIC_SERVICE_CENTRE',
          },
        },
        { token: w.adminToken },
      )
    ).createAgency.id;
    // Arranged in SQL: 1,000 officials through the API would take minutes and test the staff plugin, not this one.
    await t.sql(
      `
      with people as (
        select i, gen_random_uuid() as id,
               ($1::text[])[1 + i % 16] || ' ' || ($2::text[])[1 + (i / 16) % 10] || ' ' || ($3::text[])[1 + (i * 7) % 20] as full_name
          from generate_series(0, ${N - 1}) as i),
      officials as (
        insert into staff_official (id, created_at, updated_at, version, full_name, username, position, personal_email, status, status_since, joined_on)
        select id, now(), now(), 1, full_name, 'bulk' || i, 'SPECIALIST', case when i % 50 = 49 then null else 'canbo' || i || '@example.org' end,
               'ACTIVE', now(), date '2020-01-01' + i
          from people returning id)
      insert into staff_assignment (id, created_at, updated_at, official_id, agency_id, "primary", starts_on)
      select gen_random_uuid(), now(), now(), id, $4, true, current_date from officials`,
      [FAMILIES, MIDDLES, GIVENS, agencyId],
    );
    await t.query(
      CreateMailDomainDocument,
      { input: { name: DOMAIN, agencyId, maxMailboxes: 2000, defaultQuotaMb: 1024, maxQuotaMb: 4096 } },
      { token: w.adminToken },
    );
  });

  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`creates ${N} mailboxes in one run with progress and per-row results, and says how long it took`, async () => {
    const out = sink();
    const progress = sink();
    const started = Date.now();
    const code = await provisionCommand(t.app, {
      domain: DOMAIN,
      agency: true,
      outFile: path.join(dir, 'results.csv'),
      output: out.stream,
      progressStream: progress.stream,
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(`provisioned ${N} mailboxes in ${seconds.toFixed(1)} s: ${out.text().split('\n')[0]}`);
    expect(code).toBe(0);
    expect(out.text()).toMatch(
      new RegExp(
        `Mailboxes of ${DOMAIN.replace(/\./g, '\\.')}: ${N} rows, ${N} created, 0 skipped \\(existing\\), 0 failed, in [0-9.]+ s`,
      ),
    );
    expect(out.text()).toContain(`${N - N / 50} credential mails queued`);
    expect(progress.text()).toContain('creating');
    expect(seconds).toBeLessThan(60);

    const counts = await t.sql(
      `select count(*)::int as mailboxes, count(distinct address)::int as addresses,
        count(*) filter (where address ~ '[0-9]@')::int as numbered from email_accounts_mailbox m join email_accounts_domain d on d.id = m.domain_id where d.name = $1`,
      [DOMAIN],
    );
    expect(counts[0]).toMatchObject({ mailboxes: N, addresses: N });
    expect(counts[0].numbered).toBeGreaterThan(0);
    const jobs = await t.sql(
      `select count(*)::int as n from graphile_worker.jobs where task_identifier = 'email-accounts.deliver-credentials'`,
    );
    expect(jobs[0].n).toBe(N - N / 50);
    const results = fs.readFileSync(path.join(dir, 'results.csv'), 'utf8').trim().split('\n');
    expect(results).toHaveLength(N + 1);
    expect(results[0]).toBe('row,username,address,status,credentials_queued,message');
    expect(results[1]).toBe(`1,bulk0,hungnv@${DOMAIN},CREATED,true,`);
    expect(results[50]).toMatch(
      /^50,bulk49,[a-z0-9.]+@campha\.quangninh\.gov\.vn,CREATED,false,no personal email/,
    );
    // Seniority decides collisions: the earliest to join gets the plain address.
    const [first] = await t.sql(
      `select m.address from email_accounts_mailbox m join staff_official o on o.id = m.official_id where o.username = 'bulk0'`,
    );
    expect(first.address).toBe(`hungnv@${DOMAIN}`);
  });

  it('a re-run skips every existing mailbox and creates nothing', async () => {
    const out = sink();
    const code = await provisionCommand(t.app, {
      domain: DOMAIN,
      agency: true,
      output: out.stream,
      progressStream: sink().stream,
    });
    expect(code).toBe(0);
    expect(out.text()).toContain(`${N} rows, 0 created, ${N} skipped (existing), 0 failed`);
  });

  it('a CSV file with errors: the good rows are created, the bad ones reported, exit code 1', async () => {
    const file = path.join(dir, 'more.csv');
    fs.writeFileSync(
      file,
      'username,local_part,display_name\nbulk1,,\n,vanthu,Văn thư\n,vanthu,Văn thư\nghost,,\n',
    );
    const out = sink();
    const code = await provisionCommand(t.app, {
      domain: DOMAIN,
      csvFile: file,
      output: out.stream,
      progressStream: sink().stream,
    });
    expect(code).toBe(1);
    expect(out.text()).toContain('4 rows, 1 created, 1 skipped (existing), 2 failed');
    expect(out.text()).toContain(`row 3: vanthu@${DOMAIN} is already in use`);
    expect(out.text()).toContain(`row 4 (ghost): No official "ghost" is posted in the agency of ${DOMAIN}`);
    expect(
      await provisionCommand(t.app, { domain: 'nowhere.example', agency: true, output: sink().stream }),
    ).toBe(2);
  });

  it('interrupted half-way through writing, it leaves nothing behind (one transaction)', async () => {
    const csv = [
      'local_part,display_name',
      ...Array.from({ length: 300 }, (_, i) => `hop${i},Hộp ${i}`),
    ].join('\n');
    const [domain] = await t.sql(`select id from email_accounts_domain where name = $1`, [DOMAIN]);
    const jobsBefore = await t.sql(`select count(*)::int as n from graphile_worker.jobs`);
    const interrupt = (phase: string, done: number) => {
      if (phase === 'write' && done >= 250) throw new Error('interrupted');
    };
    await expect(
      provisioning.provision(t.app.systemContext(), { domainId: domain.id, csv }, interrupt),
    ).rejects.toThrow('interrupted');
    const left =
      await t.sql(`select (select count(*)::int from email_accounts_mailbox where address like 'hop%') as mailboxes,
      (select count(*)::int from email_accounts_address where address like 'hop%') as addresses,
      (select count(*)::int from graphile_worker.jobs) as jobs`);
    expect(left[0]).toEqual({ mailboxes: 0, addresses: 0, jobs: jobsBefore[0].n });
  });

  (process.env.EMAIL_ACCOUNTS_BENCH ? it : it.skip)(
    `runs the ${N - N / 50} credential-delivery jobs (argon2 hashing + mail)`,
    async () => {
      const started = Date.now();
      await t.runJobs();
      const seconds = (Date.now() - started) / 1000;
      const sent = await t.sql(
        `select count(*)::int as n from email_accounts_credential_delivery where state = 'SENT'`,
      );
      console.log(`${sent[0].n} credential jobs in ${seconds.toFixed(1)} s`);
      expect(sent[0].n).toBe(N - N / 50);
    },
    600000,
  );
});
