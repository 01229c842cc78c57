import { defineJob } from '../../../src';
import {
  credentials,
  DELIVER_CREDENTIALS_JOB,
  type DeliverCredentialsPayload,
} from '../services/credentials.service';
import { mailboxes } from '../services/mailboxes.service';
import { quota, QUOTA_WARNINGS_JOB } from '../services/quota.service';

/** Generates, hashes, stores and mails a password (the payload holds only the delivery id). */
export const deliverCredentialsJob = defineJob<DeliverCredentialsPayload>({
  name: DELIVER_CREDENTIALS_JOB,
  pool: 'mail',
  maxAttempts: 12,
  handler: (payload, ctx, run) => credentials.deliver(ctx, payload, run),
});

export const PURGE_JOB = 'email-accounts.purge-deleted';

/** Daily: mailboxes deleted longer ago than their domain's retention are purged (address freed). */
export const purgeDeletedJob = defineJob<Record<string, never>>({
  name: PURGE_JOB,
  schedule: '17 3 * * *',
  async handler(_payload, ctx) {
    const purged = await mailboxes.purgeDue(ctx);
    if (purged.length) ctx.logger.info({ purged }, 'deleted mailboxes purged');
  },
});

/** Every 30 minutes, and right after usage is recorded: quota warnings by mail. */
export const quotaWarningsJob = defineJob<Record<string, never>>({
  name: QUOTA_WARNINGS_JOB,
  schedule: '*/30 * * * *',
  queue: QUOTA_WARNINGS_JOB,
  async handler(_payload, ctx) {
    const warned = await quota.sendWarnings(ctx);
    if (warned) ctx.logger.info({ warned }, 'quota warnings sent');
  },
});

export const emailJobs = [deliverCredentialsJob, purgeDeletedJob, quotaWarningsJob];
