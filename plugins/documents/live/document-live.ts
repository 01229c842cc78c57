import { Authorized, Field, ID, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { liveSubscription, type RequestContext } from '../../../src';
import { DocumentAssignedLive, type DocumentAssignedPayload } from '../events';
import { DocumentsPermissions as P } from '../permissions';
import { documents } from '../services';

@ObjectType({
  description: 'A document was assigned to you (or your department): read it with `document(id)`',
})
export class DocumentAssignedEvent {
  @Field(() => ID) documentId!: string;
  @Field(() => ID) agencyId!: string;
  @Field({ description: 'True when it was reassigned (giao lại)' }) reassigned!: boolean;
  @Field() at!: Date;
}

/**
 * The subscriber sees the event when the document is in `documents(filter: { assignedToMe: true })`
 * for them at that moment: the same query decides (scope, confidentiality, handler in person or
 * posted in a handling department), so the subscription can never show more than the list.
 */
async function assignedToSubscriber(p: DocumentAssignedPayload, ctx: RequestContext): Promise<boolean> {
  if (!ctx.has(P.read)) return false;
  const page = await documents.list(ctx, { assignedToMe: true, documentId: p.documentId }, { first: 1 });
  return page.nodes.length === 1;
}

@Resolver()
export class DocumentLiveResolver {
  @Authorized(P.read)
  @Subscription(() => DocumentAssignedEvent, {
    description:
      'Documents assigned to you, in person or to a department you are posted in, as they are assigned (scoped like documents(filter: { assignedToMe: true }))',
    subscribe: liveSubscription<DocumentAssignedPayload>(DocumentAssignedLive, assignedToSubscriber),
  })
  documentAssignedToMe(@Root() p: DocumentAssignedPayload): DocumentAssignedEvent {
    return { documentId: p.documentId, agencyId: p.agencyId, reassigned: p.reassigned, at: new Date(p.at) };
  }
}
