import { Entity, OptionalProps, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { VersionedEntity } from '../../../src';

/**
 * A third-party system's HTTPS endpoint receiving chosen public events of one agency. The signing
 * secret is kept sealed (AES-256-GCM, see services/secrets.ts), never as a GraphQL field.
 */
@ObjectType({ description: 'Điểm nhận webhook: an outside system’s HTTPS endpoint for events of one agency' })
@Entity({ tableName: 'webhooks_endpoint' })
export class WebhookEndpoint extends VersionedEntity {
  [OptionalProps]?: 'active' | 'description' | 'previousSecretSealed' | 'previousSecretExpiresAt';

  @Field(() => ID, { description: 'The agency whose events it receives' })
  @Property({ type: 'uuid' })
  agencyId!: string;

  @Property({ type: 'uuid' })
  unitId!: string;

  @Field({ description: 'https:// address the events are POSTed to' })
  @Property({ type: 'text' })
  url!: string;

  @Field(() => [String], { description: 'Names of the public events it receives' })
  @Property({ type: 'text[]', columnType: 'text[]' })
  events!: string[];

  @Field({ description: 'Who runs the receiving system and why' })
  @Property({ type: 'text' })
  description: string = '';

  @Field({ description: 'False: no new deliveries are made' })
  @Property({ type: 'boolean' })
  active: boolean = true;

  /** The signing secret, sealed with WEBHOOKS_SECRET_KEY (`v1:<iv>:<tag>:<ciphertext>`). */
  @Property({ type: 'text' })
  secretSealed!: string;

  /**
   * The secret before the last rotation, sealed like the current one: deliveries are signed with both
   * until `previousSecretExpiresAt`, then it is dropped (both columns null).
   */
  @Property({ type: 'text', nullable: true })
  previousSecretSealed: string | null = null;

  @Property({ type: Date, nullable: true })
  previousSecretExpiresAt: Date | null = null;
}
