import { createHash } from 'node:crypto';
import { ProceduresErrorCodes } from '../errors';
import {
  BadInputError,
  DAY_MS,
  DomainError,
  endOfLocalDay,
  ForbiddenError,
  isLocalDate,
  now,
  startOfLocalDay,
  type RequestContext,
  requireId,
} from '../../../src';
import { directory } from '../../staff';
import { DossierAction, DossierChannel, PauseKind } from '../domain/enums';
import { formInForce, formOf, OneStopForm, type FormDefinition } from '../domain/forms';
import { Dossier } from '../entities/dossier.entity';
import { DossierPause } from '../entities/dossier-pause.entity';
import { DossierStep } from '../entities/dossier-step.entity';
import { ProcedureVersion } from '../entities/procedure-version.entity';
import { ProceduresPermissions } from '../permissions';
import {
  apologyDocument,
  controlSlipDocument,
  refusalDocument,
  receiptDocument,
  registerDocument,
  stopNoticeDocument,
  supplementDocument,
  type ControlSlipPrint,
  type DossierBasics,
  type FormHeader,
  type RegisterPrint,
} from '../printing/one-stop-forms';
import { renderPdf, type PrintedDocument } from '../printing/pdf-document';
import { dossiers } from './dossiers.service';
import { lookupUrl } from './notifications';

/** A rendered form: the PDF bytes and how to name them. */
export interface RenderedForm {
  form: OneStopForm;
  /** The form as numbered on the day it is dated (its edition). */
  definition: FormDefinition;
  fileName: string;
  content: Buffer;
  sha256: string;
}

/** The receipt as the GraphQL type carries it (issued or reprinted). */
export interface ReceiptForPrint {
  dossierId: string;
  dossierCode: string;
  issuedAt: Date;
  agencyName: string;
  centreName: string | null;
  procedureCode: string;
  procedureName: string;
  caseName: string;
  channel: DossierChannel;
  applicantName: string;
  components: Array<{ name: string; originals: number; copies: number; digitisation: string }>;
  receivedAt: Date;
  appointmentAt: Date;
  placeOfReturn: string;
  fees: Array<{ name: string; amount: number }>;
  feeTotal: number;
  receivedByName: string | null;
  lookupUrl: string;
  lookupPin: string | null;
  satisfactionUrl: string | null;
}

const CHANNEL_TEXT: Record<DossierChannel, string> = {
  [DossierChannel.COUNTER]: 'Trực tiếp tại Bộ phận một cửa',
  [DossierChannel.ONLINE]: 'Trực tuyến',
  [DossierChannel.POST]: 'Qua dịch vụ bưu chính công ích',
};

/** The longest period one register print covers: a year of a busy desk is a few hundred pages. */
const REGISTER_MAX_DAYS = 366;
const REGISTER_MAX_ROWS = 5000;

/** "Phường Hồng Gai" -> "Hồng Gai": the place in a form's date line. */
export function placeName(unitName: string): string {
  return unitName.replace(/^(Tỉnh|Thành phố|Phường|Xã|Thị trấn|Đặc khu|Huyện|Quận|Thị xã)\s+/u, '').trim();
}

/**
 * Prints the forms of the one-stop desk (numbered by the edition in force on the date each bears) as PDF. Reading rules are those of the data
 * printed: a dossier's forms need `procedures.dossiers.read` over the dossier (NOT_FOUND outside
 * scope, as `dossier`), the register needs it over the agency.
 */
export class PrintingService {
  private async header(
    ctx: RequestContext,
    agencyId: string,
    centreName: string | null,
    date: Date,
  ): Promise<FormHeader> {
    const agency = await directory.agency(ctx, agencyId);
    const unit = agency ? await directory.unit(ctx, agency.unit.id) : null;
    return {
      agencyName: agency?.name ?? '',
      officeName: centreName ?? 'Bộ phận tiếp nhận và trả kết quả',
      place: placeName(unit?.name ?? agency?.name ?? ''),
      date,
    };
  }

