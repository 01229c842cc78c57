import { Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { PauseKind } from '../domain/enums';
import { Dossier } from './dossier.entity';

/** The clock stood still: a supplement requested (Mẫu 02) or a financial obligation awaited. */
@ObjectType({ description: 'A period during which the dossier clock stood still' })
@Entity({ tableName: 'procedures_dossier_pause' })
export class DossierPause extends BaseEntity {
  @ManyToOne(() => Dossier, { ref: true, deleteRule: 'cascade' })
  dossier!: Ref<Dossier>;

  @Field(() => PauseKind)
  @Enum({ items: () => PauseKind, nativeEnumName: 'procedures_pause_kind' })
  kind!: PauseKind;

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  endedAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'A supplement not received by then ends the dossier' })
  @Property({ type: 'timestamptz', nullable: true })
  deadlineAt: Date | null = null;

  @Field(() => [String], { description: 'What is missing or must be paid' })
  @Property({ type: 'json' })
  items: string[] = [];

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}
