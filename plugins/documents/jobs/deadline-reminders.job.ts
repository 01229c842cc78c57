import { defineJob } from '../../../src';
import { sendDeadlineReminders } from '../services/reminders';

/** Every 15 minutes: approaching and passed handling deadlines (each reminder sent once). */
export const deadlineRemindersJob = defineJob<Record<string, never>>({
  name: 'documents.deadline-reminders',
  schedule: '*/15 * * * *',
  queue: 'documents.deadline-reminders',
  maxAttempts: 3,
  async handler(_payload, ctx) {
    const sent = await sendDeadlineReminders(ctx);
    if (sent.approaching || sent.overdue) ctx.logger.info(sent, 'document deadline reminders sent');
  },
});
