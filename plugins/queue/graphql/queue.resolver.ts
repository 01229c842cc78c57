import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { nullIfNotFound, type RequestContext } from '../../../src';
import { directory, StaffTypes } from '../../staff';
import { QueueService } from '../entities/queue-service.entity';
import { QueueKiosk } from '../entities/kiosk.entity';
import { QueueTicket } from '../entities/ticket.entity';
import { QueuePermissions } from '../permissions';
import { queue } from '../services/queue.service';
import {
  CallNextQueueTicketInput,
  CreateQueueServiceInput,
  IssueQueueTicketInput,
  LinkQueueTicketDossierInput,
  QueueStatisticsInput,
  QueueTicketIdInput,
  RegisterQueueKioskInput,
  TransferQueueTicketInput,
  UpdateQueueKioskInput,
  UpdateQueueServiceInput,
} from './queue.inputs';
import {
  CallNextQueueTicketPayload,
  IssueQueueTicketPayload,
  QueueBoard,
  QueueCentre,
  QueueStatistics,
  RegisterQueueKioskPayload,
} from './queue.types';

@Resolver(() => QueueCentre)
export class QueueCentreResolver {
  @Authorized(QueuePermissions.read)
  @Query(() => QueueCentre, {
    nullable: true,
    description: 'The queue of a one-stop centre; null when not found or not in your scope',
  })
  async queueCentre(@Ctx() ctx: RequestContext, @Arg('centreId', () => ID) centreId: string) {
    const place = await nullIfNotFound(queue.centreFor(ctx, centreId));
    return place && { id: place.centreId, name: place.centreName };
  }

  @FieldResolver(() => StaffTypes.OneStopCentre)
  centre(@Ctx() ctx: RequestContext, @Root() root: QueueCentre) {
    return directory.centre(ctx, root.id);
  }

  @FieldResolver(() => [QueueService], { description: 'Services offered, by prefix' })
  services(@Ctx() ctx: RequestContext, @Root() root: QueueCentre) {
    return queue.servicesOf(ctx, root.id);
  }

  @FieldResolver(() => [QueueKiosk])
  kiosks(@Ctx() ctx: RequestContext, @Root() root: QueueCentre) {
    return queue.kiosksOf(ctx, root.id);
  }

  @FieldResolver(() => QueueBoard, { description: 'Today: tickets called, waiting, the longest wait' })
  board(@Ctx() ctx: RequestContext, @Root() root: QueueCentre) {
    return queue.board(ctx, root.id);
  }

  @FieldResolver(() => QueueStatistics, {
    description: 'Waiting and serving times per counter, service, hour',
  })
  async statistics(
    @Ctx() ctx: RequestContext,
    @Root() root: QueueCentre,
    @Arg('input', () => QueueStatisticsInput) input: QueueStatisticsInput,
  ): Promise<QueueStatistics> {
    const s = await queue.statistics(ctx, root.id, input.from, input.to);
    const row = (kind: 'desk' | 'service' | 'hour') => (r: (typeof s.byDesk)[number]) => ({
      ...r,
      deskId: kind === 'desk' ? String(r.key) : null,
      serviceId: kind === 'service' ? String(r.key) : null,
      hour: kind === 'hour' ? Number(r.key) : null,
    });
    return {
      byDesk: s.byDesk.map(row('desk')),
      byService: s.byService.map(row('service')),
      byHour: s.byHour.map(row('hour')),
    };
  }
}

@Resolver(() => QueueTicket)
export class QueueTicketResolver {
  @Authorized(QueuePermissions.read)
  @Query(() => QueueTicket, { nullable: true, description: 'Null when not found or not in your scope' })
  queueTicket(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return nullIfNotFound(queue.ticketFor(ctx, id));
  }

  @FieldResolver(() => QueueService)
  async service(@Ctx() ctx: RequestContext, @Root() ticket: QueueTicket) {
    return queue.service(ctx, ticket.serviceId);
  }

