import { Entity, Enum, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { VersionedEntity } from '../../../src';
import { SequenceReset } from '../domain/enums';

/** An agency's dossier code pattern (agencies without a row use the default). */
@ObjectType({ description: "An agency's dossier code pattern" })
@Entity({ tableName: 'procedures_code_pattern' })
export class CodePattern extends VersionedEntity {
  @Field(() => ID)
  @Property({ type: 'uuid' })
  @Unique()
  agencyId!: string;

  @Field({
    description:
      'Tokens: {agencyId}, date parts ({yyyy} {yy} {MM} {dd}, or run together: {yyMMdd}), one sequence {NNNN}',
  })
  @Property({ type: 'text' })
  pattern!: string;

  @Field(() => SequenceReset)
  @Enum({ items: () => SequenceReset, nativeEnumName: 'procedures_sequence_reset' })
  reset!: SequenceReset;
}
