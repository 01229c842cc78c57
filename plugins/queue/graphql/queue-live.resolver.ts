import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  ObjectType,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { liveSubscription, nullIfNotFound, type RequestContext } from '../../../src';
import { directory, StaffTypes } from '../../staff';
import { QueueTicket } from '../entities/ticket.entity';
import { QueueTicketCalledLive, type QueueTicketEvent } from '../events';
import { QueuePermissions } from '../permissions';
import { queue } from '../services/queue.service';

type CalledPayload = QueueTicketEvent & { recall: boolean; at: string };

@ObjectType({ description: 'A ticket called to a counter (gọi số): what the centre’s board shows' })
export class QueueBoardCall {
  @Field(() => ID) ticketId!: string;
  @Field(() => ID) centreId!: string;
  @Field({ description: 'The ticket number, e.g. A012' }) number!: string;
  @Field(() => ID, { description: 'The counter it is called to' }) deskId!: string;
  @Field({ description: 'True when the ticket was called again' }) recall!: boolean;
  @Field() at!: Date;
}

/**
 * The board of a centre over WebSocket. Scoped like `queueCentre(centreId)`: each call reaches the
 * subscriber only while that query would answer the centre for them (queue.read in the centre's
 * agency scope), checked per event with their current roles.
 */
@Resolver(() => QueueBoardCall)
export class QueueLiveResolver {
  @Authorized(QueuePermissions.read)
  @Subscription(() => QueueBoardCall, {
    description: 'Tickets called (and recalled) to the counters of a centre, as they are called',
    subscribe: liveSubscription<CalledPayload, { centreId: string }>(
      QueueTicketCalledLive,
      async (p, ctx, args) =>
        p.centreId === args.centreId && (await nullIfNotFound(queue.centreFor(ctx, args.centreId))) !== null,
    ),
  })
  queueBoardCalls(@Arg('centreId', () => ID) _centreId: string, @Root() p: CalledPayload): QueueBoardCall {
    return {
      ticketId: p.ticketId,
      centreId: p.centreId,
      number: p.number,
      deskId: p.deskId!,
      recall: p.recall,
      at: new Date(p.at),
    };
  }

  @FieldResolver(() => StaffTypes.Desk, {
    nullable: true,
    description: 'The counter (code and name for the board)',
  })
  desk(@Ctx() ctx: RequestContext, @Root() call: QueueBoardCall) {
    return directory.desk(ctx, call.deskId);
  }

  @FieldResolver(() => QueueTicket, { nullable: true, description: 'The ticket as it is now' })
  ticket(@Ctx() ctx: RequestContext, @Root() call: QueueBoardCall) {
    return nullIfNotFound(queue.ticketFor(ctx, call.ticketId));
  }
}
