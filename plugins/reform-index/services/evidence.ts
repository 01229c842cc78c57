import { BadInputError, type RequestContext, requireId } from '../../../src';
import { documents } from '../../documents';
import { Evidence } from '../entities/round.entity';

/** What a piece of evidence backs: a self-score of an assessment round, or an entered service-index value. */
export type EvidenceOwner = { scoreId: string } | { enteredValueId: string };

/** Checks evidence: files of the core store, official documents through the documents plugin. */
export async function checkEvidence(
  ctx: RequestContext,
  fileIds: string[],
  documentIds: string[],
): Promise<void> {
  await ctx.app.files.require(ctx.em, fileIds, 'fileIds');
  if (!documentIds.length) return;
  for (const id of documentIds) requireId(id, 'documentIds');
  if (!ctx.app.plugins.some((p) => p.id === 'documents'))
    throw new BadInputError(
      {
        vi: 'Không thể liên kết văn bản: plugin văn bản (documents) chưa được bật',
        en: 'Official documents cannot be linked: the documents plugin is not enabled',
      },
      {
        field: 'documentIds',
      },
    );
  const found = await documents.byIds(ctx, documentIds);
  const missing = documentIds.filter((id) => !found.some((d) => d.id === id));
  if (missing.length)
    throw new BadInputError(
      { vi: `Không có văn bản ${missing.join(', ')}`, en: `No official document ${missing.join(', ')}` },
      { field: 'documentIds' },
    );
}

/** Replaces the owner's evidence with these files and documents (already checked). */
export async function replaceEvidence(
  ctx: RequestContext,
  owner: EvidenceOwner,
  fileIds: string[],
  documentIds: string[],
): Promise<void> {
  await ctx.em.nativeDelete(Evidence, owner);
  for (const fileId of fileIds) ctx.em.create(Evidence, { ...owner, fileId });
  for (const documentId of documentIds) ctx.em.create(Evidence, { ...owner, documentId });
}
