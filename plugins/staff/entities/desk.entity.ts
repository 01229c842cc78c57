import { Entity, ManyToOne, Property, Unique, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { VersionedEntity } from '../../../src';
import { OneStopCentre } from './one-stop-centre.entity';

/** Quầy: a counter of a one-stop centre, where officials sit and devices are placed. */
@ObjectType({ description: 'Quầy: a counter (desk) of a one-stop centre' })
@Entity({ tableName: 'staff_desk' })
@Unique({ properties: ['centre', 'code'] })
export class Desk extends VersionedEntity {
  [OptionalProps]?: 'active';

  @ManyToOne(() => OneStopCentre, { ref: true, deleteRule: 'cascade' })
  centre!: Ref<OneStopCentre>;

  @Field({ description: 'Counter number or code within its centre, e.g. "01"' })
  @Property({ type: 'text' })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => [String], { description: 'Fields (lĩnh vực) handled at this counter' })
  @Property({ type: 'text[]' })
  fields: string[] = [];

  @Field()
  @Property({ type: 'boolean' })
  active: boolean = true;
}
