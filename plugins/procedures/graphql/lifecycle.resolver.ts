import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { RequestContext } from '../../../src';
import { directory } from '../../staff';
import { DossierAction, DossierStatus, Timeliness } from '../domain/enums';
import { OneStopForm } from '../domain/forms';
import { transitionTable } from '../domain/transitions';
import { Dossier } from '../entities/dossier.entity';
import { DossierStep } from '../entities/dossier-step.entity';
import { ProcedureVersion } from '../entities/procedure-version.entity';
import { ProceduresPermissions as P } from '../permissions';
import { dossiers } from '../services/dossiers.service';
import { lifecycle } from '../services/lifecycle.service';
import {
  ApologiseInput,
  DossierVersionInput,
  ReasonInput,
  RecordResultInput,
  RequestFinancialObligationInput,
  SubmitDossierProposalInput,
  RequestSupplementInput,
  TransferDossierInput,
} from './dossier.inputs';

@ObjectType({ description: 'A row of the transition table' })
class DossierTransition {
  @Field(() => DossierAction) action!: DossierAction;
  @Field(() => [DossierStatus], { description: 'Statuses it may start from' }) from!: DossierStatus[];
  @Field({ description: 'Status after it: a status name, SAME, or RESTORE (back to where it was)' })
  to!: string;
  @Field(() => [String], { description: 'Any one of these permissions' }) permissions!: string[];
  @Field({ description: 'OWNER (receiving unit), HOLDER (current holder), OWNER_OR_HOLDER, or SYSTEM' })
  scope!: string;
  @Field() handover!: boolean;
  @Field(() => OneStopForm, { nullable: true }) form!: OneStopForm | null;
  @Field() description!: string;
}

@ObjectType({
  description:
    'A row of the control slip (phiếu kiểm soát; Mẫu 06, Mẫu 05 before 15/9/2025): one hand-over and the verdict of the hold it started',
})
class ControlSlipRow {
  @Field(() => Int) seq!: number;
  @Field(() => DossierAction) action!: DossierAction;
  @Field(() => String, { nullable: true, description: 'Giao: who handed it over' }) fromName!: string | null;
  @Field(() => String, { nullable: true, description: 'Nhận: who received it' }) toName!: string | null;
  @Field(() => Date) givenAt!: Date;
  @Field(() => Date, { nullable: true }) receivedAt!: Date | null;
  @Field(() => Date, { nullable: true }) dueAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Timeliness, { nullable: true }) verdict!: Timeliness | null;
  @Field(() => String, { nullable: true }) actorName!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType({ description: 'Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06; Mẫu 05 before 15/9/2025)' })
class ControlSlip {
  @Field() dossierCode!: string;
  @Field() procedureName!: string;
  @Field(() => Date, { nullable: true }) receivedAt!: Date | null;
  @Field(() => Date, { nullable: true }) appointmentAt!: Date | null;
  @Field(() => Date, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => Timeliness, { nullable: true }) timeliness!: Timeliness | null;
  @Field(() => [ControlSlipRow], { description: 'Hand-overs between agencies and departments' })
  rows!: ControlSlipRow[];
  @Field(() => [DossierStep], {
    description: 'Every step, hand-overs and the others (supplement, approval...)',
  })
  steps!: DossierStep[];
}

async function holderName(
  ctx: RequestContext,
  agencyId: string | null,
  departmentId: string | null,
): Promise<string | null> {
  if (!agencyId) return null;
  const agency = await directory.agency(ctx, agencyId);
  const department = departmentId ? await directory.department(ctx, departmentId) : null;
  if (department) return `${department.name} - ${agency?.name ?? ''}`;
  return agency ? `Bộ phận tiếp nhận và trả kết quả - ${agency.name}` : null;
}

