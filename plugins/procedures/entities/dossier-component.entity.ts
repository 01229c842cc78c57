import { Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { DigitisationState } from '../domain/enums';
import { Dossier } from './dossier.entity';

/** Thành phần hồ sơ: one document received with a dossier. */
@ObjectType({ description: 'A document received with a dossier, with its digitisation state' })
@Entity({ tableName: 'procedures_dossier_component' })
export class DossierComponent extends BaseEntity {
  @ManyToOne(() => Dossier, { ref: true, deleteRule: 'cascade' })
  dossier!: Ref<Dossier>;

  @Field(() => String, {
    nullable: true,
    description: 'Code of the required component of the procedure version, if it is one',
  })
  @Property({ type: 'text', nullable: true })
  code: string | null = null;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Int)
  @Property({ type: 'int' })
  originals: number = 0;

  @Field(() => Int)
  @Property({ type: 'int' })
  copies: number = 0;

  @Field(() => DigitisationState)
  @Enum({ items: () => DigitisationState, nativeEnumName: 'procedures_digitisation' })
  digitisation: DigitisationState = DigitisationState.NOT_DIGITISED;

  @Field(() => String, {
    nullable: true,
    description: 'Storage key of the scan, or the id of the re-used document',
  })
  @Property({ type: 'text', nullable: true })
  fileRef: string | null = null;

  @Field(() => Int)
  @Property({ type: 'int' })
  position: number = 0;

  /** The scan in the core file store (`core_file.id`); the GraphQL field `file` resolves it. */
  @Property({ type: 'uuid', nullable: true })
  fileId: string | null = null;
}
