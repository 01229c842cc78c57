import { createTestApp, TestApp } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';

/**
 * Stopping the job queue closes the worker's connections before it returns: a development start
 * stops its own PostgreSQL right after, and a connection still open then is cut by the server (the
 * error lands in the log; test/core-shutdown.test.ts watches for it in a real process).
 */
describe('job queue stop', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [notesPlugin] });
  });
  afterAll(() => t.close());

  const workerBackends = async () =>
    (
      await t.sql<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where application_name = 'platform-jobs' and datname = current_database()`,
      )
    )[0].n;

  it('returns once every connection of the worker pool has ended', async () => {
    for (let round = 0; round < 5; round++) {
      const jobs = t.app.services.jobs;
      await jobs.start(3, 50);
      // The runners hold their connections (listening for new jobs, polling).
      for (let i = 0; i < 100 && (await workerBackends()) === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await workerBackends()).toBeGreaterThan(0);
      await jobs.stop(5000);
      expect(await workerBackends()).toBe(0);
    }
  });
});