@Resolver(() => Dossier)
export class LifecycleResolver {
  @Authorized(P.dossiersRead)
  @Query(() => [DossierTransition], {
    description: 'The dossier lifecycle: who may make which transition from which status',
  })
  dossierTransitionTable(): DossierTransition[] {
    return transitionTable().map((r) => ({
      action: r.action,
      from: [...r.from],
      to: typeof r.to === 'number' ? DossierStatus[r.to] : r.to,
      permissions: [...r.permissions],
      scope: r.scope,
      handover: r.handover,
      form: r.form ?? null,
      description: r.description,
    }));
  }

  @Authorized(P.dossiersRead)
  @Query(() => ControlSlip, {
    description: 'The control slip (phiếu kiểm soát) of a dossier; NOT_FOUND outside your scope',
  })
  async dossierControlSlip(
    @Ctx() ctx: RequestContext,
    @Arg('dossierId', () => ID) dossierId: string,
  ): Promise<ControlSlip> {
    const dossier = await dossiers.get(ctx, dossierId);
    const steps = await dossiers.steps(ctx, dossier.id);
    const version = await ctx.em.findOneOrFail(ProcedureVersion, { id: dossier.procedureVersion.id });
    const rows: ControlSlipRow[] = [];
    for (const s of steps.filter((x) => x.handover)) {
      rows.push({
        seq: s.seq,
        action: s.action,
        fromName:
          s.action === DossierAction.SUBMIT_ONLINE ||
          s.action === DossierAction.RECEIVE_AT_COUNTER ||
          s.action === DossierAction.RECEIVE
            ? s.fromAgencyId
              ? await holderName(ctx, s.fromAgencyId, s.fromDepartmentId)
              : 'Người nộp hồ sơ'
            : await holderName(ctx, s.fromAgencyId, s.fromDepartmentId),
        toName:
          s.action === DossierAction.RETURN_RESULT
            ? 'Người nộp hồ sơ'
            : await holderName(ctx, s.toAgencyId, s.toDepartmentId),
        givenAt: s.givenAt,
        receivedAt: s.receivedAt,
        dueAt: s.dueAt,
        finishedAt: s.finishedAt,
        verdict: s.verdict,
        actorName: s.actorName,
        note: s.note,
      });
    }
    return {
      dossierCode: dossier.code,
      procedureName: version.name,
      receivedAt: dossier.receivedAt,
      appointmentAt: dossier.appointmentAt,
      resolvedAt: dossier.resolvedAt,
      timeliness: dossier.timeliness,
      rows,
      steps,
    };
  }

