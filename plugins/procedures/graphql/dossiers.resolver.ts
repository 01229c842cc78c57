import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import {
  ConnectionType,
  dateOfScalar,
  formatLocalDateTime,
  KeysetPageArgs,
  type OrderInput,
  StoredFile,
  type RequestContext,
  nullIfNotFound,
} from '../../../src';
import { DossierOrder } from '../list-orders';
import { directory, StaffTypes } from '../../staff';
import { Dossier } from '../entities/dossier.entity';
import { DossierComponent } from '../entities/dossier-component.entity';
import { DossierPause } from '../entities/dossier-pause.entity';
import { DossierStep } from '../entities/dossier-step.entity';
import { Procedure } from '../entities/procedure.entity';
import { ProcedureVersion } from '../entities/procedure-version.entity';
import { ProceduresPermissions as P } from '../permissions';
import { dossiers } from '../services/dossiers.service';
import { intake, type IssuedReceipt } from '../services/intake.service';
import { lookupUrl } from '../services/notifications';
import {
  DossierFilterInput,
  ReceiveDossierAtCounterInput,
  ReceiveDossierInput,
  RefuseDossierInput,
  SetDossierCodePatternInput,
  SubmitDossierOnlineInput,
  DossierVersionInput,
} from './dossier.inputs';
import {
  Applicant,
  AuthorisedPerson,
  AvailableAction,
  DossierCodePatternInfo,
  DossierReceipt,
  SetDossierCodePatternPayload,
  SubmitDossierOnlinePayload,
} from './dossier.types';

const DossierConnection = ConnectionType(Dossier);

export function toReceipt(receipt: IssuedReceipt): DossierReceipt {
  const receivedAt = new Date(receipt.receivedAt);
  const appointmentAt = new Date(receipt.appointmentAt);
  return {
    ...receipt,
    channel: receipt.channel,
    resultDelivery: receipt.resultDelivery,
    receivedAt,
    appointmentAt,
    receivedAtText: formatLocalDateTime(receivedAt),
    appointmentAtText: formatLocalDateTime(appointmentAt),
  };
}

