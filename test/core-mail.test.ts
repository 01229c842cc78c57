import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createTestApp, startTestSmtpServer, TestApp } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';

/** Mail leaves only through the job queue: over SMTP when SMTP_URL is set, else as .eml files. */

const ADD_NOTE = 'mutation($input: AddNoteInput!) { addNote(input: $input) { id } }';

describe('mail over SMTP (SMTP_URL set)', () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestApp({
      plugins: [notesPlugin],
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'UBND Phường <no-reply@ubnd.example.vn>' },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('is queued by the mutation and delivered when the job runs', async () => {
    await t.query(
      ADD_NOTE,
      { input: { text: 'họp giao ban', unitId: 'u1', notify: 'can.bo@ubnd.example.vn' } },
      { token: t.token('lan', ['leader']) },
    );
    expect(smtp.messages).toEqual([]); // nothing is sent from the request itself

    await t.runJobs();
    const mail = await smtp.waitFor((m) => m.subject === 'Ghi chú mới: họp giao ban');
    expect(mail.to).toEqual(['can.bo@ubnd.example.vn']);
    expect(mail.from).toBe('no-reply@ubnd.example.vn');
    expect(mail.text).toContain('Đã thêm ghi chú "họp giao ban".');
    expect(mail.parsed.messageId).toMatch(/^<job-\d+@ubnd\.example\.vn>$/);
    expect(fs.existsSync(path.join(t.dataDir, 'outbox'))).toBe(false);
  });
});

describe('mail to the outbox folder (no SMTP_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plugins: [notesPlugin] });
  });
  afterAll(() => t.close());

  it('writes each message as an .eml file under DATA_DIR/outbox', async () => {
    const outbox = path.join(t.dataDir, 'outbox');
    await t.query(
      ADD_NOTE,
      { input: { text: 'lịch tiếp dân', unitId: 'u1', notify: 'van.thu@ubnd.example.vn' } },
      { token: t.token('lan', ['leader']) },
    );
    expect(fs.existsSync(outbox) ? fs.readdirSync(outbox) : []).toEqual([]);

    await t.runJobs();
    const files = fs.readdirSync(outbox);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^job-\d+\.eml$/);
    const parsed = await simpleParser(fs.readFileSync(path.join(outbox, files[0])));
    expect(parsed.subject).toBe('Ghi chú mới: lịch tiếp dân');
    expect(parsed.text).toContain('Đã thêm ghi chú "lịch tiếp dân".');
    expect(JSON.stringify(parsed.to)).toContain('van.thu@ubnd.example.vn');
  });
});
