import { defineJob, optionsOf } from '../../../src';
import type { CamerasOptions } from '../options';
import { CredentialsDecryptionError, decryptWithAnyKey, encryptCredentials } from '../services/credentials';

export const REENCRYPT_JOB = 'cameras.reencrypt-credentials';

/**
 * Hourly: moves credentials sealed with a previous key (CAMERAS_CREDENTIALS_PREVIOUS_KEYS) to the
 * current one, so the previous key can be dropped. Each row is rewritten only if it still holds the
 * ciphertext that was read (a credentials change in between wins). Nothing to do without previous keys.
 */
export const reencryptCredentialsJob = defineJob<Record<string, never>>({
  name: REENCRYPT_JOB,
  queue: REENCRYPT_JOB,
  schedule: '17 * * * *',
  maxAttempts: 3,
  async handler(_payload, ctx) {
    const { credentialsKey, previousCredentialsKeys } = optionsOf<CamerasOptions>(ctx.app, 'cameras');
    if (!previousCredentialsKeys.length) return;
    const rows = await ctx.em.execute<Array<{ id: string; credentials_cipher: string }>>(
      `select id, credentials_cipher from cameras_device where credentials_cipher is not null`,
    );
    let moved = 0;
    let unreadable = 0;
    for (const row of rows) {
      try {
        const opened = decryptWithAnyKey(
          { current: credentialsKey, previous: previousCredentialsKeys },
          row.id,
          row.credentials_cipher,
        );
        if (opened.current) continue;
        const sealed = encryptCredentials(credentialsKey, row.id, opened.credentials);
        const updated = await ctx.em.execute(
          `update cameras_device set credentials_cipher = ? where id = ? and credentials_cipher = ?`,
          [sealed, row.id, row.credentials_cipher],
          'run',
        );
        if ((updated as { affectedRows?: number }).affectedRows) moved += 1;
      } catch (error) {
        if (!(error instanceof CredentialsDecryptionError)) throw error;
        unreadable += 1;
      }
    }
    if (moved || unreadable) {
      await ctx.transactional(async () =>
        ctx.audit({
          action: 'cameras.credentials.reencrypt',
          entityType: 'Device',
          after: { moved, unreadable },
        }),
      );
      ctx.logger.info({ moved, unreadable }, 'camera credentials moved to the current key');
    }
  },
});
