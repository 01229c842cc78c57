import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, Int } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { OfficialDocument } from './document.entity';
import { RecipientKind, RecipientStatus } from './enums';

/** Nơi nhận of an outgoing document, with the acknowledgement of an agency on the platform. */
@ObjectType('DocumentRecipient', {
  description: 'Nơi nhận: a recipient of an outgoing document and its acknowledgement',
})
@Entity({ tableName: 'documents_recipient' })
export class DocumentRecipient extends BaseEntity {
  @ManyToOne(() => OfficialDocument, { ref: true, deleteRule: 'cascade' })
  document!: Ref<OfficialDocument>;

  @Field(() => RecipientKind)
  @Enum({ items: () => RecipientKind, nativeEnumName: 'documents_recipient_kind' })
  kind!: RecipientKind;

  /** An agency of the platform (INTERNAL): a plain id of staff's record (the database keeps the foreign key). */
  @Property({ type: 'uuid', nullable: true })
  @Index()
  agencyId: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  electronicId: string | null = null;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  /** Place in the list as the drafter wrote it (0 first). */
  @Property({ type: 'integer' })
  position: number = 0;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Field(() => RecipientStatus)
  @Enum({ items: () => RecipientStatus, nativeEnumName: 'documents_recipient_status' })
  status: RecipientStatus = RecipientStatus.PENDING;

  /** The recipient agency's incoming copy. */
  @Property({ type: 'uuid', nullable: true })
  incomingDocumentId: string | null = null;

  @Field(() => Int, {
    nullable: true,
    description: "Acknowledgement: the arrival number in the recipient's incoming register",
  })
  @Property({ type: 'integer', nullable: true })
  arrivalNumber: number | null = null;

  @Field(() => Date, { nullable: true, description: 'Acknowledgement: when the recipient registered it' })
  @Property({ type: 'timestamptz', nullable: true })
  receivedAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When an outside recipient was emailed' })
  @Property({ type: 'timestamptz', nullable: true })
  sentAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  recalledAt: Date | null = null;
}
