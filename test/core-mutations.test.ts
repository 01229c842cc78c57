import { createTestApp, TestApp } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';
import {
  AuditTrailDocument,
  JobsDocument,
  type JobsQueryVariables,
  RetryJobsDocument,
} from './graphql/generated';

/**
 * What a mutation writes travels together: the change, its audit entry and its jobs (events, mail)
 * commit in one transaction or not at all. Jobs then run with retries and backoff; the ones that use
 * up their attempts wait for an admin.
 */

const ADD_NOTE = 'mutation($input: AddNoteInput!) { addNote(input: $input) { id text } }';

describe('mutations, audit trail and jobs', () => {
  let t: TestApp;
  let leader: string;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [notesPlugin] });
    leader = t.token({ username: 'lan', name: 'Nguyễn Thị Lan', roles: ['leader'] });
  });
  afterAll(() => t.close());

  /** Jobs (any state) whose payload mentions `text`. */
  const jobsMentioning = (text: string) =>
    t.sql<{ task_identifier: string }>(
      `select t.identifier as task_identifier from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id
        where j.payload::text like '%' || $1 || '%' order by t.identifier`,
      [text],
    );
  /** Makes every waiting job due now (graphile-worker retries after an exponential backoff). */
  const makeJobsDue = () =>
    t.sql('update graphile_worker._private_jobs set run_at = now() where locked_at is null');
  const jobRow = (id: string) =>
    t.sql<{ attempts: number; max_attempts: number; last_error: string | null; run_at: Date }>(
      'select attempts, max_attempts, last_error, run_at from graphile_worker.jobs where id = $1',
      [id],
    );

  describe('transactions', () => {
    it('commits the change, its audit entry and its jobs together', async () => {
      const data = await t.query(
        ADD_NOTE,
        { input: { text: 'committed together', unitId: 'u1', notify: 'pho.chu.tich@ubnd.example.vn' } },
        { token: leader },
      );
      expect(await t.sql('select text from notes_note where id = $1', [data.addNote.id])).toHaveLength(1);
      expect(
        await t.sql(`select 1 from core_audit_entry where entity_id = $1`, [data.addNote.id]),
      ).toHaveLength(1);
      expect((await jobsMentioning('committed together')).map((j) => j.task_identifier)).toEqual([
        'core.send-mail',
        'notes.index-note',
      ]);
    });

    it('rolls everything back when the mutation throws after writing, and masks the error', async () => {
      const text = 'explode after writing';
      const result = await t.request(
        ADD_NOTE,
        { input: { text, unitId: 'u1', notify: 'pho.chu.tich@ubnd.example.vn' } },
        { token: leader },
      );

      expect(result.status).toBe(200);
      expect(result.data).toBeNull();
      expect(result.errors).toEqual([
        {
          message: 'Internal server error',
          path: ['addNote'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ]);
      const body = JSON.stringify(result);
      for (const leak of ['SELECT', 'passwords', 'secret internal', 'stacktrace', 'at ', '.ts:'])
        expect(body).not.toContain(leak);

      expect(await t.sql('select 1 from notes_note where text = $1', [text])).toEqual([]);
      expect(await t.sql(`select 1 from core_audit_entry where after->>'text' = $1`, [text])).toEqual([]);
      expect(await jobsMentioning(text)).toEqual([]);
    });

    it('keeps domain errors with their code and message', async () => {
      const result = await t.request(ADD_NOTE, { input: { text: '   ', unitId: 'u1' } }, { token: leader });
      expect(result.errors?.[0]).toMatchObject({
        message: 'text must not be empty',
        extensions: { code: 'BAD_USER_INPUT', field: 'text' },
      });
      expect(await t.sql(`select 1 from notes_note where text = '   '`)).toEqual([]);
    });

    it('refuses text with a NUL character (PostgreSQL cannot store it) as BAD_USER_INPUT naming the field', async () => {
      const nul = await t.request(ADD_NOTE, { input: { text: 'a\u0000b', unitId: 'u1' } }, { token: leader });
      expect(nul.errors).toEqual([
        {
          message: 'input.text contains a NUL character, which cannot be stored',
          path: ['addNote'],
          locations: expect.any(Array),
          extensions: { code: 'BAD_USER_INPUT', field: 'input.text' },
        },
      ]);
      expect(await t.sql(`select 1 from notes_note where text like 'a%b'`)).toEqual([]);
    });

    it('answers a value the database cannot take (here a number out of range) as BAD_USER_INPUT, without the SQL', async () => {
      const huge = await t.request(
        RetryJobsDocument,
        { input: { ids: ['99999999999999999999'] } },
        { token: t.token('quang', ['it-admin']) },
      );
      expect(huge.errors).toEqual([
        {
          message: expect.stringMatching(/not valid/),
          path: ['retryJobs'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ]);
      expect(JSON.stringify(huge)).not.toMatch(/bigint|reschedule_jobs|select/i);
    });
  });

  describe('audit trail', () => {
    let noteId: string;

    beforeAll(async () => {
      const data = await t.query(
        ADD_NOTE,
        { input: { text: 'audited note', unitId: 'u7' } },
        { token: leader },
      );
      noteId = data.addNote.id;
    });

    it('records who did what to which record, with the request id, scrubbing secrets', async () => {
      const requestId = 'audit-req-0001';
      const result = await t.request(
        ADD_NOTE,
        { input: { text: 'audited with request id', unitId: 'u7' } },
        { token: leader, headers: { 'x-request-id': requestId } },
      );
      const id = result.data!.addNote.id;
      const [row] = await t.sql('select * from core_audit_entry where entity_id = $1', [id]);
      expect(row).toMatchObject({
        action: 'notes.note.add',
        entity_type: 'Note',
        unit_id: 'u7',
        request_id: requestId,
        actor_subject: 'kc-lan',
        actor_name: 'Nguyễn Thị Lan',
        before: null,
        after: { text: 'audited with request id', password: '[redacted]' },
      });
      expect(JSON.stringify(row)).not.toContain('never-stored');
    });

    it('is readable by an auditor through auditTrail', async () => {
      const data = await t.query(
        AuditTrailDocument,
        { filter: { entityId: noteId }, first: 10 },
        { token: t.token('thanh', ['auditor']) },
      );
      expect(data.auditTrail.totalCount).toBe(1);
      expect(data.auditTrail.nodes[0]).toMatchObject({
        action: 'notes.note.add',
        entityType: 'Note',
        entityId: noteId,
        unitId: 'u7',
        actorSubject: 'kc-lan',
        after: { text: 'audited note', password: '[redacted]' },
      });
      const byAction = await t.query(
        AuditTrailDocument,
        { filter: { action: 'notes.note.add', actorSubject: 'kc-lan' }, first: 10 },
        { token: t.token('thanh', ['auditor']) },
      );
      expect(byAction.auditTrail.totalCount).toBeGreaterThanOrEqual(2);
    });

    it('is refused to everyone else', async () => {
      const asLeader = await t.request(AuditTrailDocument, { first: 10 }, { token: leader });
      expect(asLeader.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(asLeader.data).toBeNull();
      const anonymous = await t.request(AuditTrailDocument, { first: 10 });
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('is append-only in the database itself', async () => {
      await expect(
        t.sql(`update core_audit_entry set action = 'tampered' where entity_id = $1`, [noteId]),
      ).rejects.toThrow(/append-only/);
      await expect(t.sql('delete from core_audit_entry where entity_id = $1', [noteId])).rejects.toThrow(
        /append-only/,
      );
      expect(await t.sql('select action from core_audit_entry where entity_id = $1', [noteId])).toEqual([
        { action: 'notes.note.add' },
      ]);
    });
  });

  describe('jobs', () => {
    const enqueue = async (name: string, payload: object, options?: { maxAttempts?: number }) => {
      await t.app.services.jobs.enqueue(t.app.orm.em.fork(), name, payload, options);
      const [row] = await t.sql<{ id: string }>(
        `select j.id::text from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
          where t.identifier = $1 and j.payload::text = $2`,
        [name, JSON.stringify(payload)],
      );
      return row.id;
    };
    const runs = (job: string, marker: string) =>
      t.sql<{ attempt: number }>(
        `select (payload->>'attempt')::int as attempt from notes_job_run where job = $1 and payload->>'marker' = $2`,
        [job, marker],
      );

    it('retries a failing job with backoff until it succeeds', async () => {
      const id = await enqueue('notes.flaky', { failTimes: 2, marker: 'flaky-1' });

      await t.runJobs();
      let [job] = await jobRow(id);
      expect(job).toMatchObject({ attempts: 1, last_error: expect.stringContaining('flaky failure 1') });
      expect(new Date(job.run_at).getTime()).toBeGreaterThan(Date.now()); // backed off into the future

      await t.runJobs(); // not due yet: nothing runs
      expect((await jobRow(id))[0].attempts).toBe(1);

      await makeJobsDue();
      await t.runJobs();
      [job] = await jobRow(id);
      expect(job).toMatchObject({ attempts: 2, last_error: expect.stringContaining('flaky failure 2') });
      expect(await runs('notes.flaky', 'flaky-1')).toEqual([]);

      await makeJobsDue();
      await t.runJobs();
      expect(await runs('notes.flaky', 'flaky-1')).toEqual([{ attempt: 3 }]);
      expect(await jobRow(id)).toEqual([]); // done jobs leave the queue
    });

    it('ends a run that outlives its time limit, aborts it, retries it, and reports the final failure once', async () => {
      const id = await enqueue('notes.hanging', { marker: 'hang-1' });
      const gaveUp = () =>
        t.sql<{ error: string }>(
          `select payload->>'error' as error from notes_job_run where job = 'notes.hanging.gave-up' and payload->>'marker' = 'hang-1'`,
        );

      await t.runJobs();
      let [job] = await jobRow(id);
      expect(job).toMatchObject({ attempts: 1, last_error: expect.stringContaining('time limit of 300 ms') });
      expect(await runs('notes.hanging.aborted', 'hang-1')).toEqual([{ attempt: 1 }]); // the signal reached it
      expect(await gaveUp()).toEqual([]); // attempts remain: not final yet

      await makeJobsDue();
      await t.runJobs();
      [job] = await jobRow(id);
      expect(job).toMatchObject({ attempts: 2, last_error: expect.stringContaining('time limit') });
      expect(await gaveUp()).toEqual([{ error: expect.stringContaining('time limit of 300 ms') }]);
    });

    it('leaves a job that used up its attempts for an admin, who can re-run it', async () => {
      const id = await enqueue('notes.gated', { marker: 'gate-1' });
      await t.runJobs();
      await makeJobsDue();
      await t.runJobs();
      expect((await jobRow(id))[0]).toMatchObject({ attempts: 2, max_attempts: 2 });

      const itAdmin = t.token('quang', ['it-admin']);
      const FAILED = { filter: { state: 'FAILED', task: 'notes.gated' } } as const;
      const failed = await t.query(JobsDocument, FAILED, { token: itAdmin });
      expect(failed.jobs.nodes).toEqual([
        {
          id,
          task: 'notes.gated',
          attempts: 2,
          maxAttempts: 2,
          lastError: expect.stringContaining('gate closed for gate-1 (attempt 2)'),
        },
      ]);
      expect((await t.request(JobsDocument, FAILED, { token: leader })).errors?.[0].extensions?.code).toBe(
        'FORBIDDEN',
      );
      // Without a state the filter keeps every state: the failed job is among the task's jobs.
      const anyState = await t.query(
        JobsDocument,
        { filter: { task: 'notes.gated' } },
        {
          token: itAdmin,
        },
      );
      expect(anyState.jobs.nodes).toMatchObject([{ id }]);

      // Still failed: no more automatic attempts.
      await makeJobsDue();
      await t.runJobs();
      expect((await jobRow(id))[0].attempts).toBe(2);

      // The cause is fixed; the admin re-runs it.
      await t.sql(`insert into notes_job_run (job, payload) values ('gate-open', '{"marker":"gate-1"}')`);
      const retried = await t.query(RetryJobsDocument, { input: { ids: [id] } }, { token: itAdmin });
      expect(retried.retryJobs.rescheduled).toBe(1);
      expect((await t.query(JobsDocument, FAILED, { token: itAdmin })).jobs.nodes).toEqual([]);
      expect(await t.sql(`select after from core_audit_entry where action = 'core.jobs.retry'`)).toEqual([
        { after: { ids: [id] } },
      ]);

      await t.runJobs();
      expect(await runs('notes.gated', 'gate-1')).toEqual([{ attempt: 1 }]);
      expect(await jobRow(id)).toEqual([]);
    });

    it('refuses retryJobs to others and rejects malformed ids', async () => {
      const mutation = RetryJobsDocument;
      expect(
        (await t.request(mutation, { input: { ids: ['1'] } }, { token: leader })).errors?.[0].extensions
          ?.code,
      ).toBe('FORBIDDEN');
      const bad = await t.request(
        mutation,
        { input: { ids: ['1; drop table x'] } },
        { token: t.token('quang', ['it-admin']) },
      );
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids[0]' });
    });

    it('lists jobs as a keyset connection: ordered, paged forward and backward, first capped', async () => {
      const itAdmin = t.token('quang', ['it-admin']);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(await enqueue('notes.hanging', { marker: `paged-${i}` }));
      // Distinct run times, the last enqueued due last.
      for (const [i, id] of ids.entries())
        await t.sql(
          `update graphile_worker._private_jobs set run_at = now() + ($1 || ' hours')::interval where id = $2`,
          [String(i + 1), id],
        );
      const page = async (vars: Omit<JobsQueryVariables, 'filter'>) =>
        (
          await t.query(
            JobsDocument,
            { filter: { state: 'PENDING', task: 'notes.hanging' }, ...vars },
            { token: itAdmin },
          )
        ).jobs;
      // Default RUN_AT DESC: the latest due first.
      const first = await page({ first: 2 });
      expect(first.nodes.map((n: any) => n.id)).toEqual([ids[2], ids[1]]);
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      expect(first.totalCount).toBe(3);
      const second = await page({ first: 2, after: first.pageInfo.endCursor });
      expect(second.nodes.map((n: any) => n.id)).toEqual([ids[0]]);
      expect(second.pageInfo.hasNextPage).toBe(false);
      const back = await page({ last: 2, before: second.pageInfo.startCursor });
      expect(back.nodes.map((n: any) => n.id)).toEqual([ids[2], ids[1]]);
      const created = await page({ first: 3, orderBy: { field: 'CREATED_AT', direction: 'ASC' } });
      expect(created.nodes.map((n: any) => n.id)).toEqual(ids);
      // A cursor of another order, and a page over the cap, are the client's mistakes.
      const wrong = await t.request(
        JobsDocument,
        {
          filter: { state: 'PENDING', task: 'notes.hanging' },
          first: 1,
          after: first.pageInfo.endCursor,
          orderBy: { field: 'CREATED_AT', direction: 'ASC' },
        },
        { token: itAdmin },
      );
      expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      const tooMany = await t.request(
        JobsDocument,
        { filter: { state: 'PENDING', task: 'notes.hanging' }, first: 100_000 },
        { token: itAdmin },
      );
      expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      await t.sql(`delete from graphile_worker._private_jobs where id = any($1::bigint[])`, [ids]);
    });

    it('runs event subscribers after the publishing change commits', async () => {
      const data = await t.query(
        ADD_NOTE,
        { input: { text: 'indexed after commit', unitId: 'u1' } },
        { token: leader },
      );
      const indexed = () =>
        t.sql(
          `select payload from notes_job_run where job = 'notes.index-note' and payload->>'noteId' = $1`,
          [data.addNote.id],
        );
      // The mutation has returned (committed); the subscriber is a queued job, not yet run.
      expect(await indexed()).toEqual([]);
      const pending = await t.query(
        JobsDocument,
        { filter: { state: 'PENDING', task: 'notes.index-note' } },
        { token: t.token('quang', ['it-admin']) },
      );
      expect(pending.jobs.nodes.length).toBeGreaterThanOrEqual(1);

      await t.runJobs();
      expect(await indexed()).toEqual([
        { payload: { noteId: data.addNote.id, text: 'indexed after commit' } },
      ]);
    });
  });
});
