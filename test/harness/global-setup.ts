import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

/**
 * One real PostgreSQL for the whole test run: the embedded one in a temporary folder, unless
 * TEST_DATABASE_URL names a server. Each test file then creates its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-test-pg-'));
  fs.chmodSync(dir, 0o777);
  const handle = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), port, persistent: false });
  process.env.TEST_DATABASE_URL = handle.serverUrl;
  (globalThis as Record<string, unknown>).__embeddedPostgres = { handle, dir };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