  @FieldResolver(() => StaffTypes.Desk, { nullable: true, description: 'The counter that called it last' })
  desk(@Ctx() ctx: RequestContext, @Root() ticket: QueueTicket) {
    return ticket.deskId ? directory.desk(ctx, ticket.deskId) : null;
  }

  @Mutation(() => IssueQueueTicketPayload, {
    description:
      'Public, for kiosks: issues a ticket with the kiosk credential (no user token); rate-limited per kiosk; QUEUE_CLOSED outside working hours',
  })
  issueQueueTicket(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => IssueQueueTicketInput) input: IssueQueueTicketInput,
  ): Promise<IssueQueueTicketPayload> {
    return queue.issue(ctx, input);
  }

  @Authorized(QueuePermissions.operate)
  @Mutation(() => CallNextQueueTicketPayload, {
    description: 'Serves the desk’s current ticket and calls the next one to the desk',
  })
  callNextQueueTicket(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CallNextQueueTicketInput) input: CallNextQueueTicketInput,
  ): Promise<CallNextQueueTicketPayload> {
    return queue.callNext(ctx, input);
  }

  @Authorized(QueuePermissions.operate)
  @Mutation(() => QueueTicket, { description: 'Calls a called ticket again' })
  recallQueueTicket(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => QueueTicketIdInput) input: QueueTicketIdInput,
  ) {
    return queue.recall(ctx, input);
  }

  @Authorized(QueuePermissions.operate)
  @Mutation(() => QueueTicket, { description: 'The citizen did not come: the called ticket is skipped' })
  skipQueueTicket(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => QueueTicketIdInput) input: QueueTicketIdInput,
  ) {
    return queue.skip(ctx, input);
  }

  @Authorized(QueuePermissions.operate)
  @Mutation(() => QueueTicket, { description: 'The called ticket was served' })
  completeQueueTicket(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => QueueTicketIdInput) input: QueueTicketIdInput,
  ) {
    return queue.complete(ctx, input);
  }

  @Authorized(QueuePermissions.operate)
  @Mutation(() => QueueTicket, {
    description: 'Sends the ticket to another counter; it is called there next',
  })
  transferQueueTicket(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => TransferQueueTicketInput) input: TransferQueueTicketInput,
  ) {
    return queue.transfer(ctx, input);
  }

  @Authorized(QueuePermissions.operate)
  @Mutation(() => QueueTicket, { description: 'Links the ticket to the dossier it produced' })
  linkQueueTicketDossier(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => LinkQueueTicketDossierInput) input: LinkQueueTicketDossierInput,
  ) {
    return queue.linkDossier(ctx, input);
  }
}

@Resolver(() => QueueService)
export class QueueSetupResolver {
  @Authorized(QueuePermissions.manage)
  @Mutation(() => QueueService, {
    description: 'Offers a service at a centre, served at some of its counters',
  })
  createQueueService(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateQueueServiceInput) input: CreateQueueServiceInput,
  ) {
    return queue.createService(ctx, input);
  }

  @Authorized(QueuePermissions.manage)
  @Mutation(() => QueueService)
  updateQueueService(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateQueueServiceInput) input: UpdateQueueServiceInput,
  ) {
    return queue.updateService(ctx, input);
  }

  @Authorized(QueuePermissions.manage)
  @Mutation(() => RegisterQueueKioskPayload, {
    description: 'Registers a queue machine as a kiosk; the credential is shown this once',
  })
  registerQueueKiosk(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RegisterQueueKioskInput) input: RegisterQueueKioskInput,
  ): Promise<RegisterQueueKioskPayload> {
    return queue.registerKiosk(ctx, input);
  }

  @Authorized(QueuePermissions.manage)
  @Mutation(() => QueueKiosk, { description: 'Renames or revokes a kiosk' })
  updateQueueKiosk(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateQueueKioskInput) input: UpdateQueueKioskInput,
  ) {
    return queue.updateKiosk(ctx, input);
  }
}
