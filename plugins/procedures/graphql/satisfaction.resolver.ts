import { dateOfScalar } from '../../../src';
import {
  Arg,
  Authorized,
  Ctx,
  Extensions,
  Field,
  FieldResolver,
  Float,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Root,
} from 'type-graphql';
import { DateScalar } from '../../../src';
import type { RequestContext } from '../../../src';
import { Dossier } from '../entities/dossier.entity';
import { Rating } from '../entities/rating.entity';
import { ProceduresPermissions as P } from '../permissions';
import { satisfaction } from '../services/satisfaction.service';

export enum SatisfactionGrouping {
  NONE = 'NONE',
  AGENCY = 'AGENCY',
  DESK = 'DESK',
  OFFICIAL = 'OFFICIAL',
  MONTH = 'MONTH',
}
registerEnumType(SatisfactionGrouping, { name: 'SatisfactionGrouping' });

@InputType({
  description:
    'The 9 criteria of the agency survey, each 1 (very dissatisfied) to 5 (very satisfied); all optional',
})
class SatisfactionSurveyInput {
  @Field(() => Int, { nullable: true, description: 'Total time versus the rule' }) totalTime?: number | null;
  @Field(() => Int, { nullable: true, description: 'Time at each agency involved' }) timeAtEachAgency?:
    number | null;
  @Field(() => Int, { nullable: true, description: 'Number of contacts needed to complete the dossier' })
  contacts?: number | null;
  @Field(() => Int, { nullable: true, description: 'Number of agencies contacted' }) agenciesContacted?:
    number | null;
  @Field(() => Int, { nullable: true, description: 'Reception and return done at the one-stop desk' })
  oneStopHandled?: number | null;
  @Field(() => Int, { nullable: true, description: 'Procedures publicly listed' }) publiclyListed?:
    number | null;
  @Field(() => Int, { nullable: true, description: 'Attitude of the officials' }) attitude?: number | null;
  @Field(() => Int, { nullable: true, description: 'Handling of feedback' }) feedbackHandling?: number | null;
  @Field(() => Int, { nullable: true, description: 'Progress and quality of online services' })
  onlineServices?: number | null;
}

@InputType()
class RateDossierInput {
  @Field({ description: "The token of the receipt's QR link (…/danh-gia/<token>)" }) token!: string;
  @Field(() => Int, {
    description: '5 very satisfied, 4 satisfied, 3 neutral, 2 dissatisfied, 1 very dissatisfied',
  })
  rating!: number;
  @Field(() => String, { nullable: true }) comment?: string | null;
  @Field(() => SatisfactionSurveyInput, { nullable: true }) survey?: SatisfactionSurveyInput | null;
}

@InputType()
class SatisfactionFilterInput {
  @Field(() => DateScalar) from!: string;
  @Field(() => DateScalar, { description: 'Inclusive' }) to!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'This unit, the units below it and the older units they replaced',
  })
  unitId?: string | null;
  @Field(() => ID, { nullable: true }) agencyId?: string | null;
  @Field(() => ID, { nullable: true }) deskId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The official who received the dossier' }) officialId?:
    string | null;
  @Field(() => SatisfactionGrouping, { nullable: true, defaultValue: SatisfactionGrouping.NONE })
  groupBy?: SatisfactionGrouping | null;
}

@ObjectType()
class SatisfactionForm {
  @Field() dossierCode!: string;
  @Field() procedureName!: string;
  @Field() agencyName!: string;
  @Field() alreadyRated!: boolean;
}

@ObjectType({ description: 'The rating rateDossier stored' })
class RateDossierPayload {
  @Field() dossierCode!: string;
  @Field(() => Date) ratedAt!: Date;
}

@ObjectType()
class CriterionAverage {
  @Field() criterion!: string;
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true }) average!: number | null;
}

@ObjectType({ description: 'Ratings of a group (agency, desk, official, month, or everything)' })
class SatisfactionGroup {
  @Field(() => String, { nullable: true }) key!: string | null;
  @Field() label!: string;
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true, description: 'Average rating, 1-5' }) average!: number | null;
  @Field(() => [Int], { description: 'How many ratings of 1, 2, 3, 4, 5' }) distribution!: number[];
  @Field(() => Float, { nullable: true, description: 'Share of ratings 4 and 5' }) satisfiedRate!:
    number | null;
  @Field(() => [CriterionAverage]) criteria!: CriterionAverage[];
}

@Resolver()
export class SatisfactionResolver {
  @Query(() => SatisfactionForm, { description: 'Public: what a rating link is about' })
  satisfactionForm(@Ctx() ctx: RequestContext, @Arg('token') token: string) {
    return satisfaction.form(ctx, token);
  }

  @Mutation(() => RateDossierPayload, {
    description: 'Public: rates a dossier (once) with the token of its receipt QR link',
  })
  rateDossier(@Ctx() ctx: RequestContext, @Arg('input', () => RateDossierInput) input: RateDossierInput) {
    return satisfaction.rate(ctx, { ...input, survey: input.survey ? { ...input.survey } : null });
  }

  @Authorized(P.satisfactionRead)
  @Extensions({ cost: 100 })
  @Query(() => [SatisfactionGroup], {
    description: 'Satisfaction per agency, desk, official or month, in your scope',
  })
  satisfactionSummary(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => SatisfactionFilterInput) filter: SatisfactionFilterInput,
  ) {
    return satisfaction.summary(ctx, {
      ...filter,
      from: dateOfScalar(filter.from)!,
      to: dateOfScalar(filter.to)!,
      groupBy: filter.groupBy ?? 'NONE',
    });
  }
}

@ObjectType({ description: "The applicant's rating of a dossier" })
class DossierRating {
  @Field(() => Int) rating!: number;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => Date) ratedAt!: Date;
}

@Resolver(() => Dossier)
export class DossierRatingResolver {
  @FieldResolver(() => DossierRating, { nullable: true, description: "The applicant's rating, once given" })
  async rating(@Root() dossier: Dossier, @Ctx() ctx: RequestContext): Promise<DossierRating | null> {
    const found = await ctx.em.findOne(Rating, { dossier: dossier.id });
    return found ? { rating: found.rating, comment: found.comment, ratedAt: found.ratedAt } : null;
  }
}