@Resolver(() => Dossier)
export class DossiersResolver {
  @Authorized(P.dossiersRead)
  @Query(() => DossierConnection, {
    description: 'The register of dossiers in your scope (sổ theo dõi), newest first',
  })
  dossiers(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => DossierFilterInput, { nullable: true }) filter?: DossierFilterInput,
    @Arg('orderBy', () => DossierOrder.input, {
      nullable: true,
      description: 'Default: newest received (or submitted online) first',
    })
    orderBy?: OrderInput,
  ) {
    return dossiers.list(
      ctx,
      {
        ...filter,
        receivedFrom: dateOfScalar(filter?.receivedFrom),
        receivedTo: dateOfScalar(filter?.receivedTo),
      },
      page,
      orderBy,
    );
  }

  @Authorized(P.dossiersRead)
  @Query(() => Dossier, {
    nullable: true,
    description: 'One dossier by id or code; null when it does not exist or is outside your scope',
  })
  dossier(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('code', () => String, { nullable: true }) code?: string,
  ) {
    if (id) return nullIfNotFound(dossiers.get(ctx, id, 'id'));
    return nullIfNotFound(dossiers.byCode(ctx, code ?? ''));
  }

  @Authorized(P.dossiersRead)
  @Query(() => DossierReceipt, {
    nullable: true,
    description: 'The latest receipt (Mẫu 01) for reprinting, without PIN or satisfaction link',
  })
  async dossierReceipt(@Ctx() ctx: RequestContext, @Arg('dossierId', () => ID) dossierId: string) {
    const receipt = await intake.receiptOf(ctx, dossierId);
    return receipt ? toReceipt(receipt) : null;
  }

  @Authorized(P.settingsManage)
  @Query(() => DossierCodePatternInfo, { description: 'The dossier code pattern of an agency' })
  dossierCodePattern(@Ctx() ctx: RequestContext, @Arg('agencyId', () => ID) agencyId: string) {
    return intake.codePattern(ctx, agencyId);
  }

  @Authorized(P.settingsManage)
  @Mutation(() => SetDossierCodePatternPayload, {
    description: 'Sets the dossier code pattern of an agency',
  })
  async setDossierCodePattern(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetDossierCodePatternInput) input: SetDossierCodePatternInput,
  ): Promise<SetDossierCodePatternPayload> {
    return { codePattern: await intake.setCodePattern(ctx, input) };
  }

  @Authorized(P.dossiersReceive)
  @Mutation(() => DossierReceipt, {
    description: 'Receives a dossier at the counter or by post: it exists only with its receipt (Mẫu 01)',
  })
  async receiveDossierAtCounter(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ReceiveDossierAtCounterInput) input: ReceiveDossierAtCounterInput,
  ) {
    return toReceipt(await intake.receiveAtCounter(ctx, input));
  }

  @Mutation(() => SubmitDossierOnlinePayload, {
    description: 'Public, 24/7: a citizen files a dossier online; it waits as NEW for reception',
  })
  async submitDossierOnline(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SubmitDossierOnlineInput) input: SubmitDossierOnlineInput,
  ): Promise<SubmitDossierOnlinePayload> {
    const { dossier, pin } = await intake.submitOnlineRateLimited(ctx, input);
    return {
      code: dossier.code,
      status: dossier.status,
      submittedAt: dossier.submittedAt,
      lookupPin: pin,
      lookupUrl: lookupUrl(ctx, dossier.code),
    };
  }

  @Authorized(P.dossiersReceive)
  @Mutation(() => DossierReceipt, {
    description: 'Receives an online dossier (NEW -> RECEIVED), issuing its receipt',
  })
  async receiveDossier(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ReceiveDossierInput) input: ReceiveDossierInput,
  ) {
    return toReceipt(await intake.receiveOnline(ctx, input));
  }

  @Authorized(P.dossiersReceive)
  @Mutation(() => Dossier, { description: 'Refuses an online dossier at intake (Mẫu 03), with the reason' })
  refuseDossier(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RefuseDossierInput) input: RefuseDossierInput,
  ) {
    return intake.refuse(ctx, input);
  }

  @Authorized(P.dossiersReceive)
  @Mutation(() => DossierReceipt, {
    description: 'Prints the receipt again with a new PIN and satisfaction link; the old ones stop working',
  })
  async reissueDossierReceipt(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DossierVersionInput) input: DossierVersionInput,
  ) {
    return toReceipt(await intake.reissueReceipt(ctx, input));
  }

  @FieldResolver(() => Int, { description: 'National status code 1-10' })
  statusCode(@Root() dossier: Dossier) {
    return dossier.status;
  }

  @FieldResolver(() => Procedure)
  procedure(@Root() dossier: Dossier, @Ctx() ctx: RequestContext) {
    return dossiers.procedure(ctx, dossier);
  }

  @FieldResolver(() => ProcedureVersion, { description: 'The exact version it was received under' })
  procedureVersion(@Root() dossier: Dossier) {
    return dossier.procedureVersion.load();
  }

  @FieldResolver(() => StaffTypes.Agency)
  agency(@Root() dossier: Dossier, @Ctx() ctx: RequestContext) {
    return directory.agency(ctx, dossier.agencyId);
  }

  @FieldResolver(() => StaffTypes.Agency, {
    description: 'Cơ quan có thẩm quyền: the agency competent to resolve it (reports count it here)',
  })
  competentAgency(@Root() dossier: Dossier, @Ctx() ctx: RequestContext) {
    return directory.agency(ctx, dossier.competentAgencyId);
  }

  @FieldResolver(() => StaffTypes.Desk, { nullable: true })
  desk(@Root() dossier: Dossier, @Ctx() ctx: RequestContext) {
    return dossier.deskId ? directory.desk(ctx, dossier.deskId) : null;
  }

  @FieldResolver(() => StaffTypes.Agency)
  holderAgency(@Root() dossier: Dossier, @Ctx() ctx: RequestContext) {
    return directory.agency(ctx, dossier.holderAgencyId);
  }

  @FieldResolver(() => StaffTypes.Department, { nullable: true })
  holderDepartment(@Root() dossier: Dossier, @Ctx() ctx: RequestContext) {
    return dossier.holderDepartmentId ? directory.department(ctx, dossier.holderDepartmentId) : null;
  }

  @FieldResolver(() => Applicant)
  applicant(@Root() d: Dossier): Applicant {
    return {
      kind: d.applicantKind,
      name: d.applicantName,
      idNumber: d.applicantIdNumber,
      phone: d.applicantPhone,
      email: d.applicantEmail,
      address: d.applicantAddress,
    };
  }

  @FieldResolver(() => AuthorisedPerson, { nullable: true })
  authorisedPerson(@Root() d: Dossier): AuthorisedPerson | null {
    return d.authorisedName
      ? {
          name: d.authorisedName,
          idNumber: d.authorisedIdNumber,
          phone: d.authorisedPhone,
          authorisationDocument: d.authorisationDocument,
        }
      : null;
  }

  @FieldResolver(() => StoredFile, { nullable: true, description: 'The result document, when digitised' })
  async resultFile(@Root() dossier: Dossier, @Ctx() ctx: RequestContext): Promise<StoredFile | null> {
    return dossier.resultFileId ? ctx.em.findOne(StoredFile, { id: dossier.resultFileId }) : null;
  }

  @FieldResolver(() => [DossierComponent])
  components(@Root() dossier: Dossier, @Ctx() ctx: RequestContext) {
    return dossiers.components(ctx, dossier);
  }

  @FieldResolver(() => [DossierStep], { description: 'Every transition in order (the control slip rows)' })
  steps(@Root() dossier: Dossier, @Ctx() ctx: RequestContext) {
    return dossiers.steps(ctx, dossier.id);
  }

  @FieldResolver(() => [DossierPause], { description: 'When the clock stood still' })
  pauses(@Root() dossier: Dossier, @Ctx() ctx: RequestContext) {
    return dossiers.pauses(ctx, dossier);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Open and past its appointment date (while the clock is stopped: as it stood when it stopped); the same rule as the overdue filter and the statistics',
  })
  overdue(@Root() d: Dossier, @Ctx() ctx: RequestContext): Promise<boolean> {
    return dossiers.overdue(ctx, d);
  }

  @FieldResolver(() => [AvailableAction], { description: 'What you may do with it now' })
  async availableActions(@Root() dossier: Dossier, @Ctx() ctx: RequestContext): Promise<AvailableAction[]> {
    return (await dossiers.availableActions(ctx, dossier)).map((r) => ({
      action: r.action,
      description: r.description,
    }));
  }
}

@Resolver(() => DossierComponent)
export class DossierComponentResolver {
  @FieldResolver(() => StoredFile, {
    nullable: true,
    description: 'The scan (or the re-used file of an earlier dossier); null: not digitised',
  })
  async file(@Root() component: DossierComponent, @Ctx() ctx: RequestContext): Promise<StoredFile | null> {
    if (!component.fileId) return null;
    return ctx
      .loader<string, StoredFile | null>('procedures.component-file', async (ids) => {
        const files = await ctx.em.find(StoredFile, { id: { $in: [...ids] } });
        return ids.map((id) => files.find((f) => f.id === id) ?? null);
      })
      .load(component.fileId);
  }
}
