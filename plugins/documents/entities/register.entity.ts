import { Entity, Enum, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { DocumentDirection } from './enums';

/**
 * Sổ đăng ký văn bản: one per agency, direction, year and series (confidential documents are
 * numbered in a register of their own). `lastNumber` is the counter: it is only ever changed by the
 * single SQL statement in RegistersService.take(), never by the ORM.
 */
@ObjectType({ description: 'Sổ đăng ký văn bản đến / đi of an agency for a year' })
@Entity({ tableName: 'documents_register' })
@Unique({ properties: ['agencyId', 'direction', 'year', 'confidential'] })
export class DocumentRegister extends BaseEntity {
  /** The agency: a plain id of staff's record (the database keeps the foreign key). */
  @Property({ type: 'uuid' })
  agencyId!: string;

  /** The agency's administrative unit (denormalised for scope checks). */
  @Property({ type: 'uuid' })
  unitId!: string;

  @Field(() => DocumentDirection)
  @Enum({ items: () => DocumentDirection, nativeEnumName: 'documents_direction' })
  direction!: DocumentDirection;

  @Field(() => Int)
  @Property({ type: 'integer' })
  year!: number;

  @Field({ description: 'The series of confidential documents (văn bản mật), numbered separately' })
  @Property({ type: 'boolean' })
  confidential: boolean = false;

  @Field({ description: 'e.g. "Sổ đăng ký văn bản đến năm 2026"' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Int, { description: 'The last number given (0: none yet)' })
  @Property({ type: 'integer' })
  lastNumber: number = 0;
}