  private async centreName(ctx: RequestContext, dossier: Dossier): Promise<string | null> {
    if (!dossier.deskId) return null;
    return (await directory.placeOfDesk(ctx, dossier.deskId))?.centre.name ?? null;
  }

  private async basics(ctx: RequestContext, dossier: Dossier): Promise<DossierBasics> {
    const version = await ctx.em.findOneOrFail(ProcedureVersion, { id: dossier.procedureVersion.id });
    const procedure = await dossier.procedure.load();
    return {
      code: dossier.code,
      procedureCode: procedure?.code ?? '',
      procedureName: version.name,
      applicantName: dossier.applicantName,
      lookupUrl: lookupUrl(ctx, dossier.code),
    };
  }

  /** `datedAt`: the date the form bears, which picks its edition (number and title). */
  private async render(
    form: OneStopForm,
    datedAt: Date,
    name: string,
    doc: PrintedDocument,
  ): Promise<RenderedForm> {
    const content = await renderPdf(doc);
    const def = formOf(form, datedAt);
    return {
      form,
      definition: def,
      fileName: `mau-${def.number}-${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`,
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
    };
  }

  /**
   * Mẫu 01 from a receipt the caller already holds (just issued, with PIN and satisfaction link, or
   * reprinted without them): the PIN exists in clear only in that object, so it is printed from it.
   */
  async receipt(ctx: RequestContext, receipt: ReceiptForPrint): Promise<RenderedForm> {
    const dossier = await dossiers.get(ctx, receipt.dossierId);
    const header = await this.header(ctx, dossier.agencyId, receipt.centreName, receipt.issuedAt);
    return this.render(
      OneStopForm.RECEIPT,
      receipt.issuedAt,
      receipt.dossierCode,
      receiptDocument({
        header,
        dossier: {
          code: receipt.dossierCode,
          procedureCode: receipt.procedureCode,
          procedureName: receipt.procedureName,
          applicantName: receipt.applicantName,
          lookupUrl: receipt.lookupUrl,
        },
        caseName: receipt.caseName,
        channelText: CHANNEL_TEXT[receipt.channel],
        components: receipt.components,
        receivedAt: receipt.receivedAt,
        appointmentAt: receipt.appointmentAt,
        placeOfReturn: receipt.placeOfReturn,
        fees: receipt.fees,
        feeTotal: receipt.feeTotal,
        receivedByName: receipt.receivedByName,
        lookupPin: receipt.lookupPin,
        satisfactionUrl: receipt.satisfactionUrl,
      }),
    );
  }