  @Authorized(P.dossiersTransfer)
  @Mutation(() => Dossier, {
    description: 'Transfers a dossier to a department or another agency (liên thông) with a step time budget',
  })
  transferDossier(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => TransferDossierInput) input: TransferDossierInput,
  ) {
    return lifecycle.transfer(ctx, input);
  }

  @Authorized(P.dossiersProcess)
  @Mutation(() => Dossier, { description: 'The receiving department or agency accepts a transfer' })
  acceptDossierTransfer(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DossierVersionInput) input: DossierVersionInput,
  ) {
    return lifecycle.acceptTransfer(ctx, input);
  }

  // Process (the holder) or receive (the desk, also before reception): the transition table decides.
  @Authorized()
  @Mutation(() => Dossier, {
    description:
      "Asks for a supplement (Mẫu 02, once per dossier, also from status 1): the clock stops (or restarts, per the procedure's supplementClock) until it arrives; emailed",
  })
  requestDossierSupplement(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RequestSupplementInput) input: RequestSupplementInput,
  ) {
    return lifecycle.requestSupplement(ctx, input);
  }

  @Mutation(() => Dossier, {
    description: 'The supplement arrived: the clock resumes, the appointment moves by the paused time',
  })
  @Authorized()
  receiveDossierSupplement(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DossierVersionInput) input: DossierVersionInput,
  ) {
    return lifecycle.receiveSupplement(ctx, input);
  }

  @Authorized()
  @Mutation(() => Dossier, {
    description: 'The dossier is late: apology and new appointment (Mẫu 04), emailed to the applicant',
  })
  apologiseForDossierDelay(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ApologiseInput) input: ApologiseInput,
  ) {
    return lifecycle.apologise(ctx, input);
  }

  @Authorized(P.dossiersProcess)
  @Mutation(() => Dossier, {
    description: 'The applicant must meet a financial obligation first: the clock stops',
  })
  requestFinancialObligation(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RequestFinancialObligationInput) input: RequestFinancialObligationInput,
  ) {
    return lifecycle.requestFinancialObligation(ctx, input);
  }

  @Authorized()
  @Mutation(() => Dossier, { description: 'The financial obligation is met: the clock resumes' })
  confirmFinancialObligation(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DossierVersionInput) input: DossierVersionInput,
  ) {
    return lifecycle.confirmFinancialObligation(ctx, input);
  }

  @Authorized(P.dossiersReceive)
  @Mutation(() => Dossier, { description: "Records the applicant's request to withdraw" })
  requestDossierWithdrawal(@Ctx() ctx: RequestContext, @Arg('input', () => ReasonInput) input: ReasonInput) {
    return lifecycle.requestWithdrawal(ctx, input);
  }

  @Authorized(P.dossiersReceive)
  @Mutation(() => Dossier, { description: 'Accepts the withdrawal: the dossier ends' })
  acceptDossierWithdrawal(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DossierVersionInput) input: DossierVersionInput,
  ) {
    return lifecycle.acceptWithdrawal(ctx, input);
  }

  @Authorized(P.dossiersReceive)
  @Mutation(() => Dossier, { description: 'The applicant takes the withdrawal request back' })
  cancelDossierWithdrawal(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DossierVersionInput) input: DossierVersionInput,
  ) {
    return lifecycle.cancelWithdrawal(ctx, input);
  }

  @Authorized(P.dossiersApprove)
  @Mutation(() => Dossier, {
    description: 'Stops processing, with the reason (a notice, not a numbered one-stop form)',
  })
  stopDossier(@Ctx() ctx: RequestContext, @Arg('input', () => ReasonInput) input: ReasonInput) {
    return lifecycle.stop(ctx, input);
  }

  @Authorized()
  @Mutation(() => Dossier, {
    description:
      "The specialist proposes the result (trình kết quả: a grant or a refusal) to the leader: it enters the leader's approval queue",
  })
  submitDossierProposal(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SubmitDossierProposalInput) input: SubmitDossierProposalInput,
  ) {
    return lifecycle.propose(ctx, input);
  }

  @Authorized(P.dossiersApprove)
  @Mutation(() => Dossier, {
    description: 'The leader returns the proposal to the specialist, with the reason (it leaves the queue)',
  })
  returnDossierProposal(@Ctx() ctx: RequestContext, @Arg('input', () => ReasonInput) input: ReasonInput) {
    return lifecycle.returnProposal(ctx, input);
  }

  @Authorized(P.dossiersApprove)
  @Mutation(() => Dossier, { description: 'A leader approves the proposed result, once' })
  approveDossier(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DossierVersionInput) input: DossierVersionInput,
  ) {
    return lifecycle.approve(ctx, input);
  }

  @Authorized()
  @Mutation(() => Dossier, {
    description:
      'Records the approved result (number, signer, and its file when digitised); the dossier is resolved and back at the desk',
  })
  recordDossierResult(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordResultInput) input: RecordResultInput,
  ) {
    return lifecycle.recordResult(ctx, input);
  }

  @Authorized(P.dossiersReceive)
  @Mutation(() => Dossier, { description: 'Hands the result to the applicant' })
  returnDossierResult(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DossierVersionInput) input: DossierVersionInput,
  ) {
    return lifecycle.returnResult(ctx, input);
  }
}

@Resolver(() => DossierStep)
export class DossierStepResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Who handed it over (agency, department)' })
  fromName(@Root() step: DossierStep, @Ctx() ctx: RequestContext) {
    return holderName(ctx, step.fromAgencyId, step.fromDepartmentId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who received it (agency, department)' })
  toName(@Root() step: DossierStep, @Ctx() ctx: RequestContext) {
    return holderName(ctx, step.toAgencyId, step.toDepartmentId);
  }
}
