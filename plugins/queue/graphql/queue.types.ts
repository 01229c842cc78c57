import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../../../src';
import { QueueKiosk } from '../entities/kiosk.entity';
import { QueueTicket } from '../entities/ticket.entity';

@ObjectType({ description: 'The queue of a one-stop centre (hàng đợi của bộ phận một cửa)' })
export class QueueCentre {
  @Field(() => ID, { description: 'The one-stop centre' }) id!: string;
  @Field() name!: string;
}

@ObjectType({ description: 'Bảng gọi số: today’s queue of a centre' })
export class QueueBoard {
  @Field(() => DateScalar, { description: 'The local day shown' }) day!: string;
  @Field(() => [QueueTicket], { description: 'Tickets called to a counter now, latest call first' })
  calling!: QueueTicket[];
  @Field(() => [QueueTicket], { description: 'The first 100 waiting tickets, in calling order' })
  waiting!: QueueTicket[];
  @Field(() => Int) waitingCount!: number;
  @Field(() => Int, { description: 'Seconds the oldest waiting ticket has waited (0: nobody waits)' })
  longestWaitSeconds!: number;
}

@ObjectType({ description: 'Waiting and serving times of a group of tickets' })
export class QueueTimeStatistics {
  @Field(() => ID, { nullable: true, description: 'The counter (byDesk only)' }) deskId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The service (byService only)' }) serviceId!: string | null;
  @Field(() => Int, { nullable: true, description: 'Local hour of issue, 0-23 (byHour only)' })
  hour!: number | null;
  @Field(() => Int) tickets!: number;
  @Field(() => Int) served!: number;
  @Field(() => Int) skipped!: number;
  @Field(() => Float, { nullable: true, description: 'Issued → first called; null: none called' })
  averageWaitSeconds!: number | null;
  @Field(() => Int, { nullable: true }) longestWaitSeconds!: number | null;
  @Field(() => Float, { nullable: true, description: 'First called → served; null: none served' })
  averageServingSeconds!: number | null;
}

@ObjectType({ description: 'Thống kê hàng đợi: waiting and serving times of a centre over local days' })
export class QueueStatistics {
  @Field(() => [QueueTimeStatistics]) byDesk!: QueueTimeStatistics[];
  @Field(() => [QueueTimeStatistics]) byService!: QueueTimeStatistics[];
  @Field(() => [QueueTimeStatistics]) byHour!: QueueTimeStatistics[];
}

@ObjectType()
export class RegisterQueueKioskPayload {
  @Field(() => QueueKiosk) kiosk!: QueueKiosk;
  @Field({ description: 'The kiosk credential: shown this once, stored only hashed' }) credential!: string;
}

@ObjectType()
export class IssueQueueTicketPayload {
  @Field(() => QueueTicket) ticket!: QueueTicket;
  @Field() serviceName!: string;
  @Field(() => Int, { description: 'Waiting tickets of the same service issued before it' })
  peopleAhead!: number;
  @Field(() => Int, { description: 'Estimated wait in seconds (from recent serving times)' })
  estimatedWaitSeconds!: number;
}

@ObjectType()
export class CallNextQueueTicketPayload {
  @Field(() => QueueTicket, { nullable: true, description: 'The ticket called; null: nobody waits' })
  ticket!: QueueTicket | null;
  @Field(() => QueueTicket, { nullable: true, description: 'The desk’s previous ticket, now served' })
  finished!: QueueTicket | null;
}
