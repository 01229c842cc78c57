import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { OfficialDocument } from './document.entity';

/** A file of a document. The bytes live in the attachment storage, addressed by their SHA-256. */
@ObjectType('DocumentAttachment', { description: 'A file attached to a document, with its SHA-256 and size' })
@Entity({ tableName: 'documents_attachment' })
export class DocumentAttachment extends BaseEntity {
  @ManyToOne(() => OfficialDocument, { ref: true, deleteRule: 'cascade' })
  document!: Ref<OfficialDocument>;

  @Field()
  @Property({ type: 'text' })
  fileName!: string;

  @Field()
  @Property({ type: 'text' })
  mimeType!: string;

  @Field(() => Int, { description: 'Bytes' })
  @Property({ type: 'integer' })
  size!: number;

  @Field({ description: 'SHA-256 of the content, hex' })
  @Property({ type: 'text' })
  sha256!: string;

  /** Where the storage keeps it (content-addressed key). Not a GraphQL field. */
  @Property({ type: 'text' })
  storageKey!: string;

  @Field()
  @Property({ type: 'text' })
  uploadedByName!: string;
}
