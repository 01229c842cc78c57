import { dateOfScalar } from '../../../src';
import {
  Arg,
  Authorized,
  Ctx,
  Extensions,
  Field,
  Float,
  ID,
  InputType,
  Int,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
} from 'type-graphql';
import { DateScalar } from '../../../src';
import type { RequestContext } from '../../../src';
import { ProceduresPermissions as P } from '../permissions';
import { statistics } from '../services/statistics.service';

export enum StatisticsGrouping {
  NONE = 'NONE',
  FIELD = 'FIELD',
  AGENCY = 'AGENCY',
  UNIT = 'UNIT',
}
registerEnumType(StatisticsGrouping, {
  name: 'StatisticsGrouping',
  description: 'Rows per field (lĩnh vực, as Biểu II.06a), agency, or unit',
});

export enum StatisticsView {
  COMPETENT_AGENCY = 'COMPETENT_AGENCY',
  RECEIVING_AGENCY = 'RECEIVING_AGENCY',
}
registerEnumType(StatisticsView, {
  name: 'StatisticsView',
  description:
    'Whose report: COMPETENT_AGENCY (Biểu II.06a: at the agency that directly resolves the dossier) or RECEIVING_AGENCY (what a one-stop desk received)',
});

@InputType()
class StatisticsFilterInput {
  @Field(() => DateScalar) from!: string;
  @Field(() => DateScalar, { description: 'Inclusive' }) to!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'This unit, the units below it, and the older units they replaced (2025 reform)',
  })
  unitId?: string | null;
  @Field(() => ID, { nullable: true }) agencyId?: string | null;
  @Field(() => String, { nullable: true, description: 'Lĩnh vực (diacritics ignored)' }) field?:
    string | null;
  @Field(() => StatisticsGrouping, { nullable: true, defaultValue: StatisticsGrouping.FIELD })
  groupBy?: StatisticsGrouping | null;
  @Field(() => StatisticsView, {
    nullable: true,
    defaultValue: StatisticsView.COMPETENT_AGENCY,
    description: 'unitId, agencyId, your scope and the AGENCY / UNIT rows read this agency',
  })
  view?: StatisticsView | null;
}

@ObjectType()
class ReceivedCounters {
  @Field(() => Int, { description: 'Carried over + received in the period' }) total!: number;
  @Field(() => Int, { description: 'Received before the period and still open at its start' })
  carriedOver!: number;
  @Field(() => Int) online!: number;
  @Field(() => Int, { description: 'At the counter or by post' }) inPersonOrPost!: number;
}

@ObjectType()
class ResolvedCounters {
  @Field(() => Int) total!: number;
  @Field(() => Int) early!: number;
  @Field(() => Int) onTime!: number;
  @Field(() => Int) late!: number;
}

@ObjectType()
class InProgressCounters {
  @Field(() => Int, { description: 'Open at the end of the period' }) total!: number;
  @Field(() => Int) withinDeadline!: number;
  @Field(() => Int) overdue!: number;
}

@ObjectType()
class SatisfactionCounters {
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true, description: 'Average rating 1-5 of ratings given in the period' })
  average!: number | null;
}

@ObjectType({ description: 'A row of Biểu II.06a' })
class StatisticsRow {
  @Field(() => String, { nullable: true }) key!: string | null;
  @Field() label!: string;
  @Field(() => ReceivedCounters) received!: ReceivedCounters;
  @Field(() => ResolvedCounters) resolved!: ResolvedCounters;
  @Field(() => InProgressCounters) inProgress!: InProgressCounters;
  @Field(() => Int, {
    description: 'Ended in the period without a result (withdrawn, stopped, supplement not received)',
  })
  stopped!: number;
  @Field(() => Float, { nullable: true, description: '(early + on time) / resolved' }) onTimeRate!:
    number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Received in the period with every component digitised or re-used / received in the period',
  })
  dossierDigitisationRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Resolved with a digitised result / resolved' })
  resultDigitisationRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Online / received in the period' }) onlineRate!:
    number | null;
  @Field(() => SatisfactionCounters) satisfaction!: SatisfactionCounters;
}

@ObjectType({ description: 'Tình hình giải quyết TTHC (Biểu II.06a) for a period' })
class DossierStatistics {
  @Field(() => DateScalar) from!: string;
  @Field(() => DateScalar) to!: string;
  @Field(() => [StatisticsRow]) rows!: StatisticsRow[];
  @Field(() => StatisticsRow) total!: StatisticsRow;
}

@Resolver()
export class StatisticsResolver {
  @Authorized(P.statisticsRead)
  @Extensions({ cost: 200 })
  @Query(() => DossierStatistics, {
    description:
      'Biểu II.06a counters of a period for a unit subtree (with its history), agency or field, in your scope',
  })
  dossierStatistics(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => StatisticsFilterInput) filter: StatisticsFilterInput,
  ) {
    return statistics.report(ctx, {
      ...filter,
      from: dateOfScalar(filter.from)!,
      to: dateOfScalar(filter.to)!,
      groupBy: filter.groupBy ?? 'FIELD',
    });
  }
}
