import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../../src';

@InputType()
export class CreateQueueServiceInput {
  @Field(() => ID) centreId!: string;
  @Field({ description: 'Ticket prefix, 1-3 letters A-Z (upper-cased)' }) prefix!: string;
  @Field() name!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Lĩnh vực served (exactly one of this and procedureId)',
  })
  procedureField?: string | null;
  @Field(() => ID, { nullable: true, description: 'The one procedure served' }) procedureId?: string | null;
  @Field(() => [ID], { description: 'Counters (desks of the centre) that serve it' }) deskIds!: string[];
}

@InputType()
export class UpdateQueueServiceInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true, description: 'The version read; a stale one is CONFLICT' })
  version?: number | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => [ID], { nullable: true }) deskIds?: string[] | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
}

@InputType()
export class RegisterQueueKioskInput {
  @Field(() => ID, { description: 'A QUEUE_MACHINE of the cameras inventory, in service at a centre' })
  deviceId!: string;
  @Field(() => String, { nullable: true, description: 'Default: the asset tag' }) name?: string | null;
}

@InputType()
export class UpdateQueueKioskInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true revokes the credential (register again to renew)',
  })
  revoked?: boolean | null;
}

@InputType()
export class IssueQueueTicketInput {
  @Field({ description: 'The kiosk credential given when it was registered' }) kioskCredential!: string;
  @Field(() => ID) serviceId!: string;
}

@InputType()
export class CallNextQueueTicketInput {
  @Field(() => ID, { description: 'The counter (desk) calling' }) deskId!: string;
}

@InputType()
export class QueueTicketIdInput {
  @Field(() => ID) ticketId!: string;
}

@InputType()
export class TransferQueueTicketInput {
  @Field(() => ID) ticketId!: string;
  @Field(() => ID, { description: 'Another counter of the same centre' }) deskId!: string;
}

@InputType()
export class LinkQueueTicketDossierInput {
  @Field(() => ID) ticketId!: string;
  @Field(() => ID, { description: 'A dossier received by the centre’s agency' }) dossierId!: string;
}

@InputType()
export class QueueStatisticsInput {
  @Field(() => DateScalar, { description: 'First local day' }) from!: string;
  @Field(() => DateScalar, { description: 'Last local day (inclusive)' }) to!: string;
}
