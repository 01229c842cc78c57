import { formatLocalDateTime } from '../../../src';
import type { RequestContext } from '../../../src';
import { directory } from '../../staff';
import { Dossier } from '../entities/dossier.entity';
import { ProcedureVersion } from '../entities/procedure-version.entity';
import type { MailBase, RenderedMail } from '../templates';

export function lookupUrl(ctx: RequestContext, code: string): string {
  return `${ctx.config.publicUrl}/tra-cuu-ho-so?ma=${encodeURIComponent(code)}`;
}

export function satisfactionUrl(ctx: RequestContext, token: string): string {
  return `${ctx.config.publicUrl}/danh-gia/${token}`;
}

export async function mailBase(ctx: RequestContext, dossier: Dossier): Promise<MailBase> {
  const agency = await directory.agency(ctx, dossier.agencyId);
  const version = await ctx.em.findOne(ProcedureVersion, { id: dossier.procedureVersion.id });
  return {
    agencyName: agency?.name ?? '',
    dossierCode: dossier.code,
    procedureName: version?.name ?? '',
    applicantName: dossier.applicantName,
    lookupUrl: lookupUrl(ctx, dossier.code),
  };
}

/**
 * Emails the applicant through the job queue (in the transaction of the change), when they gave an
 * address and the change is not a silent one (demo data).
 */
export async function mailApplicant(
  ctx: RequestContext,
  dossier: Dossier,
  render: (base: MailBase) => RenderedMail,
  options: { silent?: boolean } = {},
): Promise<void> {
  if (options.silent || !dossier.applicantEmail) return;
  const mail = render(await mailBase(ctx, dossier));
  await ctx.sendMail({ to: dossier.applicantEmail, subject: mail.subject, text: mail.text, html: mail.html });
}

export const when = formatLocalDateTime;
