import path from 'node:path';
import { DocumentsErrorCodes } from '../errors';
import {
  BadInputError,
  DomainError,
  NotFoundError,
  optionsOf,
  requireId,
  type RequestContext,
} from '../../../src';
import { OfficialDocument } from '../entities/document.entity';
import { DocumentAttachment } from '../entities/attachment.entity';
import { DocumentDirection, DocumentStatus, TraceAction } from '../entities/enums';
import { DocumentsPermissions as P } from '../permissions';
import type { DocumentsOptions } from '../options';
import { currentActor } from './actor';
import { InvalidTransitionError, ownerOf, text } from './common';
import { addTrace } from './trace';
import { visibleDocument } from './visibility';
import { DocumentsRecords } from '../errors';

/** Text of text attachments kept for search, per document. */
const ATTACHMENT_TEXT_MAX = 100_000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

export interface AttachmentContent {
  attachment: DocumentAttachment;
  contentBase64: string;
}

export class AttachmentsService {
  private options(ctx: RequestContext): DocumentsOptions {
    return optionsOf<DocumentsOptions>(ctx.app, 'documents');
  }

  /**
   * Attaches a file (base64) to a document. Who may attach depends on the stage: the records desk for
   * incoming documents until they are completed; drafters while a draft is editable; the records desk
   * between approval and issue (the signed file). Issued, completed and recalled documents are frozen.
   */
  async upload(
    ctx: RequestContext,
    input: { documentId: string; fileName: string; mimeType?: string | null; contentBase64: string },
  ): Promise<DocumentAttachment> {
    const document = await visibleDocument(ctx, input.documentId);
    await ctx.requireIn(this.permissionToAttach(document), ownerOf(document));
    const max = this.options(ctx).maxAttachmentBytes;
    const encoded = (input.contentBase64 ?? '').replace(/\s+/g, '');
    const padding = encoded.endsWith('==') ? 2 : encoded.endsWith('=') ? 1 : 0;
    const estimated = Math.floor((encoded.length * 3) / 4) - padding;
    if (estimated > max) {
      throw new DomainError(
        DocumentsErrorCodes.DOCUMENT_ATTACHMENT_TOO_LARGE,
        { vi: `Tệp lớn hơn giới hạn ${max} byte`, en: `The file is larger than the limit of ${max} bytes` },
        { maxBytes: max },
      );
    }
    if (encoded.length % 4 !== 0 || !BASE64.test(encoded))
      throw new BadInputError(
        { vi: 'contentBase64 không phải là base64', en: 'contentBase64 is not base64' },
        { field: 'contentBase64' },
      );
    const content = Buffer.from(encoded, 'base64');
    const fileName = this.cleanFileName(input.fileName);
    const mimeType = (input.mimeType?.trim() || 'application/octet-stream').toLowerCase();
    if (!MIME.test(mimeType))
      throw new BadInputError(
        {
          vi: 'mimeType không phải là kiểu tệp dạng application/pdf',
          en: 'mimeType is not a media type like application/pdf',
        },
        { field: 'mimeType' },
      );
    // The core file store keeps the bytes (local directory or S3), content-addressed.
    const stored = await ctx.app.files.store.put(content);
    const actor = await currentActor(ctx);
    const attachment = ctx.em.create(DocumentAttachment, {
      document,
      fileName,
      mimeType,
      size: stored.size,
      sha256: stored.sha256,
      storageKey: stored.key,
      uploadedByName: actor.name,
    });
    if (mimeType.startsWith('text/plain')) await this.indexText(ctx, document, content);
    await addTrace(ctx, document, TraceAction.ATTACHED, {
      summary: `${fileName} (${stored.size} byte, SHA-256 ${stored.sha256})`,
    });
    await ctx.em.flush();
    ctx.audit({
      action: 'documents.attachment.upload',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      after: { attachmentId: attachment.id, fileName, size: stored.size, sha256: stored.sha256 },
    });
    return attachment;
  }

  /**
   * The file's content, for whoever may read its document. Checked against its SHA-256 on the way out.
   * A malformed id is BAD_USER_INPUT on `id` (the query's argument).
   */
  async content(ctx: RequestContext, attachmentId: string): Promise<AttachmentContent> {
    ctx.require(P.read);
    const attachment = await ctx.em.findOne(DocumentAttachment, { id: requireId(attachmentId, 'id') });
    if (!attachment) throw new NotFoundError(DocumentsRecords.attachment, attachmentId);
    try {
      await visibleDocument(ctx, attachment.document.id);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError(DocumentsRecords.attachment, attachmentId);
      throw error;
    }
    const content = await ctx.app.files.store.get(attachment.storageKey);
    return { attachment, contentBase64: content.toString('base64') };
  }

  private permissionToAttach(document: OfficialDocument): string {
    if (document.direction === DocumentDirection.INCOMING) {
      if ([DocumentStatus.COMPLETED, DocumentStatus.RECALLED].includes(document.status))
        throw new InvalidTransitionError(document, 'attach a file');
      return P.register;
    }
    if ([DocumentStatus.DRAFT, DocumentStatus.REJECTED].includes(document.status)) return P.draft;
    if ([DocumentStatus.APPROVED, DocumentStatus.NUMBERED, DocumentStatus.SIGNED].includes(document.status))
      return P.issue;
    throw new InvalidTransitionError(document, 'attach a file');
  }

  private cleanFileName(name: string): string {
    const base = path
      .basename((name ?? '').replace(/\\/g, '/'))
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .normalize('NFC')
      .trim();
    const cleaned = text(base, 'fileName', { required: true, max: 255 })!;
    if (cleaned === '.' || cleaned === '..')
      throw new BadInputError(
        { vi: 'fileName không phải là tên tệp', en: 'fileName is not a file name' },
        { field: 'fileName' },
      );
    return cleaned;
  }

  private async indexText(ctx: RequestContext, document: OfficialDocument, content: Buffer): Promise<void> {
    await ctx.em.populate(document, ['attachmentText']);
    const added = content.toString('utf8').split('\u0000').join('');
    const combined = [document.attachmentText, added].filter(Boolean).join('\n');
    document.attachmentText = combined.slice(0, ATTACHMENT_TEXT_MAX);
  }
}
