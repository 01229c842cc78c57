import { defineJob } from '../jobs/job';
import { pgArray } from '../db/sql';

const BATCH = 500;
const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Daily: forgets files nothing refers to. Plugins name the columns that hold file ids or storage
 * keys (`fileReferences`). A file row older than the grace period that no id column names is
 * deleted; then stored bytes older than the grace period that neither a file row nor a key column
 * names are removed. Uploads are stored before their transaction commits (and a citizen uploads
 * before submitting), so the grace period (a day by default) keeps everything still in flight.
 */
export const sweepOrphanFilesJob = defineJob<Record<string, never>>({
  name: 'core.files.sweep-orphans',
  schedule: '17 3 * * *',
  queue: 'core.files.sweep-orphans',
  maxAttempts: 3,
  async handler(_payload, ctx) {
    const { files } = ctx.app;
    const before = new Date(Date.now() - files.config.orphanGraceHours * 3_600_000);
    const references = ctx.app.plugins.flatMap((p) => p.fileReferences ?? []);
    for (const r of references)
      if (!IDENT.test(r.table) || !IDENT.test(r.column))
        throw new Error(`fileReferences: ${r.table}.${r.column} is not a plain table and column name`);
    const conn = ctx.em.getConnection();
    const ids = references.filter((r) => r.kind === 'id');
    const keys = references.filter((r) => r.kind === 'key');
    const unreferencedRows = ids
      .map((r) => `and not exists (select 1 from ${r.table} x where x.${r.column} = f.id)`)
      .join(' ');
    const deleted = await conn.execute<Array<{ id: string }>>(
      `delete from core_file f where f.created_at < ? ${unreferencedRows} returning f.id`,
      [before],
    );
    let removed = 0;
    let batch: string[] = [];
    const sweep = async () => {
      const union = [
        `select storage_key as k from core_file where storage_key = any(?::text[])`,
        ...keys.map((r) => `select ${r.column} as k from ${r.table} where ${r.column} = any(?::text[])`),
      ].join(' union ');
      const used = await conn.execute<Array<{ k: string }>>(
        union,
        Array.from({ length: keys.length + 1 }, () => pgArray(batch)),
      );
      const kept = new Set(used.map((row) => row.k));
      for (const key of batch) {
        if (kept.has(key)) continue;
        await files.store.remove(key);
        removed += 1;
      }
      batch = [];
    };
    for await (const key of files.store.keysStoredBefore(before)) {
      batch.push(key);
      if (batch.length >= BATCH) await sweep();
    }
    if (batch.length) await sweep();
    if (removed || deleted.length)
      ctx.logger.info({ removed, forgotten: deleted.length }, 'orphan files removed');
  },
});
