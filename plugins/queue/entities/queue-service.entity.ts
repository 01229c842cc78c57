import { OptionalProps, Entity, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { VersionedEntity } from '../../../src';

/**
 * A service offered at a one-stop centre (dịch vụ lấy số): a procedure field or one procedure, with
 * the prefix of its ticket numbers and the counters (desks) that serve it.
 */
@ObjectType({ description: 'Dịch vụ lấy số: a service of a centre, its ticket prefix and its counters' })
@Entity({ tableName: 'queue_service' })
@Unique({ properties: ['centreId', 'prefix'] })
export class QueueService extends VersionedEntity {
  [OptionalProps]?: 'deskIds' | 'active';

  @Field(() => ID)
  @Property({ type: 'uuid' })
  centreId!: string;

  /** The centre's agency and its unit, kept for scope checks. */
  @Property({ type: 'uuid' })
  agencyId!: string;

  @Property({ type: 'uuid' })
  unitId!: string;

  @Field({ description: 'Prefix of the ticket numbers (1-3 upper-case letters), e.g. A gives A001' })
  @Property({ type: 'text' })
  prefix!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Lĩnh vực served; null when one procedure is served' })
  @Property({ type: 'text', nullable: true })
  procedureField: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The one procedure served; null when a field is served' })
  @Property({ type: 'uuid', nullable: true })
  procedureId: string | null = null;

  @Field(() => [ID], { description: 'Counters (desks of the centre) that call tickets of this service' })
  @Property({ type: 'uuid[]', columnType: 'uuid[]' })
  deskIds: string[] = [];

  @Field({ description: 'False: kiosks no longer issue tickets for it' })
  @Property({ type: 'boolean' })
  active: boolean = true;
}
