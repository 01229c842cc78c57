import { defineJob } from '../../../src';
import { DELIVER_JOB } from '../services/outgoing.service';
import { outgoing } from '../services';

/** Inter-agency exchange: registers an issued document at a recipient agency of the platform (idempotent). */
export const deliverJob = defineJob<{ recipientId: string }>({
  name: DELIVER_JOB,
  maxAttempts: 20,
  async handler(payload, ctx) {
    await outgoing.deliver(ctx, payload.recipientId);
  },
});
