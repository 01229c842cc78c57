import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../../src';
import { DossierAction, DossierStatus } from '../domain/enums';
import { lookups } from '../services/lookup.service';

@InputType()
class LookupDossierInput {
  @Field({ description: 'Dossier code from the receipt' }) code!: string;
  @Field({
    description:
      "The 6-digit lookup PIN printed on the receipt, or the last 4 digits of the applicant's ID number or phone",
  })
  secret!: string;
}

@ObjectType({ description: 'A step as the applicant sees it: what happened, when, where (no names)' })
class DossierLookupStep {
  @Field(() => Int) seq!: number;
  @Field(() => DossierAction) action!: DossierAction;
  @Field(() => DossierStatus) status!: DossierStatus;
  @Field(() => Date) at!: Date;
  @Field(() => String, { nullable: true, description: 'Agency or department' }) place!: string | null;
}

@ObjectType({ description: 'What a supplement request (Mẫu 02) asks the applicant to bring, and by when' })
class DossierLookupSupplement {
  @Field(() => [String]) items!: string[];
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => Date) requestedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Past it the dossier is stopped' })
  deadlineAt!: Date | null;
}

@ObjectType({ description: 'A fee or charge due (phí, lệ phí)' })
class DossierLookupFee {
  @Field() name!: string;
  @Field(() => Int, { description: 'đồng' }) amount!: number;
}

@ObjectType({
  description:
    'What a citizen sees of their dossier: status, appointment, timeline, a pending supplement request, fees and where to collect the result; nothing personal',
})
class DossierLookup {
  @Field() code!: string;
  @Field(() => DossierStatus) status!: DossierStatus;
  @Field(() => Int, { description: 'National status code 1-10' }) statusCode!: number;
  @Field(() => Date, {
    nullable: true,
    description:
      'When the result is promised; null before reception and while the clock is stopped (the appointment moves when it runs again)',
  })
  appointmentAt!: Date | null;
  @Field({
    description: 'The clock is stopped: a supplement or a financial obligation is awaited from the applicant',
  })
  clockStopped!: boolean;
  @Field(() => [DossierLookupStep]) timeline!: DossierLookupStep[];
  @Field(() => DossierLookupSupplement, {
    nullable: true,
    description: 'While a supplement is requested (status 5): what is missing and by when',
  })
  supplement!: DossierLookupSupplement | null;
  @Field(() => [DossierLookupFee]) fees!: DossierLookupFee[];
  @Field(() => Int, { description: 'Fees due in total, đồng' }) feeTotal!: number;
  @Field(() => String, { nullable: true, description: 'Where the result is collected (from the receipt)' })
  placeOfReturn!: string | null;
}

@InputType()
class SubmitDossierSupplementInput {
  @Field({ description: 'Dossier code from the receipt' }) code!: string;
  @Field({ description: 'The same second factor as lookupDossier' }) secret!: string;
  @Field(() => [ID], { description: 'The supplement files, uploaded first with POST /files (1 to 20)' })
  fileIds!: string[];
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType()
class SubmitDossierSupplementPayload {
  @Field(() => DossierLookup, {
    description: 'The dossier as the applicant now sees it (clock running again)',
  })
  dossier!: DossierLookup;
}

@Resolver()
export class LookupResolver {
  @Query(() => DossierLookup, {
    description:
      'Public: look a dossier up with its code and a second factor. Rate-limited; wrong factors and unknown codes answer alike (NOT_FOUND)',
  })
  async lookupDossier(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => LookupDossierInput) input: LookupDossierInput,
  ): Promise<DossierLookup> {
    const view = await lookups.lookup(ctx, input);
    return { ...view, statusCode: view.status };
  }

  @Mutation(() => SubmitDossierSupplementPayload, {
    description:
      'Public: the applicant sends the requested supplement with its files, with the same second factor and limits as lookupDossier; the clock resumes as when the desk receives it',
  })
  async submitDossierSupplement(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SubmitDossierSupplementInput) input: SubmitDossierSupplementInput,
  ): Promise<SubmitDossierSupplementPayload> {
    const view = await lookups.submitSupplement(ctx, input);
    return { dossier: { ...view, statusCode: view.status } };
  }
}