  /**
   * A form of one dossier (not the register). A form the dossier has none of (no refusal, no
   * supplement request, no apology, not yet received) is `FORM_NOT_AVAILABLE`.
   */
  async dossierForm(
    ctx: RequestContext,
    dossierId: string,
    form: OneStopForm,
    receiptOf: (dossierId: string) => Promise<ReceiptForPrint | null>,
    controlSlipOf: (dossierId: string) => Promise<Omit<ControlSlipPrint, 'header' | 'dossier'>>,
  ): Promise<RenderedForm> {
    const dossier = await dossiers.get(ctx, dossierId);
    const unavailable = (why: string) =>
      new DomainError(ProceduresErrorCodes.FORM_NOT_AVAILABLE, `${formOf(form).label}: ${why}`, { form });
    const steps = (action: DossierAction) =>
      ctx.em.find(DossierStep, { dossier: dossier.id, action }, { orderBy: { seq: 'desc' } });
    switch (form) {
      case OneStopForm.RECEIPT: {
        const receipt = await receiptOf(dossier.id);
        if (!receipt) throw unavailable('the dossier has not been received');
        return this.receipt(ctx, receipt);
      }
      case OneStopForm.SUPPLEMENT_REQUEST: {
        const pause = await ctx.em.findOne(
          DossierPause,
          { dossier: dossier.id, kind: PauseKind.SUPPLEMENT },
          { orderBy: { startedAt: 'desc' } },
        );
        if (!pause) throw unavailable('no supplement was requested');
        const requestedAt = pause.startedAt;
        const [step] = await steps(DossierAction.REQUEST_SUPPLEMENT);
        const agency = await directory.agency(ctx, step?.fromAgencyId ?? dossier.holderAgencyId);
        const contact = [agency?.name, agency?.phone && `điện thoại ${agency.phone}`, agency?.address]
          .filter(Boolean)
          .join(', ');
        return this.render(
          form,
          requestedAt,
          dossier.code,
          supplementDocument({
            header: await this.header(
              ctx,
              dossier.agencyId,
              await this.centreName(ctx, dossier),
              pause.startedAt,
            ),
            dossier: await this.basics(ctx, dossier),
            receivedAt: dossier.receivedAt,
            requestedAt: pause.startedAt,
            deadlineAt: pause.deadlineAt,
            items: pause.items,
            note: pause.note,
            contact: contact || null,
            officialName: step?.actorName ?? null,
          }),
        );
      }
      case OneStopForm.REFUSAL: {
        const [step] = await steps(DossierAction.REFUSE);
        if (!step) throw unavailable('the dossier was not refused');
        return this.render(
          form,
          step.givenAt,
          dossier.code,
          refusalDocument({
            header: await this.header(
              ctx,
              dossier.agencyId,
              await this.centreName(ctx, dossier),
              step.givenAt,
            ),
            dossier: await this.basics(ctx, dossier),
            submittedAt: dossier.submittedAt,
            refusedAt: step.givenAt,
            reason: step.note ?? dossier.endNote ?? '',
            officialName: step.actorName,
          }),
        );
      }
      case OneStopForm.APOLOGY: {
        const [step] = await steps(DossierAction.APOLOGISE);
        if (!step || !dossier.promisedAt) throw unavailable('no apology was made');
        return this.render(
          form,
          step.givenAt,
          dossier.code,
          apologyDocument({
            header: await this.header(
              ctx,
              dossier.agencyId,
              await this.centreName(ctx, dossier),
              step.givenAt,
            ),
            dossier: await this.basics(ctx, dossier),
            receivedAt: dossier.receivedAt,
            appointmentAt: dossier.appointmentAt,
            newAppointmentAt: dossier.promisedAt,
            apologisedAt: step.givenAt,
            // The step's note is "<reason> — hẹn lại <date>" (lifecycle.apologise).
            reason: (step.note ?? '').split(' — hẹn lại ')[0],
            officialName: step.actorName,
          }),
        );
      }
      case OneStopForm.CONTROL_SLIP: {
        const slip = await controlSlipOf(dossier.id);
        const printedAt = now();
        return this.render(
          form,
          printedAt,
          dossier.code,
          controlSlipDocument({
            ...slip,
            header: await this.header(ctx, dossier.agencyId, await this.centreName(ctx, dossier), printedAt),
            dossier: await this.basics(ctx, dossier),
          }),
        );
      }
      case OneStopForm.STOP_NOTICE: {
        const [step] = await steps(DossierAction.STOP);
        if (!step) throw unavailable('processing of the dossier was not stopped');
        if (!formInForce(form, step.givenAt))
          throw unavailable(
            'the notice of stopping is a form only from Thông tư 03/2025/TT-VPCP (15/9/2025)',
          );
        return this.render(
          form,
          step.givenAt,
          dossier.code,
          stopNoticeDocument({
            header: await this.header(
              ctx,
              dossier.agencyId,
              await this.centreName(ctx, dossier),
              step.givenAt,
            ),
            dossier: await this.basics(ctx, dossier),
            receivedAt: dossier.receivedAt,
            stoppedAt: step.givenAt,
            reason: step.note ?? dossier.endNote ?? '',
            officialName: step.actorName,
          }),
        );
      }
      case OneStopForm.DOSSIER_REGISTER:
        throw new BadInputError(
          {
            vi: 'Sổ theo dõi không phải là mẫu của một hồ sơ: hãy dùng dossierRegisterPdf',
            en: 'The register is not a form of one dossier: use dossierRegisterPdf',
          },
          {
            field: 'form',
          },
        );
    }
  }

