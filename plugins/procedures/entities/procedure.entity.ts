import { Entity, Enum, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { VersionedEntity } from '../../../src';
import { OnlineServiceLevel, ResolvingLevel } from '../domain/enums';

/**
 * A procedure of the catalogue (thủ tục hành chính): its stable identity, with the headline fields
 * of its latest version copied for listing and search. Its content lives in immutable versions.
 */
@ObjectType({ description: 'Thủ tục hành chính: a procedure of the catalogue; its content is in versions' })
@Entity({ tableName: 'procedures_procedure' })
export class Procedure extends VersionedEntity {
  @Field({ description: 'National code, e.g. 1.001193 or 1.000948.H38' })
  @Property({ type: 'text' })
  @Unique()
  code!: string;

  @Field({ description: 'Name (of the latest version)' })
  @Property({ type: 'text' })
  name!: string;

  @Field({ description: 'Lĩnh vực, e.g. "Hộ tịch" (of the latest version)' })
  @Property({ type: 'text' })
  field!: string;

  @Field(() => ResolvingLevel)
  @Enum({ items: () => ResolvingLevel, nativeEnumName: 'procedures_resolving_level' })
  level!: ResolvingLevel;

  @Field(() => OnlineServiceLevel, { nullable: true, description: 'Null: not offered online' })
  @Enum({ items: () => OnlineServiceLevel, nativeEnumName: 'procedures_online_level', nullable: true })
  onlineLevel: OnlineServiceLevel | null = null;

  @Field({ description: 'False once withdrawn from the catalogue (bãi bỏ): no new dossiers' })
  @Property({ type: 'boolean' })
  active: boolean = true;

  @Field(() => Int)
  @Property({ type: 'int' })
  latestVersionNo: number = 1;

  @Field(() => ID, {
    nullable: true,
    description: 'Unit that published it (a province for .Hxx codes); null: national',
  })
  @Property({ type: 'uuid', nullable: true })
  unitId: string | null = null;
}
