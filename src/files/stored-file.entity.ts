import { Entity, Index, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';

/**
 * A file kept by the core store: its type was recognised from its bytes, its name cleaned, its bytes
 * stored under their SHA-256. Plugins refer to it by id (a dossier component's scan, a result).
 */
@ObjectType('StoredFile', {
  description: 'A stored file (PDF, JPEG or PNG): type recognised from its content, SHA-256, size',
})
@Entity({ tableName: 'core_file' })
export class StoredFile extends BaseEntity {
  @Field({ description: 'File name as uploaded, cleaned (display only; never a path on the server)' })
  @Property({ type: 'text' })
  fileName!: string;

  @Field({ description: 'application/pdf, image/jpeg or image/png, from the content' })
  @Property({ type: 'text' })
  mimeType!: string;

  @Field(() => Int, { description: 'Bytes' })
  @Property({ type: 'integer' })
  size!: number;

  @Field({ description: 'SHA-256 of the content, hex' })
  @Property({ type: 'text' })
  sha256!: string;

  /** Where the store keeps the bytes (content-addressed). Not a GraphQL field. */
  @Index()
  @Property({ type: 'text' })
  storageKey!: string;

  /** Subject of the signed-in uploader; null for an anonymous (citizen) upload. */
  @Property({ type: 'text', nullable: true })
  uploadedBy: string | null = null;
}
