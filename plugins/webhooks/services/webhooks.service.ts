import { randomUUID } from 'node:crypto';
import {
  BadInputError,
  ConflictError,
  NotFoundError,
  optionsOf,
  paginateKeyset,
  pgArray,
  requireId,
  type KeysetPageArgs,
  type OrderInput,
  type RequestContext,
} from '../../../src';
import { directory } from '../../staff';
import { WebhookEndpoint } from '../entities/endpoint.entity';
import { WebhookDelivery, WebhookDeliveryStatus } from '../entities/delivery.entity';
import { WebhooksRecords } from '../errors';
import { WebhookDeliveryOrder, WebhookEndpointOrder } from '../list-orders';
import { MAX_SECRET_OVERLAP_SECONDS, type WebhooksOptions } from '../options';
import { WebhooksPermissions as P } from '../permissions';
import { newSecret, sealSecret } from './secrets';
import { targetProblem } from './targets';
import { urlProblem } from './urls';

export const DELIVER_JOB = 'webhooks.deliver';

const options = (ctx: RequestContext) => optionsOf<WebhooksOptions>(ctx.app, 'webhooks');
const owner = (r: { unitId: string; agencyId: string }) => ({ unitId: r.unitId, agencyId: r.agencyId });

/**
 * Drops every old secret whose overlap has ended (plain SQL: it changes no version, so it never
 * conflicts with an administrator's edit of the endpoint).
 */
export async function dropExpiredSecrets(ctx: RequestContext): Promise<void> {
  await ctx.em.execute(
    `update webhooks_endpoint set previous_secret_sealed = null, previous_secret_expires_at = null
      where previous_secret_expires_at <= now()`,
  );
}

export class WebhooksService {
  /** Names of events chosen for an endpoint: public ones, at least one, each once. */
  private checkEvents(ctx: RequestContext, events: string[]): string[] {
    if (!events.length || events.length > 50)
      throw new BadInputError(
        { vi: 'Chọn từ 1 đến 50 sự kiện', en: 'Choose 1 to 50 events' },
        { field: 'events' },
      );
    for (const [index, name] of events.entries())
      if (!ctx.app.events.publicEvent(name))
        throw new BadInputError(
          {
            vi: `Không có sự kiện công khai "${name}"`,
            en: `"${name}" is not a public event (see webhookEvents)`,
          },
          { field: `events[${index}]` },
        );
    return [...new Set(events)];
  }

  private checkDescription(raw: string): string {
    const description = raw.trim();
    if (description.length > 500)
      throw new BadInputError(
        { vi: 'Mô tả quá dài (tối đa 500 ký tự)', en: 'description is longer than 500 characters' },
        { field: 'description' },
      );
    return description;
  }

  /** A well-formed https:// address whose host is public (unless the deployment allows private targets). */
  private async checkUrl(ctx: RequestContext, raw: string): Promise<string> {
    const url = raw.trim();
    const { allowPrivateTargets, allowedInternal } = options(ctx);
    const problem =
      urlProblem(url, allowPrivateTargets) ??
      (allowPrivateTargets ? null : await targetProblem(url, allowedInternal));
    if (problem)
      throw new BadInputError(
        {
          vi: `Địa chỉ không được chấp nhận (chỉ https:// tới địa chỉ công cộng hoặc nội bộ được phép): ${problem}`,
          en: `The address is not accepted (https:// to a public or an allowed internal address only): ${problem}`,
        },
        { field: 'url' },
      );
    return url;
  }

  async create(
    ctx: RequestContext,
    input: { agencyId: string; url: string; events: string[]; description?: string | null },
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    ctx.require(P.manage);
    const unitId = await directory.agencyUnitId(ctx, requireId(input.agencyId, 'agencyId'));
    if (!unitId) throw new NotFoundError(WebhooksRecords.agency, input.agencyId);
    await ctx.requireIn(P.manage, { unitId, agencyId: input.agencyId });
    const url = await this.checkUrl(ctx, input.url);
    const events = this.checkEvents(ctx, input.events);
    const description = this.checkDescription(input.description ?? '');
    const id = randomUUID();
    const secret = newSecret();
    const endpoint = ctx.em.create(WebhookEndpoint, {
      id,
      agencyId: input.agencyId,
      unitId,
      url,
      events,
      description,
      secretSealed: sealSecret(options(ctx).secretKey, id, secret),
    });
    await ctx.em.flush();
    // The audit names the address and events, never the secret.
    ctx.audit({
      action: 'webhooks.endpoint.create',
      entityType: 'WebhookEndpoint',
      entityId: id,
      unitId,
      agencyId: input.agencyId,
      after: { url, events },
    });
    return { endpoint, secret };
  }

