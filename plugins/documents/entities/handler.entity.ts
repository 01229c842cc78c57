import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { OfficialDocument } from './document.entity';
import { HandlerRole, HandlerStatus } from './enums';

/** Who handles an incoming document: the lead (chủ trì) or a co-handler (phối hợp), an official or a department. */
@ObjectType('DocumentHandler', { description: 'A lead or co-handler of an incoming document' })
@Entity({ tableName: 'documents_handler' })
@Index({ properties: ['officialId', 'status'] })
@Index({ properties: ['departmentId', 'status'] })
export class DocumentHandler extends BaseEntity {
  @ManyToOne(() => OfficialDocument, { ref: true, deleteRule: 'cascade' })
  document!: Ref<OfficialDocument>;

  @Field(() => HandlerRole)
  @Enum({ items: () => HandlerRole, nativeEnumName: 'documents_handler_role' })
  role!: HandlerRole;

  // The official or the department handling it: plain ids of staff's records (the database keeps
  // the foreign keys).
  @Property({ type: 'uuid', nullable: true })
  officialId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  departmentId: string | null = null;

  /** The department reports count this handler under: the department itself, or the official's posting. */
  @Property({ type: 'uuid', nullable: true })
  reportDepartmentId: string | null = null;

  @Field(() => HandlerStatus)
  @Enum({ items: () => HandlerStatus, nativeEnumName: 'documents_handler_status' })
  status: HandlerStatus = HandlerStatus.ACTIVE;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  assignedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  dueAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  completedAt: Date | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}
