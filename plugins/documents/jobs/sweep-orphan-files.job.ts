import { defineJob, optionsOf, pgArray } from '../../../src';
import type { DocumentsOptions } from '../options';

const BATCH = 500;

/**
 * Daily: removes stored files that no attachment refers to. Files are written before the upload's
 * transaction commits, so a rolled-back upload leaves one behind; the grace period (a day by
 * default) keeps every file an upload in flight may still commit.
 */
export const sweepOrphanFilesJob = defineJob<Record<string, never>>({
  name: 'documents.sweep-orphan-files',
  schedule: '23 3 * * *',
  queue: 'documents.sweep-orphan-files',
  maxAttempts: 3,
  async handler(_payload, ctx) {
    const options = optionsOf<DocumentsOptions>(ctx.app, 'documents');
    const before = new Date(Date.now() - options.orphanGraceHours * 3_600_000);
    let removed = 0;
    let batch: string[] = [];
    const sweep = async () => {
      const used = await ctx.em
        .getConnection()
        .execute<Array<{ storage_key: string }>>(
          `select distinct storage_key from documents_attachment where storage_key = any(?::text[])`,
          [pgArray(batch)],
        );
      const kept = new Set(used.map((row) => row.storage_key));
      for (const key of batch) {
        if (kept.has(key)) continue;
        await options.storage.remove(key);
        removed += 1;
      }
      batch = [];
    };
    for await (const key of options.storage.keysStoredBefore(before)) {
      batch.push(key);
      if (batch.length >= BATCH) await sweep();
    }
    if (batch.length) await sweep();
    if (removed) ctx.logger.info({ removed }, 'orphan attachment files removed');
  },
});