  /** The register (sổ theo dõi hồ sơ) of the dossiers an agency received in a period (local dates, inclusive). */
  async register(
    ctx: RequestContext,
    input: { agencyId: string; from: string; to: string },
  ): Promise<RenderedForm> {
    requireId(input.agencyId, 'agencyId');
    if (!isLocalDate(input.from))
      throw new BadInputError({ vi: 'from không phải là ngày', en: 'from is not a date' }, { field: 'from' });
    if (!isLocalDate(input.to))
      throw new BadInputError({ vi: 'to không phải là ngày', en: 'to is not a date' }, { field: 'to' });
    if (input.to < input.from)
      throw new BadInputError({ vi: 'to trước from', en: 'to is before from' }, { field: 'to' });
    const start = startOfLocalDay(input.from);
    const end = endOfLocalDay(input.to);
    if ((end.getTime() - start.getTime()) / DAY_MS > REGISTER_MAX_DAYS)
      throw new BadInputError(
        {
          vi: `Tối đa ${REGISTER_MAX_DAYS} ngày mỗi lần in`,
          en: `At most ${REGISTER_MAX_DAYS} days per print`,
        },
        { field: 'to' },
      );
    const agency = await directory.agency(ctx, input.agencyId);
    if (!agency)
      throw new BadInputError({ vi: 'Không có cơ quan này', en: 'No such agency' }, { field: 'agencyId' });
    if (!(await ctx.can(ProceduresPermissions.dossiersRead, { unitId: agency.unit.id, agencyId: agency.id })))
      throw new ForbiddenError({
        vi: 'Cơ quan nằm ngoài phạm vi của bạn',
        en: 'The agency is outside your scope',
      });
    const rows = await ctx.em.find(
      Dossier,
      { agencyId: agency.id, receivedAt: { $gte: start, $lt: end } },
      { orderBy: { receivedAt: 'asc', code: 'asc' }, limit: REGISTER_MAX_ROWS + 1 },
    );
    if (rows.length > REGISTER_MAX_ROWS)
      throw new BadInputError(
        {
          vi: `Hơn ${REGISTER_MAX_ROWS} hồ sơ: hãy in một khoảng thời gian ngắn hơn`,
          en: `More than ${REGISTER_MAX_ROWS} dossiers: print a shorter period`,
        },
        {
          field: 'to',
        },
      );
    const ids = rows.map((d) => d.id);
    const versions = ids.length
      ? await ctx.em.find(ProcedureVersion, {
          id: { $in: [...new Set(rows.map((d) => d.procedureVersion.id))] },
        })
      : [];
    const steps = ids.length
      ? await ctx.em.find(
          DossierStep,
          {
            dossier: { $in: ids },
            action: DossierAction.TRANSFER,
          },
          { orderBy: { seq: 'asc' } },
        )
      : [];
    const competent = await directory.agencies(
      ctx,
      rows.map((d) => d.holderAgencyId),
    );
    const print: RegisterPrint['rows'] = rows.map((d) => {
      const own = steps.filter((s) => s.dossier.id === d.id);
      return {
        code: d.code,
        procedureName: versions.find((v) => v.id === d.procedureVersion.id)?.name ?? '',
        // One set (bộ) per dossier, as desks record it.
        copies: 1,
        applicantName: d.applicantName,
        applicantContact: [d.applicantAddress, d.applicantPhone].filter(Boolean).join(', '),
        competentAgencyName: competent.get(d.holderAgencyId)?.name ?? '',
        receivedAt: d.receivedAt,
        dueAt: d.appointmentAt,
        transferredAt: own.find((s) => s.action === DossierAction.TRANSFER)?.givenAt ?? null,
        resultReceivedAt: d.resolvedAt,
        returnedAt: d.returnedAt,
        note: d.endReason ? (d.endNote ?? d.endReason) : '',
      };
    });
    const printedAt = now();
    return this.render(
      OneStopForm.DOSSIER_REGISTER,
      printedAt,
      `${agency.shortCode ?? agency.electronicId}-${input.from}-${input.to}`,
      registerDocument({
        header: await this.header(ctx, agency.id, null, printedAt),
        from: input.from,
        to: input.to,
        rows: print,
      }),
    );
  }
}

export const printing = new PrintingService();
