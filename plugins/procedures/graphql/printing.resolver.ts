import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { DateScalar, dateOfScalar, nullIfNotFound, type RequestContext } from '../../../src';
import { OneStopForm } from '../domain/forms';
import { ProceduresPermissions as P } from '../permissions';
import { intake } from '../services/intake.service';
import { printing, type RenderedForm } from '../services/printing.service';
import { DossierReceipt } from './dossier.types';
import { toReceipt } from './dossiers.resolver';
import { LifecycleResolver } from './lifecycle.resolver';

@ObjectType({
  description:
    'A form of the one-stop desk printed as PDF (A4, Vietnamese, embedded DejaVu font, agency header, the dossier QR code)',
})
export class PrintedForm {
  @Field(() => OneStopForm) form!: OneStopForm;
  @Field({ description: "'Mẫu số 01'" }) label!: string;
  @Field({ description: 'Vietnamese title as printed' }) title!: string;
  @Field({ description: "Suggested file name, e.g. 'mau-01-<code>.pdf'" }) fileName!: string;
  @Field({ description: 'application/pdf' }) mimeType!: string;
  @Field(() => Int, { description: 'Bytes' }) size!: number;
  @Field({ description: 'SHA-256 of the PDF, hex' }) sha256!: string;
  @Field({ description: 'The PDF itself, base64 (a receipt as issued carries the PIN: print, do not keep)' })
  contentBase64!: string;
}

@InputType()
class DossierFormPdfInput {
  @Field(() => ID) dossierId!: string;
  @Field(() => OneStopForm, {
    description:
      'RECEIPT (reprint, without PIN), SUPPLEMENT_REQUEST, REFUSAL, APOLOGY, CONTROL_SLIP or STOP_NOTICE (stops from 15/9/2025)',
  })
  form!: OneStopForm;
}

@InputType()
class DossierRegisterPdfInput {
  @Field(() => ID, { description: 'The receiving agency' }) agencyId!: string;
  @Field(() => DateScalar, { description: 'First day received (local)' }) from!: string;
  @Field(() => DateScalar, { description: 'Last day received (local), inclusive; at most 366 days' })
  to!: string;
}

function toPrinted(rendered: RenderedForm): PrintedForm {
  const def = rendered.definition;
  return {
    form: rendered.form,
    label: def.label,
    title: def.title,
    fileName: rendered.fileName,
    mimeType: 'application/pdf',
    size: rendered.content.length,
    sha256: rendered.sha256,
    contentBase64: rendered.content.toString('base64'),
  };
}

@Resolver(() => DossierReceipt)
export class PrintingResolver {
  @FieldResolver(() => PrintedForm, {
    description:
      'The receipt printed (Mẫu 01); as issued it carries the PIN and the satisfaction QR code, a reprint neither',
  })
  async pdf(@Root() receipt: DossierReceipt, @Ctx() ctx: RequestContext): Promise<PrintedForm> {
    return toPrinted(await printing.receipt(ctx, receipt));
  }

  @Authorized(P.dossiersRead)
  @Query(() => PrintedForm, {
    nullable: true,
    description:
      'A form of one dossier as PDF: receipt (reprint), supplement request, refusal, apology, control slip, notice of stopping; null when the dossier is not visible, FORM_NOT_AVAILABLE when it has no such form',
  })
  dossierFormPdf(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DossierFormPdfInput) input: DossierFormPdfInput,
  ): Promise<PrintedForm | null> {
    return nullIfNotFound(async () =>
      toPrinted(
        await printing.dossierForm(
          ctx,
          input.dossierId,
          input.form,
          async (id) => {
            const receipt = await intake.receiptOf(ctx, id);
            return receipt ? toReceipt(receipt) : null;
          },
          // The control slip's rows are built once, by the query that shows them.
          (id) => new LifecycleResolver().dossierControlSlip(ctx, id),
        ),
      ),
    );
  }

  @Authorized(P.dossiersRead)
  @Query(() => PrintedForm, {
    description:
      'The dossier register (sổ theo dõi hồ sơ, Mẫu 07; Mẫu 06 before 15/9/2025) of an agency for a period, as PDF; the agency in your scope',
  })
  async dossierRegisterPdf(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DossierRegisterPdfInput) input: DossierRegisterPdfInput,
  ): Promise<PrintedForm> {
    return toPrinted(
      await printing.register(ctx, {
        agencyId: input.agencyId,
        from: dateOfScalar(input.from),
        to: dateOfScalar(input.to),
      }),
    );
  }
}
