import { Entity, Enum, Index, OptionalProps, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../../src';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING: not answered 2xx yet (retries remain); DELIVERED; FAILED: attempts used up',
});

/** One event for one endpoint: its body (fixed, so a replay sends the same bytes) and its attempts. */
@ObjectType({ description: 'Lần gửi webhook: one event sent to one endpoint, with its attempts' })
@Entity({ tableName: 'webhooks_delivery' })
@Index({ properties: ['endpointId', 'createdAt'] })
export class WebhookDelivery extends BaseEntity {
  [OptionalProps]?: 'status' | 'attempts' | 'lastAttemptAt' | 'responseStatus' | 'lastError' | 'deliveredAt';

  @Field(() => ID)
  @Property({ type: 'uuid' })
  endpointId!: string;

  @Property({ type: 'uuid' })
  agencyId!: string;

  @Property({ type: 'uuid' })
  unitId!: string;

  @Field({ description: 'The public event, e.g. queue.ticket.called' })
  @Property({ type: 'text' })
  event!: string;

  @Field({ description: 'The JSON body sent (ids and states only)' })
  @Property({ type: 'text' })
  body!: string;

  @Field(() => WebhookDeliveryStatus)
  @Enum({ items: () => WebhookDeliveryStatus, nativeEnumName: 'webhooks_delivery_status' })
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Field(() => Int, { description: 'Attempts made, replays included' })
  @Property({ type: 'integer' })
  attempts: number = 0;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null = null;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last answer; null: no answer' })
  @Property({ type: 'integer', nullable: true })
  responseStatus: number | null = null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed' })
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null = null;
}