  /**
   * The endpoint (every caller names it in an `id` field): NOT_FOUND when unknown or outside the
   * caller's scope, BAD_USER_INPUT on `id` when malformed.
   */
  async get(ctx: RequestContext, id: string): Promise<WebhookEndpoint> {
    ctx.require(P.manage);
    const endpoint = await ctx.em.findOne(WebhookEndpoint, { id: requireId(id, 'id') });
    if (!endpoint || !(await ctx.can(P.manage, owner(endpoint))))
      throw new NotFoundError(WebhooksRecords.endpoint, id);
    return endpoint;
  }

  async update(
    ctx: RequestContext,
    input: {
      id: string;
      url?: string | null;
      events?: string[] | null;
      description?: string | null;
      active?: boolean | null;
    },
  ): Promise<WebhookEndpoint> {
    const endpoint = await this.get(ctx, input.id);
    const before = { url: endpoint.url, events: endpoint.events, active: endpoint.active };
    if (input.url != null) endpoint.url = await this.checkUrl(ctx, input.url);
    if (input.events != null) endpoint.events = this.checkEvents(ctx, input.events);
    if (input.description != null) endpoint.description = this.checkDescription(input.description);
    if (input.active != null) endpoint.active = input.active;
    await ctx.em.flush();
    ctx.audit({
      action: 'webhooks.endpoint.update',
      entityType: 'WebhookEndpoint',
      entityId: endpoint.id,
      unitId: endpoint.unitId,
      agencyId: endpoint.agencyId,
      before,
      after: { url: endpoint.url, events: endpoint.events, active: endpoint.active },
    });
    return endpoint;
  }

