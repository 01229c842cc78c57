import net from 'node:net';
import { createTestApp, TestApp } from '../harness';
import { staffPlugin } from '../../plugins/staff';
import { camerasPlugin } from '../../plugins/cameras';

/**
 * An SMTP server that sends its greeting and then never answers (a real socket). Mail jobs must give
 * up after MAIL_SOCKET_TIMEOUT_MS and must not hold the worker slots other kinds of job need: the
 * camera probe runs meanwhile.
 */
describe('security: a hung SMTP server blocks neither the worker nor the process', () => {
  let t: TestApp;
  let hung: net.Server;
  const sockets = new Set<net.Socket>();
  let greeted = 0;

  beforeAll(async () => {
    hung = net.createServer((socket) => {
      sockets.add(socket);
      greeted++;
      socket.write('220 mail.example ESMTP\r\n');
      socket.on('data', () => {}); // reads EHLO and says nothing, ever
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as net.AddressInfo;
    t = await createTestApp({
      plugins: [staffPlugin, camerasPlugin],
      runWorker: true,
      env: {
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        MAIL_SOCKET_TIMEOUT_MS: '2000',
        JOBS_CONCURRENCY: '4',
        JOBS_POOL_CONCURRENCY: '2',
        CAMERAS_PROBE_SCHEDULE: 'off',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hung?.close(resolve));
  });

  const jobs = (task: string) =>
    t.sql<{ attempts: number; locked: boolean; last_error: string | null }>(
      `select attempts, locked_at is not null as locked, last_error from graphile_worker.jobs where task_identifier = $1`,
      [task],
    );

  it('times the mail out while the camera probe still runs', async () => {
    const ctx = t.app.systemContext();
    // More mail than the default pool has slots: before, these held every slot for 10 minutes.
    for (let i = 0; i < 6; i++)
      await ctx.sendMail({ to: `a${i}@example.org`, subject: `thư ${i}`, text: 'nội dung' });
    await ctx.em.flush();
    const deadline = Date.now() + 5000;
    while (greeted < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(greeted).toBeGreaterThanOrEqual(1);
    // Mail is stuck on the hung server: the probe is queued now and must run anyway.
    const started = Date.now();
    await ctx.enqueue('cameras.probe', {}, { jobKey: 'cameras.probe' });
    while ((await jobs('cameras.probe')).length && Date.now() - started < 10_000)
      await new Promise((r) => setTimeout(r, 100));
    expect(await jobs('cameras.probe')).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
    // Only the mail pool's slots were taken (2), never more.
    expect(greeted).toBeLessThanOrEqual(2);

    // The socket timeout ends each stuck attempt: the jobs fail and wait for their retry.
    const until = Date.now() + 15_000;
    let mail = await jobs('core.send-mail');
    while (mail.some((j) => j.attempts === 0 || j.locked) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      mail = await jobs('core.send-mail');
      if (mail.filter((j) => j.attempts >= 1 && !j.locked).length >= 2) break;
    }
    const failed = mail.filter((j) => j.attempts >= 1 && !j.locked);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    for (const job of failed) expect(job.last_error).toMatch(/timeout/i);
  });
});
