import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import {
  ConnectionType,
  KeysetPageArgs,
  nullIfNotFound,
  type OrderInput,
  type RequestContext,
} from '../../../src';
import { WebhookEndpoint } from '../entities/endpoint.entity';
import { WebhookDelivery, WebhookDeliveryStatus } from '../entities/delivery.entity';
import { WebhookDeliveryOrder, WebhookEndpointOrder } from '../list-orders';
import { WebhooksPermissions as P } from '../permissions';
import { webhooks } from '../services/webhooks.service';

@InputType()
export class CreateWebhookEndpointInput {
  @Field(() => ID, { description: 'The agency whose events the endpoint receives' }) agencyId!: string;
  @Field({ description: 'https:// address (http://localhost only where the deployment allows it)' })
  url!: string;
  @Field(() => [String], { description: 'Public event names (webhookEvents)' }) events!: string[];
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType()
export class UpdateWebhookEndpointInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => [String], { nullable: true }) events?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'False stops new deliveries' }) active?:
    boolean | null;
}

@InputType()
export class RotateWebhookEndpointSecretInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, {
    nullable: true,
    description:
      'Seconds the old secret keeps signing beside the new one (0: dropped at once; at most 604800, 7 days); default WEBHOOKS_SECRET_OVERLAP_SECONDS',
  })
  overlapSeconds?: number | null;
  @Field(() => Int, { nullable: true, description: 'The version read; a stale one fails with CONFLICT' })
  version?: number | null;
}

@ObjectType()
export class RotateWebhookEndpointSecretPayload {
  @Field(() => WebhookEndpoint) endpoint!: WebhookEndpoint;
  @Field({ description: 'The new signing secret: shown this once, kept sealed (never shown again)' })
  secret!: string;
  @Field(() => Date, {
    nullable: true,
    description: 'Until when deliveries are also signed with the old secret; null: it was dropped at once',
  })
  previousSecretExpiresAt!: Date | null;
}

@InputType()
export class ReplayWebhookDeliveryInput {
  @Field(() => ID) deliveryId!: string;
}

@InputType()
export class WebhookEndpointFilterInput {
  @Field(() => ID, { nullable: true }) agencyId?: string | null;
}

@InputType()
export class WebhookDeliveryFilterInput {
  @Field(() => WebhookDeliveryStatus, { nullable: true, description: 'Deliveries with this status' })
  status?: WebhookDeliveryStatus | null;
}

@ObjectType()
export class CreateWebhookEndpointPayload {
  @Field(() => WebhookEndpoint) endpoint!: WebhookEndpoint;
  @Field({ description: 'The signing secret: shown this once, kept sealed (never shown again)' })
  secret!: string;
}

@ObjectType({ description: 'An event outside systems may receive' })
export class WebhookEventType {
  @Field({ description: 'e.g. queue.ticket.called' }) name!: string;
  @Field() description!: string;
}

const WebhookEndpointConnection = ConnectionType(WebhookEndpoint);
const WebhookDeliveryConnection = ConnectionType(WebhookDelivery);

@Resolver(() => WebhookEndpoint)
export class WebhooksResolver {
  @Authorized(P.manage)
  @Query(() => [WebhookEventType], { description: 'The public events endpoints may choose' })
  webhookEvents(@Ctx() ctx: RequestContext): WebhookEventType[] {
    return ctx.app.events.listPublic().map((e) => ({ name: e.event, description: e.description }));
  }

  @Authorized(P.manage)
  @Query(() => WebhookEndpointConnection, { description: 'Endpoints of agencies in your scope' })
  webhookEndpoints(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => WebhookEndpointFilterInput, { nullable: true }) filter?: WebhookEndpointFilterInput,
    @Arg('orderBy', () => WebhookEndpointOrder.input, { nullable: true }) orderBy?: OrderInput | null,
  ) {
    return webhooks.list(ctx, filter ?? {}, page, orderBy);
  }

  @Authorized(P.manage)
  @Query(() => WebhookEndpoint, { nullable: true, description: 'Null when not found or not in your scope' })
  webhookEndpoint(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return nullIfNotFound(webhooks.get(ctx, id));
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description:
      'Until when deliveries are also signed with the secret before the last rotation; null when one secret signs',
  })
  previousSecretExpiresAt(@Root() endpoint: WebhookEndpoint): Date | null {
    const at = endpoint.previousSecretExpiresAt;
    return at && at.getTime() > Date.now() ? at : null;
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Deliveries, newest first by default' })
  deliveries(
    @Ctx() ctx: RequestContext,
    @Root() endpoint: WebhookEndpoint,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => WebhookDeliveryFilterInput, { nullable: true }) filter?: WebhookDeliveryFilterInput,
    @Arg('orderBy', () => WebhookDeliveryOrder.input, { nullable: true }) orderBy?: OrderInput | null,
  ) {
    return webhooks.deliveries(ctx, endpoint, filter ?? {}, page, orderBy);
  }

  @Authorized(P.manage)
  @Mutation(() => CreateWebhookEndpointPayload, {
    description: 'Registers an endpoint; answers its signing secret this once',
  })
  createWebhookEndpoint(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput,
  ): Promise<CreateWebhookEndpointPayload> {
    return webhooks.create(ctx, input);
  }

  @Authorized(P.manage)
  @Mutation(() => WebhookEndpoint, { description: 'Changes the address or events, or deactivates it' })
  updateWebhookEndpoint(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput,
  ) {
    return webhooks.update(ctx, input);
  }

  @Authorized(P.manage)
  @Mutation(() => RotateWebhookEndpointSecretPayload, {
    description:
      'A new signing secret, answered this once; the old one also signs for the overlap, then is dropped',
  })
  rotateWebhookEndpointSecret(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RotateWebhookEndpointSecretInput) input: RotateWebhookEndpointSecretInput,
  ): Promise<RotateWebhookEndpointSecretPayload> {
    return webhooks.rotateSecret(ctx, input);
  }

  @Authorized(P.manage)
  @Mutation(() => WebhookDelivery, {
    description: 'Sends a delivery again (same id and body, new timestamp and signature)',
  })
  replayWebhookDelivery(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ReplayWebhookDeliveryInput) input: ReplayWebhookDeliveryInput,
  ) {
    return webhooks.replay(ctx, input);
  }
}
