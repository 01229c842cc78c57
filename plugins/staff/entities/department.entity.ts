import { Entity, ManyToOne, Property, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { VersionedEntity } from '../../../src';
import { Agency } from './agency.entity';

/** Phòng / ban: a department of an agency. */
@ObjectType({ description: 'Phòng, ban: a department of an agency' })
@Entity({ tableName: 'staff_department' })
export class Department extends VersionedEntity {
  [OptionalProps]?: 'active';

  @ManyToOne(() => Agency, { ref: true, deleteRule: 'cascade' })
  agency!: Ref<Agency>;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  code: string | null = null;

  @Field()
  @Property({ type: 'boolean' })
  active: boolean = true;
}
