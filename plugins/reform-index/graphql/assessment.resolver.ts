import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  ConnectionType,
  dateOfScalar,
  KeysetPageArgs,
  nullIfNotFound,
  type OrderInput,
  type RequestContext,
} from '../../../src';
import { AssessmentRoundOrder } from '../list-orders';
import { CriteriaSet, Criterion } from '../entities/criteria-set.entity';
import { AssessmentRound, AssessmentScore, Evidence } from '../entities/round.entity';
import { ReformIndexPermissions as P } from '../permissions';
import { assessment } from '../services/assessment.service';
import {
  AssessmentRoundFilterInput,
  AssessmentUnitResult,
  CreateAssessmentRoundInput,
  ImportCriteriaSetInput,
  RecordAppraisalInput,
  RecordSelfScoreInput,
  SetAssessmentRoundStatusInput,
  SpreadsheetFile,
} from './assessment.types';

const AssessmentRoundConnection = ConnectionType(AssessmentRound);

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@Resolver(() => CriteriaSet)
export class CriteriaSetResolver {
  @Authorized(P.read)
  @Query(() => CriteriaSet, { nullable: true, description: 'A CCHC criteria set (published guidance)' })
  criteriaSet(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return nullIfNotFound(() => assessment.getSet(ctx, id));
  }

  @FieldResolver(() => [Criterion], { description: 'The criteria tree, parents before children' })
  criteria(@Ctx() ctx: RequestContext, @Root() set: CriteriaSet) {
    return assessment.criteriaOf(ctx, set.id);
  }

  @Authorized(P.manage)
  @Mutation(() => CriteriaSet, { description: 'Imports a CCHC criteria set from JSON or XLSX' })
  importCriteriaSet(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ImportCriteriaSetInput) input: ImportCriteriaSetInput,
  ) {
    return assessment.importSet(ctx, input);
  }
}

@Resolver(() => AssessmentRound)
export class AssessmentRoundResolver {
  @Authorized(P.read)
  @Query(() => AssessmentRound, {
    nullable: true,
    description: 'An assessment round, over its province or a unit it assesses',
  })
  assessmentRound(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return nullIfNotFound(() => assessment.getRound(ctx, id));
  }

  @Authorized(P.read)
  @Query(() => AssessmentRoundConnection, {
    description: 'Assessment rounds over your province or assessing a unit in your scope',
  })
  assessmentRounds(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => AssessmentRoundFilterInput, { nullable: true }) filter?: AssessmentRoundFilterInput,
    @Arg('orderBy', () => AssessmentRoundOrder.input, { nullable: true }) orderBy?: OrderInput | null,
  ) {
    return assessment.listRounds(ctx, filter ?? {}, page, orderBy);
  }

  @Authorized(P.read)
  @Query(() => [AssessmentUnitResult], {
    description:
      'Results and ranking of a round: the units in your scope, ranked among all units of the round',
  })
  assessmentResults(
    @Ctx() ctx: RequestContext,
    @Arg('roundId', () => ID) roundId: string,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
  ) {
    return assessment.results(ctx, roundId, unitId);
  }

  @Authorized(P.read)
  @Query(() => SpreadsheetFile, {
    description: 'Results of a round as an XLSX workbook (units in your scope)',
  })
  async assessmentRoundExport(@Ctx() ctx: RequestContext, @Arg('roundId', () => ID) roundId: string) {
    return { ...(await assessment.exportRound(ctx, roundId)), mimeType: XLSX_MIME };
  }

  @FieldResolver(() => CriteriaSet)
  criteriaSet(@Ctx() ctx: RequestContext, @Root() round: AssessmentRound) {
    return assessment.getSet(ctx, round.setId);
  }

  @Authorized(P.manage)
  @Mutation(() => AssessmentRound, {
    description: 'Opens a round; deadlines counted on the working calendar',
  })
  createAssessmentRound(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateAssessmentRoundInput) input: CreateAssessmentRoundInput,
  ) {
    return assessment.createRound(ctx, { ...input, opensOn: dateOfScalar(input.opensOn) });
  }

  @Authorized(P.manage)
  @Mutation(() => AssessmentRound, { description: 'Moves a round to its next stage' })
  setAssessmentRoundStatus(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetAssessmentRoundStatusInput) input: SetAssessmentRoundStatusInput,
  ) {
    return assessment.setStatus(ctx, input);
  }
}

@Resolver(() => AssessmentScore)
export class AssessmentScoreResolver {
  @FieldResolver(() => [Evidence])
  evidence(@Ctx() ctx: RequestContext, @Root() score: AssessmentScore) {
    return assessment.evidenceOf(ctx, score.id);
  }

  @Authorized(P.selfAssess)
  @Mutation(() => AssessmentScore, {
    description: 'Self-scores one leaf criterion of one’s unit, with evidence',
  })
  recordSelfScore(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordSelfScoreInput) input: RecordSelfScoreInput,
  ) {
    return assessment.recordSelfScore(ctx, input);
  }

  @Authorized(P.appraise)
  @Mutation(() => AssessmentScore, {
    description: 'Appraises a unit’s score; a changed score needs a reason',
  })
  recordAppraisal(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordAppraisalInput) input: RecordAppraisalInput,
  ) {
    return assessment.recordAppraisal(ctx, input);
  }
}
