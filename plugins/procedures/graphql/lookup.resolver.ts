import { Arg, Ctx, Field, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
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

@ObjectType({
  description: 'What a citizen sees of their dossier: status, appointment, timeline; nothing personal',
})
class DossierLookup {
  @Field() code!: string;
  @Field(() => DossierStatus) status!: DossierStatus;
  @Field(() => Int, { description: 'National status code 1-10' }) statusCode!: number;
  @Field(() => Date, { nullable: true }) appointmentAt!: Date | null;
  @Field(() => [DossierLookupStep]) timeline!: DossierLookupStep[];
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
}
