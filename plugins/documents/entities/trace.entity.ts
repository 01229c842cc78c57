import { Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { OfficialDocument } from './document.entity';
import { TraceAction } from './enums';

/** One step in the life of a document: who did what, when. Append-only. */
@ObjectType('DocumentTraceStep', { description: "A step of a document's trace: who, when, what" })
@Entity({ tableName: 'documents_trace' })
export class DocumentTraceStep extends BaseEntity {
  @ManyToOne(() => OfficialDocument, { ref: true, deleteRule: 'cascade' })
  document!: Ref<OfficialDocument>;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  at: Date = new Date();

  @Field(() => TraceAction)
  @Enum({ items: () => TraceAction, nativeEnumName: 'documents_trace_action' })
  action!: TraceAction;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  actorOfficialId: string | null = null;

  @Field({ description: 'Who: the official\'s name, or "Hệ thống" for automatic steps' })
  @Property({ type: 'text' })
  actorName!: string;

  @Field(() => String, { nullable: true, description: 'The agency the step happened at' })
  @Property({ type: 'text', nullable: true })
  agencyName: string | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'What: a Vietnamese summary (handlers, deadline, number …)',
  })
  @Property({ type: 'text', nullable: true })
  summary: string | null = null;

  @Field(() => String, { nullable: true, description: 'The note the actor wrote' })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}
