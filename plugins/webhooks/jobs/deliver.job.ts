import { defineJob, optionsOf } from '../../../src';
import { WebhookDelivery, WebhookDeliveryStatus } from '../entities/delivery.entity';
import { WebhookEndpoint } from '../entities/endpoint.entity';
import type { WebhooksOptions } from '../options';
import { openSecret, signatureHeader } from '../services/secrets';
import { post, TargetRefusedError } from '../services/targets';
import { DELIVER_JOB, dropExpiredSecrets } from '../services/webhooks.service';

/**
 * POSTs one delivery to its endpoint, signed. A 2xx answer delivers it; anything else (another
 * status, a network error, the time limit, an address that is not public any more) is recorded on the delivery and the job fails, so the
 * queue retries it with exponential backoff until WEBHOOKS_MAX_ATTEMPTS, then it is FAILED. A
 * delivered delivery is never sent again by a retry (only by a replay), and every attempt carries the
 * same `X-Webhook-Id` for the receiver to ignore repeats.
 */
export const deliverJob = defineJob<{ deliveryId: string; replay?: boolean }>({
  name: DELIVER_JOB,
  pool: 'webhooks',
  // Above WEBHOOKS_TIMEOUT_MS's maximum: the request's own time limit ends it first.
  timeoutMs: 65_000,
  handler: async ({ deliveryId }, ctx, run) => {
    const options = optionsOf<WebhooksOptions>(ctx.app, 'webhooks');
    const delivery = await ctx.em.findOne(WebhookDelivery, { id: deliveryId });
    if (!delivery || delivery.status === WebhookDeliveryStatus.DELIVERED) return;
    const endpoint = await ctx.em.findOne(WebhookEndpoint, { id: delivery.endpointId });
    if (!endpoint || !endpoint.active) {
      delivery.status = WebhookDeliveryStatus.FAILED;
      delivery.lastError = 'the endpoint is deactivated';
      await ctx.em.flush();
      return;
    }
    // The current secret, and during a rotation's overlap the one before it; an old secret past its
    // overlap signs nothing and is dropped here (and at the next rotation), whichever comes first.
    const secrets = [openSecret(options.secretKey, endpoint.id, endpoint.secretSealed)];
    if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt) {
      if (endpoint.previousSecretExpiresAt.getTime() > Date.now())
        secrets.push(openSecret(options.secretKey, endpoint.id, endpoint.previousSecretSealed));
      else await dropExpiredSecrets(ctx);
    }
    const timestamp = Math.floor(Date.now() / 1000);
    delivery.attempts += 1;
    delivery.lastAttemptAt = new Date();
    let problem: string | null = null;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    try {
      const status = await post(
        endpoint.url,
        delivery.body,
        {
          'content-type': 'application/json',
          'user-agent': 'chinh-quyen-dien-tu-webhooks/1',
          'x-webhook-id': delivery.id,
          'x-webhook-event': delivery.event,
          'x-webhook-timestamp': String(timestamp),
          'x-webhook-signature': signatureHeader(secrets, timestamp, delivery.body),
        },
        {
          signal: AbortSignal.any([run.signal, timeout]),
          allowPrivate: options.allowPrivateTargets,
          allowInternal: options.allowedInternal,
        },
      );
      delivery.responseStatus = status;
      if (status >= 200 && status < 300) {
        delivery.status = WebhookDeliveryStatus.DELIVERED;
        delivery.deliveredAt = new Date();
        delivery.lastError = null;
      } else problem = `answered HTTP ${status}`;
    } catch (error) {
      delivery.responseStatus = null;
      const e = error as Error & { code?: string };
      problem =
        e instanceof TargetRefusedError
          ? `refused target: ${e.message}`
          : timeout.aborted
            ? `no answer within ${options.timeoutMs} ms`
            : run.signal.aborted
              ? 'interrupted (the worker stopped); retried'
              : `could not connect (${e.code ?? e.name})`;
    }
    if (problem) {
      delivery.lastError = problem;
      if (run.attempt >= run.maxAttempts) delivery.status = WebhookDeliveryStatus.FAILED;
    }
    await ctx.em.flush();
    // The address may carry a token of the receiver: never in the logs.
    if (problem) throw new Error(`webhook delivery ${delivery.id} (${delivery.event}): ${problem}`);
  },
});
