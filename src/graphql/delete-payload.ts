import { Field, ID, ObjectType } from 'type-graphql';

/**
 * What every delete answers (`delete…`, `remove…`, `revoke…`): the id of the record it removed,
 * whether it is gone for good or kept until a purge (read it again by its own query).
 */
@ObjectType({ description: 'What a delete answers: the id of the record removed' })
export class DeletePayload {
  @Field(() => ID) deletedId!: string;
}

export function deleted(id: string): DeletePayload {
  return { deletedId: id };
}
