import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './harness';
import { builtMain, productionEnv } from './harness/built-app';

/**
 * `npm run migration:create` as a developer runs it: the built CLI, a real process, on a migrated
 * database. Migrations here are hand-written (checks, cross-plugin foreign keys, generated columns,
 * views), so the ORM's raw diff would drop what the entities do not model; a draft keeps only what
 * an entity adds. The CLI writes under its working directory, a temporary one here.
 */
jest.setTimeout(300_000);

describe('drafting a migration from a plugin’s entities', () => {
  let db: TestDatabase;
  let cli: string;
  let cwd: string;
  let dataDir: string;
  beforeAll(async () => {
    cli = path.join(path.dirname(await builtMain()), 'cli', 'create-migration.js');
    db = await createTestDatabase();
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-migration-create-'));
    dataDir = path.join(cwd, 'data');
  });
  afterAll(async () => {
    await db?.drop();
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  const draft = (plugin: string, ...flags: string[]) => {
    const { env } = productionEnv(db.url, dataDir, { LOG_LEVEL: 'error', JOBS_RUN_WORKER: 'false' });
    const run = spawnSync(process.execPath, [cli, plugin, '--name', 'probe', ...flags], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
    return run.stdout;
  };
  const drafts = (plugin: string) => {
    const dir = path.join(cwd, 'plugins', plugin, 'migrations');
    return fs.existsSync(dir)
      ? fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      : [];
  };

  it('proposes nothing for a migrated database, never the drops of hand-written constraints', async () => {
    for (const plugin of ['staff', 'procedures', 'webhooks']) {
      expect(draft(plugin)).toMatch(
        new RegExp(`^No additions between the entities of "${plugin}" and the database`),
      );
      expect(drafts(plugin)).toEqual([]);
    }
  });

  it('drafts the column an entity has and the database lacks, and only that', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('alter table webhooks_delivery drop column delivered_at');
    } finally {
      await client.end();
    }
    expect(draft('webhooks')).toMatch(/^wrote plugins\/webhooks\/migrations\/Migration\d{14}_probe\.ts/);
    const [written] = drafts('webhooks');
    const statements = written.match(/this\.addSql\(.*\);/g);
    expect(statements).toEqual([
      'this.addSql("alter table \\"webhooks_delivery\\" add column \\"delivered_at\\" timestamptz null");',
    ]);
  });
});
