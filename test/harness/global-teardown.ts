import fs from 'node:fs';
import type { EmbeddedPostgresHandle } from '../../src/db/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as Record<string, unknown>).__embeddedPostgres as
    { handle: EmbeddedPostgresHandle; dir: string } | undefined;
  if (!started) return;
  await started.handle.stop();
  fs.rmSync(started.dir, { recursive: true, force: true });
}
