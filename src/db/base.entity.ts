import { randomUUID } from 'node:crypto';
import { PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * Id and timestamps every entity shares. They are set here, so `em.create` does not ask for them:
 * `Opt<>` marks them optional for MikroORM's typed creation (an entity marks its own defaulted
 * properties with `Opt<>` or `[OptionalProps]`). `Opt<>` hides the type from reflect-metadata, hence
 * the explicit column types.
 */
// Decorated so subclasses inherit the fields; never emitted itself, as no resolver returns it.
@ObjectType()
export abstract class BaseEntity {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Opt<Date> = new Date();

  @Field(() => Date)
  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}

/** For entities that people edit concurrently: a stale write fails with CONFLICT. */
@ObjectType()
export abstract class VersionedEntity extends BaseEntity {
  @Field(() => Int, { description: 'Optimistic-lock version; pass it back to detect concurrent edits' })
  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}
