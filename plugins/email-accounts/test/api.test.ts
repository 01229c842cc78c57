import {
  CreateAgencyDocument,
  CreateDepartmentDocument,
  CreateMailAliasDocument,
  CreateMailDomainDocument,
  CreateMailboxDocument,
  CreateOfficialDocument,
  MailboxDocument,
  MarkOfficialLeftDocument,
  ReactivateMailboxDocument,
  ResetMailboxPasswordDocument,
  UpdateMailDomainDocument,
} from '../../../test/graphql/generated';
import { createTestApp, startTestSmtpServer, TestApp } from '../../../test/harness';
import { staffPlugin, UnitReorganised } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { emailAccountsPlugin } from '..';

/**
 * The API of the plugin without the mail server: scope, addresses and their uniqueness, limits,
 * the staff register's events, bulk provisioning, quota warnings, deletion and purge.
 */
const A = 'halong.quangninh.gov.vn';
const B = 'baichay.quangninh.gov.vn';
const MiB = 1024 * 1024;

describe('email-accounts API', () => {
  let t: TestApp;
  let w: StaffWorld;
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let domainA: string;
  let domainB: string;
  let unitMailboxA: string;
  let hungMailbox: string;
  const admin = () => ({ token: w.adminToken });
  const itA = () => ({ token: w.itAdminA.token });

  const CREATE_MAILBOX = CreateMailboxDocument;
  const CREATE_OFFICIAL = CreateOfficialDocument;
  const mailboxesOf = async (officialId: string) =>
    (
      await t.query(
        `query($f: MailboxFilterInput) { mailboxes(filter: $f, first: 50) { nodes { id address state suspension kind } } }`,
        { f: { officialId } },
        admin(),
      )
    ).mailboxes.nodes;
  const targetsOf = async (aliasId: string) =>
    (
      await t.query(
        `query($id: ID!) { mailAlias(id: $id) { targets { address automatic } } }`,
        { id: aliasId },
        admin(),
      )
    ).mailAlias.targets
      .map((x: any) => `${x.address}${x.automatic ? ' (auto)' : ''}`)
      .sort();

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestApp({ plugins: [staffPlugin, emailAccountsPlugin], env: { SMTP_URL: smtp.url } });
    w = await arrangeStaffWorld(t);
    await t.runJobs(); // the world's officials joined before any mail domain existed
    const domain = async (name: string, agencyId: string, extra: Record<string, unknown> = {}) =>
      (
        await t.query(
          CreateMailDomainDocument,
          { input: { name, agencyId, maxMailboxes: 20, defaultQuotaMb: 512, maxQuotaMb: 2048, ...extra } },
          admin(),
        )
      ).createMailDomain.id;
    domainA = await domain(A, w.agencyA.id, { createOnJoin: true });
    domainB = await domain(B, w.agencyB.id, { maxMailboxes: 4, addressRule: 'GIVEN_DOT_FAMILY' });
    unitMailboxA = (
      await t.query(
        CREATE_MAILBOX,
        { input: { domainId: domainA, kind: 'SHARED', localPart: 'vanphong', displayName: 'Văn phòng' } },
        itA(),
      )
    ).createMailbox.id;
    await t.query(
      UpdateMailDomainDocument,
      { input: { id: domainA, leaverMailboxId: unitMailboxA } },
      admin(),
    );
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  describe('scope: domain admins manage only their domains', () => {
    it('an IT admin of ward A sees and manages ward A only; the other ward does not exist for them', async () => {
      const listed = await t.query(`{ mailDomains(first: 10) { nodes { name } } }`, {}, itA());
      expect(listed.mailDomains.nodes.map((d: any) => d.name)).toEqual([A]);
      const other = await t.request(
        `query($id: ID!) { mailDomain(id: $id) { name } }`,
        { id: domainB },
        itA(),
      );
      expect(other.errors).toBeUndefined();
      expect(other.data?.mailDomain).toBeNull();
      const create = await t.request(
        CREATE_MAILBOX,
        { input: { domainId: domainB, officialId: w.officerB.id } },
        itA(),
      );
      expect(create.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it("a provincial leader reads both wards but cannot manage; an officer has no access; an IT admin makes no domain for another ward's agency", async () => {
      const listed = await t.query(
        `{ mailDomains(first: 10) { nodes { name } } }`,
        {},
        { token: w.leaderP.token },
      );
      expect(listed.mailDomains.nodes.map((d: any) => d.name)).toEqual([B, A]);
      const leaderCreate = await t.request(
        CREATE_MAILBOX,
        { input: { domainId: domainA, officialId: w.officerA.id } },
        { token: w.leaderP.token },
      );
      expect(leaderCreate.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const officer = await t.request(
        `{ mailboxes(first: 5) { totalCount } }`,
        {},
        { token: w.officerA.token },
      );
      expect(officer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const itDomain = await t.request(
        CreateMailDomainDocument,
        {
          input: {
            name: 'x.quangninh.gov.vn',
            agencyId: w.agencyB.id,
            maxMailboxes: 1,
            defaultQuotaMb: 1,
            maxQuotaMb: 1,
          },
        },
        itA(),
      );
      expect(itDomain.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('the password hash is not part of the schema', async () => {
      const type = await t.query(`{ __type(name: "Mailbox") { fields { name } } }`, {}, admin());
      const names = type.__type.fields.map((f: any) => f.name);
      expect(names).toEqual(expect.arrayContaining(['address', 'state', 'quotaMb', 'passwordSetAt']));
      expect(names.filter((n: string) => /hash|secret/i.test(n) || n === 'password')).toEqual([]);
    });
  });

  describe('addresses: rule, collisions, one namespace for mailboxes and aliases', () => {
    it('numbers colliding addresses 2, 3, … skipping what aliases use; case never makes a second address', async () => {
      hungMailbox = (
        await t.query(CREATE_MAILBOX, { input: { domainId: domainA, officialId: w.officerA.id } }, itA())
      ).createMailbox.id;
      await t.query(
        CreateMailAliasDocument,
        {
          input: {
            domainId: domainA,
            kind: 'ALIAS',
            localPart: 'HungNV3',
            targets: [{ mailboxId: hungMailbox }],
          },
        },
        itA(),
      );
      const join = async () =>
        (
          await t.query(
            CREATE_OFFICIAL,
            {
              input: {
                fullName: 'Nguyễn Văn Hùng',
                position: 'SPECIALIST',
                personalEmail: 'hung.personal@example.org',
                postings: [{ agencyId: w.agencyA.id }],
              },
            },
            itA(),
          )
        ).createOfficial.id;
      const second = await join();
      const third = await join();
      await t.runJobs();
      expect((await mailboxesOf(w.officerA.id)).map((m: any) => m.address)).toEqual([`hungnv@${A}`]);
      expect((await mailboxesOf(second)).map((m: any) => m.address)).toEqual([`hungnv2@${A}`]);
      expect((await mailboxesOf(third)).map((m: any) => m.address)).toEqual([`hungnv4@${A}`]);

      const clash = await t.request(
        CreateMailAliasDocument,
        {
          input: {
            domainId: domainA,
            kind: 'ALIAS',
            localPart: 'HUNGNV2',
            targets: [{ address: 'x@example.org' }],
          },
        },
        itA(),
      );
      expect(clash.errors?.[0].extensions?.code).toBe('CONFLICT');
      const sharedClash = await t.request(
        CREATE_MAILBOX,
        { input: { domainId: domainA, kind: 'SHARED', localPart: 'HungNV3', displayName: 'X' } },
        itA(),
      );
      expect(sharedClash.errors?.[0].extensions?.code).toBe('CONFLICT');
    });

    it('the database itself refuses a second record for an address, whatever the case and kind', async () => {
      await expect(
        t.sql(`insert into email_accounts_address (address, kind, domain_id) values ($1, 'ALIAS', $2)`, [
          `HungNV@${A}`,
          domainA,
        ]),
      ).rejects.toThrow(/check constraint/);
      await expect(
        t.sql(`insert into email_accounts_address (address, kind, domain_id) values ($1, 'ALIAS', $2)`, [
          `hungnv@${A}`,
          domainA,
        ]),
      ).rejects.toThrow(/duplicate key/);
      // An alias row cannot borrow a mailbox's registered address (the foreign key includes the kind).
      await expect(
        t.sql(
          `insert into email_accounts_alias (id, created_at, updated_at, domain_id, unit_id, address, kind)
        values (gen_random_uuid(), now(), now(), $1, $2, $3, 'ALIAS')`,
          [domainA, w.communeA.id, `hungnv@${A}`],
        ),
      ).rejects.toThrow(/foreign key|violates/);
    });

    it('a domain rule applies per domain (GIVEN_DOT_FAMILY) and an explicit address must be free', async () => {
      const lan = await t.query(
        CREATE_MAILBOX,
        { input: { domainId: domainB, officialId: w.officerB.id } },
        admin(),
      );
      expect(lan.createMailbox.address).toBe(`lan.tran@${B}`);
      const explicit = await t.request(
        CREATE_MAILBOX,
        { input: { domainId: domainB, kind: 'SHARED', localPart: 'Lan.Tran', displayName: 'X' } },
        admin(),
      );
      expect(explicit.errors?.[0].extensions?.code).toBe('CONFLICT');
      const invalid = await t.request(
        CREATE_MAILBOX,
        { input: { domainId: domainB, kind: 'SHARED', localPart: 'văn phòng', displayName: 'X' } },
        admin(),
      );
      expect(invalid.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('limits', () => {
    it('quota above the domain maximum is refused; a full domain says so', async () => {
      const big = await t.request(
        CREATE_MAILBOX,
        {
          input: {
            domainId: domainB,
            kind: 'SHARED',
            localPart: 'motcua',
            displayName: 'Một cửa',
            quotaMb: 4096,
          },
        },
        admin(),
      );
      expect(big.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      for (const local of ['motcua', 'vanthu', 'ketoan']) {
        await t.query(
          CREATE_MAILBOX,
          { input: { domainId: domainB, kind: 'SHARED', localPart: local, displayName: local } },
          admin(),
        );
      }
      const full = await t.request(
        CREATE_MAILBOX,
        { input: { domainId: domainB, kind: 'SHARED', localPart: 'thuquy', displayName: 'Thủ quỹ' } },
        admin(),
      );
      expect(full.errors?.[0].extensions?.code).toBe('MAIL_DOMAIN_FULL');
      await t.query(UpdateMailDomainDocument, { input: { id: domainB, maxMailboxes: 100 } }, admin());
    });
  });

  describe('lifecycle from the staff register', () => {
    let listId: string;
    let deptListId: string;
    let departmentId: string;
    let mover: string;

    it('joining an agency whose policy says so creates a mailbox and mails its password (once, however often the job runs)', async () => {
      departmentId = (
        await t.query(
          CreateDepartmentDocument,
          { input: { agencyId: w.agencyA.id, name: 'Phòng Văn hoá - Xã hội' } },
          admin(),
        )
      ).createDepartment.id;
      listId = (
        await t.query(
          CreateMailAliasDocument,
          { input: { domainId: domainA, kind: 'LIST', localPart: 'toanthe', source: 'AGENCY' } },
          itA(),
        )
      ).createMailAlias.id;
      deptListId = (
        await t.query(
          CreateMailAliasDocument,
          {
            input: {
              domainId: domainA,
              kind: 'LIST',
              localPart: 'vhxh',
              source: 'DEPARTMENT',
              sourceDepartmentId: departmentId,
            },
          },
          itA(),
        )
      ).createMailAlias.id;
      mover = (
        await t.query(
          CREATE_OFFICIAL,
          {
            input: {
              fullName: 'Đỗ Thị Thuỷ',
              position: 'SPECIALIST',
              personalEmail: 'thuy.do@example.org',
              postings: [{ agencyId: w.agencyA.id, departmentId }],
            },
          },
          itA(),
        )
      ).createOfficial.id;
      await t.runJobs();
      const [mailbox] = await mailboxesOf(mover);
      expect(mailbox).toMatchObject({ address: `thuydt@${A}`, state: 'ACTIVE' });
      const mail = await smtp.waitFor((m) => m.to.includes('thuy.do@example.org'));
      expect(mail.subject).toBe(`Cấp hộp thư điện tử công vụ thuydt@${A}`);

      // The subscriber is a reconciliation: running it again creates nothing and sends nothing.
      const before = smtp.messages.length;
      const { lifecycle } = await import('../services/lifecycle.service');
      await lifecycle.reconcileOfficial(t.app.systemContext(), mover);
      await t.runJobs();
      expect(await mailboxesOf(mover)).toHaveLength(1);
      expect(smtp.messages.length).toBe(before);

      expect(await targetsOf(listId)).toEqual([
        `hungnv2@${A} (auto)`,
        `hungnv4@${A} (auto)`,
        `hungnv@${A} (auto)`,
        `thuydt@${A} (auto)`,
      ]);
      expect(await targetsOf(deptListId)).toEqual([`thuydt@${A} (auto)`]);
    });

    it("moving to another agency updates list memberships and adds an alias in the new agency's domain", async () => {
      const listB = (
        await t.query(
          CreateMailAliasDocument,
          {
            input: {
              domainId: domainB,
              kind: 'LIST',
              localPart: 'toanthe',
              source: 'AGENCY',
              targets: [{ address: 'lanhdao@example.org' }],
            },
          },
          admin(),
        )
      ).createMailAlias.id;
      await t.query(
        `mutation($input: SetPostingsInput!) { setOfficialPostings(input: $input) { id } }`,
        { input: { officialId: mover, postings: [{ agencyId: w.agencyB.id }] } },
        admin(),
      );
      await t.runJobs();
      expect(await targetsOf(listId)).toEqual([
        `hungnv2@${A} (auto)`,
        `hungnv4@${A} (auto)`,
        `hungnv@${A} (auto)`,
      ]);
      expect(await targetsOf(deptListId)).toEqual([]);
      expect(await targetsOf(listB)).toEqual([
        `lan.tran@${B} (auto)`,
        'lanhdao@example.org',
        `thuydt@${A} (auto)`,
      ]);
      const aliases = await t.query(
        `query($f: MailAliasFilterInput) { mailAliases(filter: $f, first: 10) { nodes { address official { id } targets { address } } } }`,
        { f: { domainId: domainB, kind: 'ALIAS' } },
        admin(),
      );
      expect(aliases.mailAliases.nodes).toEqual([
        { address: `thuy.do@${B}`, official: { id: mover }, targets: [{ address: `thuydt@${A}` }] },
      ]);

      // Back to ward A: the alias in B goes, the lists follow.
      await t.query(
        `mutation($input: SetPostingsInput!) { setOfficialPostings(input: $input) { id } }`,
        { input: { officialId: mover, postings: [{ agencyId: w.agencyA.id, departmentId }] } },
        admin(),
      );
      await t.runJobs();
      expect(await targetsOf(listB)).toEqual([`lan.tran@${B} (auto)`, 'lanhdao@example.org']);
      expect(await targetsOf(deptListId)).toEqual([`thuydt@${A} (auto)`]);
      const gone = await t.query(
        `query($f: MailAliasFilterInput) { mailAliases(filter: $f, first: 10) { totalCount } }`,
        { f: { domainId: domainB, kind: 'ALIAS' } },
        admin(),
      );
      expect(gone.mailAliases.totalCount).toBe(0);
      const freed = await t.sql(`select count(*)::int as n from email_accounts_address where address = $1`, [
        `thuy.do@${B}`,
      ]);
      expect(freed[0].n).toBe(0);
    });

    it("a suspended official's mailbox is suspended; only reinstating the official brings it back", async () => {
      await t.query(
        `mutation($input: ChangeOfficialStatusInput!) { suspendOfficial(input: $input) { status } }`,
        { input: { officialId: mover } },
        admin(),
      );
      await t.runJobs();
      const [suspended] = await mailboxesOf(mover);
      expect(suspended).toMatchObject({ state: 'SUSPENDED', suspension: 'OFFICIAL_SUSPENDED' });
      const early = await t.request(ReactivateMailboxDocument, { input: { id: suspended.id } }, itA());
      expect(early.errors?.[0].extensions?.code).toBe('MAILBOX_INVALID_TRANSITION');
      await t.query(
        `mutation($input: ChangeOfficialStatusInput!) { reinstateOfficial(input: $input) { status } }`,
        { input: { officialId: mover } },
        admin(),
      );
      await t.runJobs();
      expect((await mailboxesOf(mover))[0]).toMatchObject({ state: 'ACTIVE', suspension: null });
    });

    it('leaving suspends the mailbox, forwards it to the unit mailbox and drops list memberships', async () => {
      await t.query(MarkOfficialLeftDocument, { input: { officialId: mover } }, admin());
      await t.runJobs();
      const [left] = await mailboxesOf(mover);
      expect(left).toMatchObject({ state: 'SUSPENDED', suspension: 'OFFICIAL_LEFT' });
      const forward = await t.sql(`select goto from email_accounts_postfix_alias where address = $1`, [
        `thuydt@${A}`,
      ]);
      expect(forward).toEqual([{ goto: `vanphong@${A}` }]);
      expect(await targetsOf(deptListId)).toEqual([]);
      const login = await t.sql(
        `select count(*)::int as n from email_accounts_dovecot_passdb where "user" = $1`,
        [`thuydt@${A}`],
      );
      expect(login[0].n).toBe(0);
      const stillDelivered = await t.sql(
        `select count(*)::int as n from email_accounts_dovecot_userdb where "user" = $1`,
        [`thuydt@${A}`],
      );
      expect(stillDelivered[0].n).toBe(1);
      const again = await t.request(ReactivateMailboxDocument, { input: { id: left.id } }, itA());
      expect(again.errors?.[0].extensions?.code).toBe('MAILBOX_INVALID_TRANSITION');
    });

    it("the unit mailbox receiving leavers' mail cannot be deleted", async () => {
      const result = await t.request(
        `mutation($input: MailboxIdInput!) { deleteMailbox(input: $input) { deletedId } }`,
        { input: { id: unitMailboxA } },
        itA(),
      );
      expect(result.errors?.[0].extensions?.code).toBe('MAILBOX_INVALID_TRANSITION');
    });
  });

  describe('bulk provisioning', () => {
    const PROVISION = `mutation($input: ProvisionMailboxesInput!) { provisionMailboxes(input: $input) {
      total created skipped failed dryRun rows { row username address status message credentialsQueued } } }`;

    it('from CSV: per-row results; a dry run writes nothing; a re-run skips what exists', async () => {
      const names = ['Bùi Văn An', 'Bùi Văn An', 'Ngô Thị Bích'];
      const created: string[] = [];
      for (const fullName of names) {
        const official = await t.query(
          CREATE_OFFICIAL,
          {
            input: {
              fullName,
              position: 'SPECIALIST',
              username: `${['an1', 'an2', 'bich'][created.length]}.csv`,
              postings: [{ agencyId: w.agencyB.id }],
              personalEmail: created.length === 2 ? null : 'csv@example.org',
            },
          },
          admin(),
        );
        created.push(official.createOfficial.username);
      }
      await t.runJobs();
      const csv = [
        'username,local_part,quota_mb,display_name',
        'an1.csv,,,',
        'an2.csv,,1024,',
        'bich.csv,,,',
        'nobody.csv,,,',
        `${w.officerA.username},,,`,
        ',vanthu2,,Văn thư 2',
        ',Bad Address,,X',
        'an1.csv,,,',
      ].join('\n');
      const dry = (await t.query(PROVISION, { input: { domainId: domainB, csv, dryRun: true } }, admin()))
        .provisionMailboxes;
      expect(dry).toMatchObject({ dryRun: true, total: 8, created: 4, skipped: 1, failed: 3 });
      const none = await t.sql(
        `select count(*)::int as n from email_accounts_mailbox where address like 'an.bui%'`,
      );
      expect(none[0].n).toBe(0);

      const real = (await t.query(PROVISION, { input: { domainId: domainB, csv } }, admin()))
        .provisionMailboxes;
      expect(real.rows.map((r: any) => [r.row, r.address, r.status, r.credentialsQueued])).toEqual([
        [1, `an.bui@${B}`, 'CREATED', true],
        [2, `an.bui2@${B}`, 'CREATED', true],
        [3, `bich.ngo@${B}`, 'CREATED', false],
        [4, null, 'FAILED', false],
        [5, null, 'FAILED', false],
        [6, `vanthu2@${B}`, 'CREATED', false],
        [7, null, 'FAILED', false],
        [8, null, 'SKIPPED', false],
      ]);
      expect(real.rows[3].message).toBe(`No official "nobody.csv" is posted in the agency of ${B}`);
      expect(real.rows[4].message).toBe(
        `No official "${w.officerA.username}" is posted in the agency of ${B}`,
      );
      expect(real.rows[2].message).toContain('no personal email');
      const jobs = await t.sql(
        `select count(*)::int as n from graphile_worker.jobs where task_identifier = 'email-accounts.deliver-credentials'`,
      );
      expect(jobs[0].n).toBe(2);

      const rerun = (await t.query(PROVISION, { input: { domainId: domainB, csv } }, admin()))
        .provisionMailboxes;
      expect(rerun).toMatchObject({ created: 0, skipped: 5, failed: 3 });
      await t.runJobs();
    });

    it('a whole agency at once, for an IT admin of that agency only', async () => {
      const forbidden = await t.request(
        PROVISION,
        { input: { domainId: domainB, wholeAgency: true } },
        itA(),
      );
      expect(forbidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const report = (await t.query(PROVISION, { input: { domainId: domainA, wholeAgency: true } }, itA()))
        .provisionMailboxes;
      // Lê Minh Đức (the IT admin) had none; everyone else in ward A has one already.
      expect(report.rows.filter((r: any) => r.status === 'CREATED').map((r: any) => r.address)).toEqual([
        `duclm@${A}`,
      ]);
      expect(report.failed).toBe(0);
    });
  });

  describe('quota warnings', () => {
    it("warns once at the domain's percent and once when full (also at the personal address), again after usage fell", async () => {
      const record = (usedBytes: number) =>
        t.query(
          `mutation($input: RecordMailboxUsageInput!) { recordMailboxUsage(input: $input) { mailboxes { usagePercent } } }`,
          { input: { entries: [{ address: `HUNGNV2@${A}`, usedBytes }] } },
          itA(),
        );
      const warnings = () =>
        smtp.messages.filter((m) => m.subject.includes(`hungnv2@${A}`) && /đầy/.test(m.subject));

      expect((await record(465 * MiB)).recordMailboxUsage.mailboxes[0].usagePercent).toBe(90.82);
      await t.runJobs();
      expect(warnings().map((m) => [m.subject, m.to])).toEqual([
        [`Hộp thư hungnv2@${A} sắp đầy (90%)`, [`hungnv2@${A}`]],
      ]);
      expect(warnings()[0].text).toContain('đã dùng 465 MB trên tổng dung lượng 512 MB (90%)');

      await record(470 * MiB);
      await t.runJobs();
      expect(warnings()).toHaveLength(1);

      await record(512 * MiB);
      await t.runJobs();
      expect(
        warnings()
          .slice(1)
          .map((m) => [m.subject, m.to]),
      ).toEqual([
        [`Hộp thư hungnv2@${A} đã đầy`, [`hungnv2@${A}`]],
        [`Hộp thư hungnv2@${A} đã đầy`, ['hung.personal@example.org']],
      ]);

      await record(10 * MiB);
      await t.runJobs();
      await record(480 * MiB);
      await t.runJobs();
      expect(warnings()).toHaveLength(4);

      const outside = await t.request(
        `mutation($input: RecordMailboxUsageInput!) { recordMailboxUsage(input: $input) { mailboxes { id } } }`,
        { input: { entries: [{ address: `lan.tran@${B}`, usedBytes: 1 }] } },
        itA(),
      );
      expect(outside.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('deletion, retention and purge', () => {
    it('a deleted mailbox waits for the retention period, can be restored, and its purge frees the address', async () => {
      const id = (
        await t.query(
          CREATE_MAILBOX,
          { input: { domainId: domainA, kind: 'SHARED', localPart: 'tamthoi', displayName: 'Tạm thời' } },
          itA(),
        )
      ).createMailbox.id;
      expect(
        (
          await t.query(
            `mutation($input: MailboxIdInput!) { deleteMailbox(input: $input) { deletedId } }`,
            { input: { id } },
            itA(),
          )
        ).deleteMailbox,
      ).toEqual({ deletedId: id });
      // Kept until its purge: read it by its own query.
      const deleted = (await t.query(MailboxDocument, { id }, itA())).mailbox!;
      expect(deleted.state).toBe('DELETED');
      const days = (new Date(deleted.deleteAfter!).getTime() - Date.now()) / 86400000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThanOrEqual(30);
      expect(
        await t.sql(`select * from email_accounts_postfix_mailbox where address = $1`, [`tamthoi@${A}`]),
      ).toEqual([]);

      const restored = (
        await t.query(
          `mutation($input: MailboxIdInput!) { restoreMailbox(input: $input) { state suspension } }`,
          { input: { id } },
          itA(),
        )
      ).restoreMailbox;
      expect(restored).toEqual({ state: 'SUSPENDED', suspension: 'ADMIN' });

      await t.query(
        `mutation($input: MailboxIdInput!) { deleteMailbox(input: $input) { deletedId } }`,
        { input: { id } },
        itA(),
      );
      const enqueuePurge = () =>
        t.app.services.jobs.enqueue(t.app.orm.em.fork(), 'email-accounts.purge-deleted', {});
      await enqueuePurge();
      await t.runJobs();
      expect(
        (await t.sql(`select count(*)::int as n from email_accounts_mailbox where id = $1`, [id]))[0].n,
      ).toBe(1);

      await t.sql(
        `update email_accounts_mailbox set delete_after = now() - interval '1 second' where id = $1`,
        [id],
      );
      await enqueuePurge();
      await t.runJobs();
      expect(
        (await t.sql(`select count(*)::int as n from email_accounts_mailbox where id = $1`, [id]))[0].n,
      ).toBe(0);
      const reuse = await t.query(
        CreateMailAliasDocument,
        {
          input: {
            domainId: domainA,
            kind: 'ALIAS',
            localPart: 'tamthoi',
            targets: [{ mailboxId: hungMailbox }],
          },
        },
        itA(),
      );
      expect(reuse.createMailAlias.address).toBe(`tamthoi@${A}`);
      const aliasId = (
        await t.query(
          `query($f: MailAliasFilterInput) { mailAliases(filter: $f, first: 1) { nodes { id } } }`,
          { f: { search: 'tamthoi' } },
          itA(),
        )
      ).mailAliases.nodes[0].id;
      expect(
        (
          await t.query(
            `mutation($input: MailAliasIdInput!) { deleteMailAlias(input: $input) { deletedId } }`,
            { input: { id: aliasId } },
            itA(),
          )
        ).deleteMailAlias,
      ).toEqual({ deletedId: aliasId });
      expect(
        await t.sql(`select address from email_accounts_address where address = $1`, [`tamthoi@${A}`]),
      ).toEqual([]);
    });
  });

  it('a reorganisation moves domains, mailboxes and aliases with their agency (UnitReorganised)', async () => {
    // What the staff plugin does when ward B is merged into ward A: the agency follows the unit.
    await t.sql(`update staff_agency set unit_id = $1 where id = $2`, [w.communeA.id, w.agencyB.id]);
    const ctx = t.app.systemContext();
    await ctx.transactional(() =>
      ctx.publish(UnitReorganised, {
        oldUnitId: w.communeB.id,
        oldUnitCode: '06970',
        successors: [{ unitId: w.communeA.id, code: '06940', kind: 'FULL' }],
        successorUnitId: w.communeA.id,
        effectiveDate: '2026-01-01',
      }),
    );
    await t.runJobs();
    const units = await t.sql(
      `select distinct unit_id from (select unit_id from email_accounts_domain where id = $1
      union all select unit_id from email_accounts_mailbox where domain_id = $1 union all select unit_id from email_accounts_alias where domain_id = $1) u`,
      [domainB],
    );
    expect(units).toEqual([{ unit_id: w.communeA.id }]);
    const listed = await t.query(`{ mailDomains(first: 10) { nodes { name } } }`, {}, itA());
    expect(listed.mailDomains.nodes.map((d: any) => d.name)).toEqual([B, A]);
  });

  it("Official.mailboxes shows an official's mailboxes to whoever may see them", async () => {
    const data = await t.query(
      `query($id: ID!) { official(id: $id) { mailboxes { address } } }`,
      { id: w.officerA.id },
      { token: w.leaderP.token },
    );
    expect(data.official.mailboxes).toEqual([{ address: `hungnv@${A}` }]);
    const found = await t.query(
      `query($f: MailboxFilterInput) { mailboxes(filter: $f, first: 5) { nodes { address official { fullName } } } }`,
      { f: { search: 'Đỗ Thị Thuỷ' } },
      itA(),
    );
    expect(found.mailboxes.nodes).toEqual([
      { address: `thuydt@${A}`, official: { fullName: 'Đỗ Thị Thuỷ' } },
    ]);
    expect(
      (
        await t.query(
          `query($f: MailboxFilterInput) { mailboxes(filter: $f, first: 5) { totalCount } }`,
          { f: { search: 'THUYDT' } },
          itA(),
        )
      ).mailboxes.totalCount,
    ).toBe(1);
    // `%` and `_` are literal characters of the search, not wildcards (core escapeLike).
    const count = async (search: string) =>
      (
        await t.query(
          `query($f: MailboxFilterInput) { mailboxes(filter: $f, first: 5) { totalCount } }`,
          { f: { search } },
          itA(),
        )
      ).mailboxes.totalCount;
    expect(await count('thuyd')).toBe(1);
    for (const wildcard of ['%', '_', 'thuy_t', 'th%dt', '\\'])
      expect([wildcard, await count(wildcard)]).toEqual([wildcard, 0]);
    const domains = await t.query(
      `query($f: MailDomainFilterInput) { mailDomains(filter: $f, first: 5) { totalCount } }`,
      { f: { search: '%' } },
      itA(),
    );
    expect(domains.mailDomains.totalCount).toBe(0);
    const mine = await t.query(`{ myMailboxes { address kind } }`, {}, { token: w.officerA.token });
    expect(mine.myMailboxes).toEqual([{ address: `hungnv@${A}`, kind: 'PERSONAL' }]);
  });

  it('a password reset to a new address tells the owner at the address the platform knows', async () => {
    const { official } = await t.query(
      `query($id: ID!) { official(id: $id) { personalEmail mailboxes { id address } } }`,
      { id: w.officerA.id },
      { token: w.adminToken },
    );
    const mailbox = official.mailboxes.find((m: any) => m.address === `hungnv@${A}`);
    const known = official.personalEmail as string;
    expect(known).toBeTruthy();
    const reset = (deliverTo?: string) =>
      t.query(
        ResetMailboxPasswordDocument,
        { input: { mailboxId: mailbox.id, ...(deliverTo ? { deliverTo } : {}) } },
        itA(),
      );
    const WARNING = `Cảnh báo: mật khẩu hộp thư hungnv@${A} được gửi đến địa chỉ khác`;
    const warnings = () => smtp.messages.filter((m) => m.subject === WARNING);

    // To the known address (or the same address in other case): no warning.
    expect((await reset()).resetMailboxPassword.recipient).toBe(known);
    await reset(known.toUpperCase());
    await t.runJobs();
    expect(warnings()).toEqual([]);

    // To a new address: the owner's known address is told, through the job queue, without the password.
    expect((await reset('nguoi.la@example.net')).resetMailboxPassword.recipient).toBe('nguoi.la@example.net');
    const queued = await t.sql(
      `select j.payload->>'to' as "to" from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
        where k.identifier = 'core.send-mail' and j.payload->>'subject' = $1`,
      [WARNING],
    );
    expect(queued).toEqual([{ to: known }]);
    await t.runJobs();
    const warning = await smtp.waitFor((m) => m.subject === WARNING);
    expect(warning.to).toContain(known);
    expect(warning.text).toContain('nguoi.la@example.net');
    expect(warning.text).not.toMatch(/Mật khẩu:/);
    const credential = await smtp.waitFor(
      (m) => m.to.includes('nguoi.la@example.net') && m.subject === `Cấp lại mật khẩu hộp thư hungnv@${A}`,
    );
    expect(credential).toBeTruthy();
    expect(warnings()).toHaveLength(1);
  });

  it("an IT admin over a provincial department manages that department's domain, not another department's of the same province", async () => {
    const agency = async (name: string, electronicId: string) =>
      (
        await t.query(
          CreateAgencyDocument,
          { input: { name, electronicId, unitId: w.province.id, kind: 'PROVINCIAL_DEPARTMENT' } },
          admin(),
        )
      ).createAgency.id;
    const education = await agency('Sở Giáo dục và Đào tạo tỉnh Quảng Ninh', '000.00.21.H46');
    const transport = await agency('Sở Giao thông vận tải tỉnh Quảng Ninh', '000.00.22.H46');
    const domain = async (name: string, agencyId: string) =>
      (
        await t.query(
          CreateMailDomainDocument,
          { input: { name, agencyId, maxMailboxes: 5, defaultQuotaMb: 512, maxQuotaMb: 1024 } },
          admin(),
        )
      ).createMailDomain.id;
    const educationDomain = await domain('sgddt.quangninh.gov.vn', education);
    const transportDomain = await domain('sgtvt.quangninh.gov.vn', transport);
    const transportMailbox = (
      await t.query(
        CREATE_MAILBOX,
        { input: { domainId: transportDomain, kind: 'SHARED', localPart: 'vanthu', displayName: 'Văn thư' } },
        admin(),
      )
    ).createMailbox.id;
    const it = (
      await t.query(
        CREATE_OFFICIAL,
        {
          input: {
            fullName: 'Phan Quốc Bảo',
            position: 'IT_ADMIN',
            postings: [{ agencyId: education }],
            roles: [{ role: 'it-admin', agencyId: education }],
          },
        },
        admin(),
      )
    ).createOfficial;
    const token = { token: t.token(it.username, ['it-admin']) };

    expect(
      (await t.query(`{ mailDomains(first: 10) { nodes { name } } }`, {}, token)).mailDomains.nodes.map(
        (d: any) => d.name,
      ),
    ).toEqual(['sgddt.quangninh.gov.vn']);
    const own = await t.query(
      CREATE_MAILBOX,
      { input: { domainId: educationDomain, kind: 'SHARED', localPart: 'vanthu', displayName: 'Văn thư' } },
      token,
    );
    expect(own.createMailbox.address).toBe('vanthu@sgddt.quangninh.gov.vn');
    const listed = (
      await t.query(`{ mailboxes(first: 50) { nodes { id address } } }`, {}, token)
    ).mailboxes.nodes.map((m: any) => m.address);
    expect(listed).toEqual(['vanthu@sgddt.quangninh.gov.vn']);
    // The other department's domain and mailbox do not exist for them, nor does a password reset.
    expect(
      (
        await t.request(
          CREATE_MAILBOX,
          { input: { domainId: transportDomain, kind: 'SHARED', localPart: 'x', displayName: 'X' } },
          token,
        )
      ).errors?.[0].extensions?.code,
    ).toBe('NOT_FOUND');
    expect((await t.query(MailboxDocument, { id: transportMailbox }, token)).mailbox).toBeNull();
    expect(
      (await t.request(ResetMailboxPasswordDocument, { input: { mailboxId: transportMailbox } }, token))
        .errors?.[0].extensions?.code,
    ).toBe('NOT_FOUND');
  });

  it("an IT admin manages their agency's domains within the limits a platform admin sets", async () => {
    const LIMITS = `query($id: ID!) { mailAgencyLimits(agencyId: $id) { maxDomains maxMailboxes maxQuotaMb custom domains mailboxesAllotted } }`;
    const SET = `mutation($input: SetMailAgencyLimitsInput!) { setMailAgencyLimits(input: $input) { limits { maxDomains custom } } }`;
    const CREATE = CreateMailDomainDocument;
    const create = (name: string, maxMailboxes: number, maxQuotaMb: number, token = itA()) =>
      t.request(
        CREATE,
        { input: { name, agencyId: w.agencyA.id, maxMailboxes, defaultQuotaMb: 256, maxQuotaMb } },
        token,
      );
    const domainsOfA = Number(
      (
        await t.sql(`select count(*)::int as n from email_accounts_domain where agency_id = $1`, [
          w.agencyA.id,
        ])
      )[0].n,
    );
    // The IT admin may not raise their own limits.
    const byItAdmin = await t.request(
      SET,
      { input: { agencyId: w.agencyA.id, maxDomains: 99, maxMailboxes: 99999, maxQuotaMb: 99999 } },
      itA(),
    );
    expect(byItAdmin.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const set = await t.query(
      SET,
      { input: { agencyId: w.agencyA.id, maxDomains: domainsOfA + 1, maxMailboxes: 30, maxQuotaMb: 4096 } },
      admin(),
    );
    expect(set.setMailAgencyLimits.limits).toEqual({ maxDomains: domainsOfA + 1, custom: true });
    expect((await t.query(LIMITS, { id: w.agencyA.id }, itA())).mailAgencyLimits).toEqual({
      maxDomains: domainsOfA + 1,
      maxMailboxes: 30,
      maxQuotaMb: 4096,
      custom: true,
      domains: domainsOfA,
      mailboxesAllotted: 20,
    });
    // Beyond the limits: refused, saying which limit and how far it allows.
    const tooMany = await create('hl2.quangninh.gov.vn', 11, 2048);
    expect(tooMany.errors?.[0]).toMatchObject({
      message: expect.stringContaining('this one may allow at most 10'),
      extensions: { code: 'MAIL_AGENCY_LIMIT_EXCEEDED', field: 'maxMailboxes', limit: 30, requested: 31 },
    });
    const tooBig = await create('hl2.quangninh.gov.vn', 10, 8192);
    expect(tooBig.errors?.[0].extensions).toMatchObject({
      code: 'MAIL_AGENCY_LIMIT_EXCEEDED',
      field: 'maxQuotaMb',
    });
    // Within them: created by the IT admin, audited.
    const made = await create('hl2.quangninh.gov.vn', 10, 4096);
    expect(made.errors).toBeUndefined();
    expect(
      await t.sql(
        `select actor_name from core_audit_entry where action = 'email-accounts.domain.create' and entity_id = $1`,
        [made.data!.createMailDomain.id],
      ),
    ).toEqual([{ actor_name: w.itAdminA.username }]);
    const third = await create('hl3.quangninh.gov.vn', 0, 1);
    expect(third.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/at most \d+ mail domain/),
      extensions: { code: 'MAIL_AGENCY_LIMIT_EXCEEDED', field: 'name' },
    });
    // Raising a domain's mailboxes past the agency's sum is refused too.
    const raise = await t.request(
      UpdateMailDomainDocument,
      { input: { id: made.data!.createMailDomain.id, maxMailboxes: 11 } },
      itA(),
    );
    expect(raise.errors?.[0].extensions).toMatchObject({
      code: 'MAIL_AGENCY_LIMIT_EXCEEDED',
      field: 'maxMailboxes',
    });
    // The province's limits are not theirs to read.
    expect((await t.query(LIMITS, { id: w.provinceAgency.id }, itA())).mailAgencyLimits).toBeNull();
  });

  it('an agency or department named by a malformed id is BAD_USER_INPUT on its field; a well-formed unknown one is null or NOT_FOUND', async () => {
    const MALFORMED = 'not-a-uuid';
    const UNKNOWN = '00000000-0000-4000-8000-000000000000';
    const LIMITS = `query($id: ID!) { mailAgencyLimits(agencyId: $id) { maxDomains } }`;
    const refusal = async (query: string, variables: Record<string, unknown>) => {
      const result = await t.request(query, variables, admin());
      expect(result.errors).toBeDefined();
      return result.errors![0].extensions;
    };
    expect(await refusal(LIMITS, { id: MALFORMED })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'agencyId',
    });
    expect((await t.query(LIMITS, { id: UNKNOWN }, admin())).mailAgencyLimits).toBeNull();
    const SET = `mutation($input: SetMailAgencyLimitsInput!) { setMailAgencyLimits(input: $input) { limits { custom } } }`;
    const CREATE_DOMAIN = `mutation($input: CreateMailDomainInput!) { createMailDomain(input: $input) { id } }`;
    const CREATE_LIST = `mutation($input: CreateMailAliasInput!) { createMailAlias(input: $input) { id } }`;
    const list = { domainId: domainA, kind: 'LIST', localPart: 'khongco' };
    const cases: Array<[string, (id: string) => Record<string, unknown>, string]> = [
      [
        SET,
        (agencyId) => ({ input: { agencyId, maxDomains: 1, maxMailboxes: 1, maxQuotaMb: 1 } }),
        'agencyId',
      ],
      [
        CREATE_DOMAIN,
        (agencyId) => ({
          input: {
            name: 'khongco.quangninh.gov.vn',
            agencyId,
            maxMailboxes: 1,
            defaultQuotaMb: 1,
            maxQuotaMb: 1,
          },
        }),
        'agencyId',
      ],
      [
        CREATE_LIST,
        (sourceAgencyId) => ({ input: { ...list, source: 'AGENCY', sourceAgencyId } }),
        'sourceAgencyId',
      ],
      [
        CREATE_LIST,
        (sourceDepartmentId) => ({ input: { ...list, source: 'DEPARTMENT', sourceDepartmentId } }),
        'sourceDepartmentId',
      ],
    ];
    for (const [mutation, variables, field] of cases) {
      expect(await refusal(mutation, variables(MALFORMED))).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect((await refusal(mutation, variables(UNKNOWN)))?.code).toBe('NOT_FOUND');
    }
  });

  it("the official's work email follows their primary mailbox: made on joining, cleared when it is deleted", async () => {
    const joined = (
      await t.query(
        CREATE_OFFICIAL,
        {
          input: {
            fullName: 'Lương Thị Thu',
            position: 'SPECIALIST',
            postings: [{ agencyId: w.agencyA.id }],
          },
        },
        itA(),
      )
    ).createOfficial;
    await t.runJobs(); // OfficialJoined: the agency's policy creates the mailbox
    const emailOf = async () =>
      (await t.query(`query($id: ID!) { official(id: $id) { email } }`, { id: joined.id }, itA())).official
        .email;
    const [mailbox] = await mailboxesOf(joined.id);
    expect(mailbox.address).toMatch(/@halong\.quangninh\.gov\.vn$/);
    expect(await emailOf()).toBe(mailbox.address);
    await t.query(
      `mutation($input: MailboxIdInput!) { deleteMailbox(input: $input) { deletedId } }`,
      { input: { id: mailbox.id } },
      itA(),
    );
    expect(await emailOf()).toBeNull();
    const trail = await t.sql<{ after: any }>(
      `select after from core_audit_entry where action = 'staff.official.work-email' and entity_id = $1 order by at`,
      [joined.id],
    );
    expect(trail.map((e) => e.after)).toEqual([
      { email: mailbox.address, source: 'email-accounts.primary-mailbox' },
      { email: null, source: 'email-accounts.primary-mailbox' },
    ]);
  });
});
