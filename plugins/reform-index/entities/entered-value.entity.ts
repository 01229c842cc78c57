import { Entity, Property, Unique } from '@mikro-orm/core';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { DateScalar, VersionedEntity } from '../../../src';

/** The value of a service-index criterion the platform cannot compute, entered for a unit and period. */
@ObjectType({ description: 'An entered value of a service-index criterion, with its evidence' })
@Entity({ tableName: 'reform_index_entered_value' })
@Unique({ properties: ['criterionCode', 'subjectId', 'periodFrom', 'periodTo'] })
export class EnteredValue extends VersionedEntity {
  @Field() @Property({ type: 'text' }) criterionCode!: string;
  @Field(() => ID, { description: 'The unit (or, for an agency’s index, the agency) it is entered for' })
  @Property({ type: 'uuid' })
  subjectId!: string;
  @Field(() => DateScalar) @Property({ type: 'date', columnType: 'date' }) periodFrom!: string;
  @Field(() => DateScalar) @Property({ type: 'date', columnType: 'date' }) periodTo!: string;
  @Field(() => Float) @Property({ type: 'double' }) numerator!: number;
  @Field(() => Float) @Property({ type: 'double' }) denominator!: number;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) note: string | null =
    null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) enteredBy:
    string | null = null;
}
