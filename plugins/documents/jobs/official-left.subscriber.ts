import { subscribe } from '../../../src';
import { OfficialLeft } from '../../staff';
import { OfficialDocument } from '../entities/document.entity';
import { DocumentHandler } from '../entities/handler.entity';
import { DocumentStatus, HandlerRole, HandlerStatus, TraceAction } from '../entities/enums';
import { notify, officialAddressees } from '../services/notifications';
import { addTrace } from '../services/trace';

/**
 * An official left: their open handling goes back. Where they were the lead, the document returns to
 * the leader who assigned it (RETURNED, to be reassigned); where they co-handled, they are taken off.
 * Idempotent: only ACTIVE rows are touched.
 */
export const officialLeftSubscriber = subscribe(
  OfficialLeft,
  'documents.return-handling-of-leaver',
  async (payload, ctx) => {
    await ctx.transactional(async () => {
      const rows = await ctx.em.find(
        DocumentHandler,
        { officialId: payload.officialId, status: HandlerStatus.ACTIVE },
        { populate: ['document'] },
      );
      for (const row of rows) {
        const document = row.document.getEntity() as OfficialDocument;
        row.status = HandlerStatus.REMOVED;
        if (
          row.role !== HandlerRole.LEAD ||
          ![DocumentStatus.ASSIGNED, DocumentStatus.IN_PROGRESS].includes(document.status)
        )
          continue;
        const others = await ctx.em.find(DocumentHandler, {
          document: document.id,
          status: HandlerStatus.ACTIVE,
        });
        for (const other of others) other.status = HandlerStatus.RETURNED;
        document.status = DocumentStatus.RETURNED;
        const note = 'Cán bộ chủ trì đã nghỉ việc; đề nghị giao lại.';
        await addTrace(ctx, document, TraceAction.RETURNED, { note });
        await notify.returned(ctx, document, await officialAddressees(ctx, [document.assignedById]), note);
      }
      await ctx.em.flush();
    });
  },
);
