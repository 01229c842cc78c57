import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { OfficialDocument } from './document.entity';

/**
 * The record of a digital signature on an outgoing document: who signed, when, with which
 * certificate (serial number and issuing CA). The signature itself is made by the signer's token or
 * remote-signing service; the platform keeps its metadata.
 */
@ObjectType('DocumentSignature', { description: 'Record of a digital signature: signer, time, certificate' })
@Entity({ tableName: 'documents_signature' })
export class DocumentSignature extends BaseEntity {
  @ManyToOne(() => OfficialDocument, { ref: true, deleteRule: 'cascade' })
  document!: Ref<OfficialDocument>;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  signerOfficialId: string | null = null;

  @Field()
  @Property({ type: 'text' })
  signerName!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  signerTitle: string | null = null;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  signedAt!: Date;

  @Field({ description: 'Certificate serial number (hex)' })
  @Property({ type: 'text' })
  certificateSerial!: string;

  @Field({ description: 'Certificate issuer (CA), e.g. "Ban Cơ yếu Chính phủ"' })
  @Property({ type: 'text' })
  certificateIssuer!: string;

  @Field(() => String, { nullable: true, description: 'Certificate subject (distinguished name)' })
  @Property({ type: 'text', nullable: true })
  certificateSubject: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  certificateValidTo: Date | null = null;

  @Field()
  @Property({ type: 'text' })
  recordedByName!: string;
}
