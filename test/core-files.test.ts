import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
// s3rver: a real S3-speaking HTTP server (the S3 REST API over its own files), from npm.
import S3rver from 's3rver';
import { S3ObjectStore } from '../src';
import { createTestApp, TestApp } from './harness';
import { notesPlugin } from './fixtures/notes.plugin';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(24, 1),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 2)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(
  t: TestApp,
  body: Buffer,
  options: { name?: string; token?: string; type?: string; ip?: string; language?: string } = {},
) {
  const res = await fetch(`${t.baseUrl}/files`, {
    method: 'POST',
    headers: {
      'content-type': options.type ?? 'application/octet-stream',
      ...(options.name ? { 'x-file-name': encodeURIComponent(options.name) } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.ip ? { 'x-forwarded-for': options.ip } : {}),
      ...(options.language ? { 'accept-language': options.language } : {}),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

function describeStore(kind: 'local' | 's3') {
  describe(`core file store (${kind})`, () => {
    let t: TestApp;
    let s3: S3rver | null = null;
    let s3Dir = '';
    beforeAll(async () => {
      let env: Record<string, string> = { FILES_MAX_BYTES: '4096', FILES_ANONYMOUS_UPLOADS_PER_HOUR: '6' };
      if (kind === 's3') {
        s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
        s3 = new S3rver({
          port: 0,
          address: '127.0.0.1',
          silent: true,
          directory: s3Dir,
          configureBuckets: [{ name: 'platform-files', configs: [] }],
        });
        const { port } = (await s3.run()) as unknown as { port: number };
        env = {
          ...env,
          FILES_STORAGE: 's3',
          FILES_S3_ENDPOINT: `http://127.0.0.1:${port}`,
          FILES_S3_BUCKET: 'platform-files',
          FILES_S3_ACCESS_KEY_ID: 'S3RVER',
          FILES_S3_SECRET_ACCESS_KEY: 'S3RVER',
          FILES_S3_PREFIX: 'test/',
        };
      }
      t = await createTestApp({ plugins: [notesPlugin], env });
    });
    afterAll(async () => {
      await t.close();
      if (s3) await s3.close();
      if (s3Dir) fs.rmSync(s3Dir, { recursive: true, force: true });
    });

    it('keeps PDF, JPEG and PNG recognised by their bytes, whatever the client declares', async () => {
      const pdf = await upload(t, PDF, { name: 'Giấy khai sinh.pdf', type: 'image/png', ip: '10.0.0.1' });
      expect(pdf.status).toBe(201);
      expect(pdf.body).toEqual({
        id: expect.any(String),
        fileName: 'Giấy khai sinh.pdf',
        mimeType: 'application/pdf',
        size: PDF.length,
        sha256: sha(PDF),
      });
      const png = await upload(t, PNG, { name: 'anh.png', type: 'application/pdf', ip: '10.0.0.1' });
      expect(png.body.mimeType).toBe('image/png');
      const jpeg = await upload(t, JPEG, { ip: '10.0.0.1' });
      expect(jpeg.body).toMatchObject({ mimeType: 'image/jpeg', fileName: 'tep.jpg' });
      const [row] = await t.sql(`select storage_key, uploaded_by from core_file where id = $1`, [
        pdf.body.id,
      ]);
      expect(row).toEqual({
        storage_key: `sha256/${sha(PDF).slice(0, 2)}/${sha(PDF).slice(2, 4)}/${sha(PDF)}`,
        uploaded_by: null,
      });
      if (kind === 's3') {
        const store = t.app.services.files.store as S3ObjectStore;
        const listed = await store.client.send(new ListObjectsV2Command({ Bucket: 'platform-files' }));
        expect(listed.Contents?.map((o) => o.Key)).toContain(`test/${row.storage_key}`);
      } else {
        expect(fs.readFileSync(path.join(t.dataDir, 'files', ...row.storage_key.split('/')))).toEqual(PDF);
      }
    });

    it('refuses other types, empty bodies and files over the limit', async () => {
      const text = await upload(t, Buffer.from('<html>not a scan</html>'), {
        type: 'application/pdf',
        ip: '10.0.0.2',
      });
      expect(text.status).toBe(400);
      expect(text.body.errors[0].extensions.code).toBe('FILE_TYPE_NOT_ALLOWED');
      const empty = await upload(t, Buffer.alloc(0), { ip: '10.0.0.2' });
      expect(empty.body.errors[0]).toMatchObject({
        message: 'Tệp rỗng',
        extensions: { code: 'BAD_USER_INPUT', field: 'file' },
      });
      const emptyEn = await upload(t, Buffer.alloc(0), { ip: '10.0.0.2', language: 'en' });
      expect(emptyEn.body.errors[0].message).toBe('The file is empty');
      const big = await upload(t, Buffer.concat([PDF, Buffer.alloc(5000)]), { ip: '10.0.0.2' });
      expect(big.status).toBe(413);
      expect(await t.sql(`select 1 from core_file where size > 4096`)).toEqual([]);
    });

    it('never lets a client name reach the disk: the name is display only', async () => {
      const res = await upload(t, PDF, { name: '../../../etc/passwd\u0000.pdf', ip: '10.0.0.3' });
      expect(res.status).toBe(201);
      expect(res.body.fileName).toBe('passwd.pdf');
      const [row] = await t.sql(`select storage_key from core_file where id = $1`, [res.body.id]);
      expect(row.storage_key).toMatch(/^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
    });

    it('limits anonymous uploads per client address, telling how long to wait; signed-in users are not', async () => {
      const results = [];
      for (let i = 0; i < 7; i += 1) results.push(await upload(t, PNG, { ip: '10.0.0.9' }));
      expect(results.slice(0, 6).map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
      expect(results[6].status).toBe(429);
      expect(results[6].body.errors[0].extensions).toEqual({
        code: 'TOO_MANY_REQUESTS',
        retryAfterSeconds: expect.any(Number),
      });
      expect(results[6].body.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
      expect(results[6].body.errors[0].extensions.retryAfterSeconds).toBeLessThanOrEqual(4200); // the 6 hits weigh until 1/6 into the next hour
      // Another address is not affected; a signed-in officer is never limited this way.
      expect((await upload(t, PNG, { ip: '10.0.0.10' })).status).toBe(201);
      const officer = await upload(t, PNG, {
        ip: '10.0.0.9',
        token: t.token('officer', ['one-stop-officer']),
      });
      expect(officer.status).toBe(201);
      const [row] = await t.sql(`select uploaded_by from core_file where id = $1`, [officer.body.id]);
      expect(row.uploaded_by).toBeTruthy();
    });

    it('serves a file through a signed link until it expires, and refuses a forged one', async () => {
      const { body } = await upload(t, PDF, { name: 'don.pdf', ip: '10.0.0.4' });
      const url = new URL(t.app.services.files.signedUrl(body.id));
      const res = await fetch(`${t.baseUrl}${url.pathname}${url.search}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await res.arrayBuffer())).toEqual(PDF);
      const forged = new URL(url);
      forged.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
      expect((await fetch(`${t.baseUrl}${forged.pathname}${forged.search}`)).status).toBe(403);
      const expired = new URL(t.app.services.files.signedUrl(body.id, 10, Date.now() - 60_000));
      expect((await fetch(`${t.baseUrl}${expired.pathname}${expired.search}`)).status).toBe(403);
      expect((await fetch(`${t.baseUrl}/files/${body.id}`)).status).toBe(403);
    });

    it('the daily sweep forgets old files nothing refers to and removes their bytes', async () => {
      const { body } = await upload(t, Buffer.concat([PDF, Buffer.from('orphan')]), { ip: '10.0.0.5' });
      const kept = await upload(t, Buffer.concat([PDF, Buffer.from('fresh')]), { ip: '10.0.0.5' });
      await t.sql(`update core_file set created_at = now() - interval '48 hours' where id = $1`, [body.id]);
      const [row] = await t.sql(`select storage_key from core_file where id = $1`, [body.id]);
      if (kind === 'local') {
        const then = new Date(Date.now() - 48 * 3_600_000);
        fs.utimesSync(path.join(t.dataDir, 'files', ...row.storage_key.split('/')), then, then);
      }
      await t.sql(`select graphile_worker.add_job('core.files.sweep-orphans', '{}'::json)`);
      await t.runJobs();
      expect(await t.sql(`select id from core_file where id = $1`, [body.id])).toEqual([]);
      expect((await t.sql(`select id from core_file where id = $1`, [kept.body.id])).length).toBe(1);
      // Local bytes were aged too and are gone; S3 objects keep their real (fresh) time and stay.
      expect(await t.app.services.files.store.exists(row.storage_key)).toBe(kind === 's3');
    });
  });
}

describeStore('local');
describeStore('s3');
