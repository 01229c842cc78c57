import { defineJob } from '../jobs/job';
import type { MailMessage } from './mailer';

/** The only way mail leaves the platform: a queued, retried job. */
export const sendMailJob = defineJob<MailMessage>({
  name: 'core.send-mail',
  pool: 'mail',
  maxAttempts: 12,
  async handler(message, ctx, run) {
    await ctx.app.mailer.send(message, `job-${run.id}`);
    ctx.logger.info({ to: message.to, subject: message.subject }, 'mail sent');
  },
});
