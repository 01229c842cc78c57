import { OptionalProps, Entity, Enum, Index, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, VersionedEntity } from '../../../src';
import { QueueTicketStatus } from './enums';

/** A queue ticket (số thứ tự): issued by a kiosk, called to a counter, served or skipped. */
@ObjectType({ description: 'Số thứ tự: a queue ticket of a centre' })
@Entity({ tableName: 'queue_ticket' })
@Unique({ properties: ['centreId', 'prefix', 'day', 'seq'] })
@Index({ properties: ['centreId', 'status', 'issuedAt'] })
export class QueueTicket extends VersionedEntity {
  [OptionalProps]?: 'status' | 'recallCount';

  @Field(() => ID)
  @Property({ type: 'uuid' })
  centreId!: string;

  @Property({ type: 'uuid' })
  agencyId!: string;

  @Property({ type: 'uuid' })
  unitId!: string;

  @Field(() => ID)
  @Property({ type: 'uuid' })
  serviceId!: string;

  @Property({ type: 'uuid', nullable: true })
  kioskId: string | null = null;

  @Field(() => DateScalar, { description: 'Local day (Vietnam) the number belongs to' })
  @Property({ type: 'date', columnType: 'date' })
  day!: string;

  @Property({ type: 'text' })
  prefix!: string;

  @Field(() => Int, { description: 'Sequence of the prefix on that day, from 1' })
  @Property({ type: 'int' })
  seq!: number;

  @Field({ description: 'The number as printed and called, e.g. A007' })
  @Property({ type: 'text' })
  number!: string;

  @Field(() => QueueTicketStatus)
  @Enum({ items: () => QueueTicketStatus, nativeEnumName: 'queue_ticket_status' })
  status: QueueTicketStatus = QueueTicketStatus.WAITING;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  issuedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'First call to a counter; null while never called' })
  @Property({ type: 'timestamptz', nullable: true })
  calledAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'Service ended (served or skipped); null before' })
  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Field(() => ID, { nullable: true, description: 'The counter that called it last; null while waiting' })
  @Property({ type: 'uuid', nullable: true })
  deskId: string | null = null;

  @Field(() => ID, {
    nullable: true,
    description: 'Transferred: only this counter calls it next; null otherwise',
  })
  @Property({ type: 'uuid', nullable: true })
  targetDeskId: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The official who called it last' })
  @Property({ type: 'uuid', nullable: true })
  calledById: string | null = null;

  @Field(() => Int, { description: 'How many times it was called again' })
  @Property({ type: 'int' })
  recallCount: number = 0;

  @Field(() => ID, { nullable: true, description: 'The dossier it produced; null when none (yet)' })
  @Property({ type: 'uuid', nullable: true })
  dossierId: string | null = null;
}
