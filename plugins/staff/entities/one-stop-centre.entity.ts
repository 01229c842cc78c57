import { Entity, ManyToOne, Property, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { VersionedEntity } from '../../../src';
import { Agency } from './agency.entity';

/** Bộ phận một cửa / Trung tâm phục vụ hành chính công of an agency. */
@ObjectType({ description: 'Bộ phận một cửa: the one-stop reception-and-return centre of an agency' })
@Entity({ tableName: 'staff_one_stop_centre' })
export class OneStopCentre extends VersionedEntity {
  [OptionalProps]?: 'active';

  @ManyToOne(() => Agency, { ref: true, deleteRule: 'cascade' })
  agency!: Ref<Agency>;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  address: string | null = null;

  @Field()
  @Property({ type: 'boolean' })
  active: boolean = true;
}
