import { randomUUID } from 'node:crypto';
import { PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/** Id and timestamps every entity shares. */
// Decorated so subclasses inherit the fields; never emitted itself, as no resolver returns it.
@ObjectType()
export abstract class BaseEntity {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => Date)
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** For entities that people edit concurrently: a stale write fails with CONFLICT. */
@ObjectType()
export abstract class VersionedEntity extends BaseEntity {
  @Field(() => Int, { description: 'Optimistic-lock version; pass it back to detect concurrent edits' })
  @Property({ version: true })
  version!: number;
}
