import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateScalar, dateOfScalar, localToday, type RequestContext } from '../../../src';
import { EnteredValue } from '../entities/entered-value.entity';
import { Evidence } from '../entities/round.entity';
import { ServiceCriterion } from '../entities/service-criterion.entity';
import { ReformIndexPermissions as P } from '../permissions';
import { serviceIndex, type CriterionResult } from '../services/service-index.service';
import {
  RecordServiceIndexValueInput,
  ServiceIndex,
  ServiceIndexCriterionResult,
  ServiceIndexFilterInput,
  ServiceIndexShortfall,
  SetServiceIndexCriterionInput,
  ShortfallKind,
} from './service-index.types';

@Resolver(() => ServiceIndex)
export class ServiceIndexResolver {
  @Authorized(P.read)
  @Query(() => ServiceIndex, {
    description:
      'The service index of QĐ 766/QĐ-TTg for a unit (its subtree) or an agency over a period, live, in your scope',
  })
  serviceIndex(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ServiceIndexFilterInput) filter: ServiceIndexFilterInput,
  ) {
    return serviceIndex.index(ctx, {
      ...filter,
      from: dateOfScalar(filter.from),
      to: dateOfScalar(filter.to),
    });
  }

  @Authorized(P.read)
  @Query(() => [ServiceCriterion], {
    description: 'The criteria of the service index in force on a day (default today), as data',
  })
  serviceIndexCriteria(
    @Ctx() ctx: RequestContext,
    @Arg('on', () => DateScalar, { nullable: true }) on?: string,
  ) {
    return serviceIndex.criteriaOn(ctx, on ? dateOfScalar(on) : localToday());
  }

  @Authorized(P.selfAssess)
  @Mutation(() => EnteredValue, {
    description: 'Enters a criterion the platform cannot compute, with evidence',
  })
  recordServiceIndexValue(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordServiceIndexValueInput) input: RecordServiceIndexValueInput,
  ) {
    return serviceIndex.recordValue(ctx, {
      ...input,
      from: dateOfScalar(input.from),
      to: dateOfScalar(input.to),
    });
  }

  @Authorized(P.manage)
  @Mutation(() => ServiceCriterion, {
    description: 'Amends a service-index criterion from a date on (platform-wide)',
  })
  setServiceIndexCriterion(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetServiceIndexCriterionInput) input: SetServiceIndexCriterionInput,
  ) {
    return serviceIndex.setCriterion(ctx, { ...input, validFrom: dateOfScalar(input.validFrom) });
  }
}

@Resolver(() => ServiceIndexCriterionResult)
export class ServiceIndexCriterionResultResolver {
  @FieldResolver(() => ServiceIndexShortfall, {
    description:
      'The dossiers (or procedure versions) that cost this criterion points; empty for entered ones',
  })
  async shortfall(
    @Ctx() ctx: RequestContext,
    @Root() result: CriterionResult,
    @Arg('first', () => Int, { defaultValue: 20, description: 'At most 100' }) first: number,
  ): Promise<ServiceIndexShortfall> {
    const found = await serviceIndex.shortfall(ctx, result, first);
    return {
      totalCount: found.totalCount,
      items: found.items.map((i) => ({ ...i, kind: i.kind as ShortfallKind, happenedAt: i.at })),
    };
  }
}

@Resolver(() => EnteredValue)
export class EnteredValueResolver {
  @FieldResolver(() => [Evidence])
  evidence(@Ctx() ctx: RequestContext, @Root() value: EnteredValue) {
    return serviceIndex.evidenceOf(ctx, { enteredValueId: value.id });
  }
}