  /**
   * A new signing secret for an endpoint, answered once. The old one keeps signing (a second `v1=`
   * signature) for `overlapSeconds` (default WEBHOOKS_SECRET_OVERLAP_SECONDS; 0 drops it at once), so
   * the receiver can switch without losing an event; then it is dropped. Rotating again during an
   * overlap drops the oldest secret at once: at most two secrets sign.
   */
  async rotateSecret(
    ctx: RequestContext,
    input: { id: string; overlapSeconds?: number | null; version?: number | null },
  ): Promise<{ endpoint: WebhookEndpoint; secret: string; previousSecretExpiresAt: Date | null }> {
    const endpoint = await this.get(ctx, input.id);
    const { secretKey, secretOverlapSeconds } = options(ctx);
    const overlap = input.overlapSeconds ?? secretOverlapSeconds;
    if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_SECRET_OVERLAP_SECONDS)
      throw new BadInputError(
        {
          vi: `Thời gian chồng lấn phải từ 0 đến ${MAX_SECRET_OVERLAP_SECONDS} giây`,
          en: `overlapSeconds must be a whole number from 0 to ${MAX_SECRET_OVERLAP_SECONDS}`,
        },
        { field: 'overlapSeconds' },
      );
    if (input.version != null && input.version !== endpoint.version)
      throw new ConflictError(
        {
          vi: 'Điểm nhận đã được thay đổi; hãy tải lại',
          en: 'The endpoint was changed meanwhile; reload it',
        },
        { expected: input.version, actual: endpoint.version },
      );
    const secret = newSecret();
    const expiresAt = overlap > 0 ? new Date(Date.now() + overlap * 1000) : null;
    endpoint.previousSecretSealed = expiresAt ? endpoint.secretSealed : null;
    endpoint.previousSecretExpiresAt = expiresAt;
    endpoint.secretSealed = sealSecret(secretKey, endpoint.id, secret);
    await ctx.em.flush();
    // The audit says when the old secret stops signing, never a secret.
    ctx.audit({
      action: 'webhooks.endpoint.rotate-secret',
      entityType: 'WebhookEndpoint',
      entityId: endpoint.id,
      unitId: endpoint.unitId,
      agencyId: endpoint.agencyId,
      after: { previousSecretExpiresAt: expiresAt?.toISOString() ?? null },
    });
    return { endpoint, secret, previousSecretExpiresAt: expiresAt };
  }

  async list(
    ctx: RequestContext,
    filter: { agencyId?: string | null },
    page: KeysetPageArgs,
    orderBy?: OrderInput | null,
  ) {
    ctx.require(P.manage);
    const scope = await ctx.scopeFilter(P.manage);
    const where: Record<string, unknown> =
      scope === 'all'
        ? {}
        : { $or: [{ unitId: { $in: scope.unitIds } }, { agencyId: { $in: scope.agencyIds } }] };
    if (filter.agencyId) where.agencyId = requireId(filter.agencyId, 'agencyId');
    return paginateKeyset(
      ctx.em,
      WebhookEndpoint,
      where,
      page,
      WebhookEndpointOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
    );
  }

  deliveries(
    ctx: RequestContext,
    endpoint: WebhookEndpoint,
    filter: { status?: WebhookDeliveryStatus | null },
    page: KeysetPageArgs,
    orderBy?: OrderInput | null,
  ) {
    return paginateKeyset(
      ctx.em,
      WebhookDelivery,
      { endpointId: endpoint.id, ...(filter.status ? { status: filter.status } : {}) },
      page,
      WebhookDeliveryOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
    );
  }

  /** Sends a delivery again (same id and body, fresh timestamp and signature), whatever its status. */
  async replay(ctx: RequestContext, input: { deliveryId: string }): Promise<WebhookDelivery> {
    ctx.require(P.manage);
    const delivery = await ctx.em.findOne(WebhookDelivery, {
      id: requireId(input.deliveryId, 'deliveryId'),
    });
    if (!delivery || !(await ctx.can(P.manage, owner(delivery))))
      throw new NotFoundError(WebhooksRecords.delivery, input.deliveryId);
    delivery.status = WebhookDeliveryStatus.PENDING;
    delivery.lastError = null;
    await ctx.em.flush();
    await this.enqueue(ctx, delivery, true);
    ctx.audit({
      action: 'webhooks.delivery.replay',
      entityType: 'WebhookDelivery',
      entityId: delivery.id,
      unitId: delivery.unitId,
      agencyId: delivery.agencyId,
      after: { event: delivery.event, endpointId: delivery.endpointId },
    });
    return delivery;
  }

  private enqueue(ctx: RequestContext, d: { id: string; unitId: string; agencyId: string }, replay = false) {
    return ctx.enqueue(
      DELIVER_JOB,
      { deliveryId: d.id, replay },
      { maxAttempts: options(ctx).maxAttempts, scope: { unitIds: [d.unitId], agencyIds: [d.agencyId] } },
    );
  }

  /**
   * The event observer: for a public event, one delivery and one durable job per active endpoint of
   * an agency the event is about that chose the event, in the publisher's transaction (so nothing is
   * sent for a change that rolls back, and nothing is lost for one that commits).
   */
  async onEvent(ctx: RequestContext, event: string, payload: object): Promise<void> {
    const definition = ctx.app.events.publicEvent(event);
    if (!definition) return;
    const { agencyIds } = definition.scope(payload);
    if (!agencyIds.length) return;
    const endpoints = await ctx.em.execute<Array<{ id: string; agency_id: string; unit_id: string }>>(
      `select id, agency_id, unit_id from webhooks_endpoint
        where active and ? = any(events) and agency_id = any(?::uuid[])`,
      [event, pgArray(agencyIds)],
    );
    const occurredAt = new Date().toISOString();
    for (const endpoint of endpoints) {
      const id = randomUUID();
      const body = JSON.stringify({ id, event, occurredAt, data: payload });
      await ctx.em.execute(
        `insert into webhooks_delivery (id, created_at, updated_at, endpoint_id, agency_id, unit_id, event, body)
         values (?, now(), now(), ?, ?, ?, ?, ?)`,
        [id, endpoint.id, endpoint.agency_id, endpoint.unit_id, event, body],
      );
      await this.enqueue(ctx, { id, unitId: endpoint.unit_id, agencyId: endpoint.agency_id });
    }
  }
}

export const webhooks = new WebhooksService();
