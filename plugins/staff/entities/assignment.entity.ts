import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, DateScalar } from '../../../src';
import { Official } from './official.entity';
import { Agency } from './agency.entity';
import { Department } from './department.entity';
import { Desk } from './desk.entity';

/** Where an official works: an agency, optionally a department and a desk, for a period. */
@ObjectType('Posting', { description: "An official's posting to an agency (and department or desk)" })
@Entity({ tableName: 'staff_assignment' })
export class Assignment extends BaseEntity {
  @ManyToOne(() => Official, { ref: true, deleteRule: 'cascade' })
  official!: Ref<Official>;

  @ManyToOne(() => Agency, { ref: true, deleteRule: 'restrict' })
  agency!: Ref<Agency>;

  @ManyToOne(() => Department, { ref: true, nullable: true, deleteRule: 'set null' })
  department: Ref<Department> | null = null;

  @ManyToOne(() => Desk, { ref: true, nullable: true, deleteRule: 'set null' })
  desk: Ref<Desk> | null = null;

  @Field({ description: 'The main posting (one per official)' })
  @Property({ type: 'boolean' })
  primary: boolean = false;

  @Field(() => DateScalar)
  @Property({ type: 'date', columnType: 'date' })
  startsOn!: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', columnType: 'date', nullable: true })
  endsOn: string | null = null;
}
