import { fakeDateOnly } from '../../../test/harness/clock';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { documentsPlugin } from '..';
import { arrangeDocumentsWorld, DocumentsWorld } from './fixtures';
import {
  AssignDocumentDocument,
  DocumentDocument,
  DocumentsDocument,
  RegisterIncomingDocumentDocument,
} from '../../../test/graphql/generated';

/**
 * "Overdue" compares local dates (the handling due date is over when today's date in Vietnam is
 * after it), with "today" from the platform clock. The app runs in-process with only `Date` faked, at
 * 01:00 local time on 15/04/2026 = 18:00 UTC on 14/04/2026, when the UTC date is still yesterday.
 */
const AT_01_00_LOCAL = new Date('2026-04-14T18:00:00Z');

describe('documents at 01:00 local time', () => {
  let t: TestApp;
  let w: DocumentsWorld;
  // Tokens issued at the faked time (the world's were issued months "later", at the real time).
  let clerk: string;
  let leader: string;

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, documentsPlugin] });
    w = await arrangeDocumentsWorld(t);
    fakeDateOnly(AT_01_00_LOCAL);
    clerk = t.token(w.clerkB.username, ['records-clerk']);
    leader = t.token(w.leaderB.username, ['leader']);
  });
  afterAll(async () => {
    jest.useRealTimers();
    await t.close();
  });

  /** An incoming document of agency B assigned to specialistB, then due at `dueAt` (UTC instant). */
  async function assignedDueAt(subject: string, dueAt: string): Promise<string> {
    const { registerIncomingDocument } = await t.query(
      RegisterIncomingDocumentDocument,
      {
        input: {
          agencyId: w.agencyB.id,
          documentType: 'OFFICIAL_LETTER',
          issuerName: 'Sở Nội vụ tỉnh Quảng Ninh',
          subject,
        },
      },
      { token: clerk },
    );
    const id = registerIncomingDocument.document.id;
    await t.query(
      AssignDocumentDocument,
      {
        input: {
          documentId: id,
          lead: { officialId: w.specialistB.id },
          dueAt: new Date(Date.now() + 30 * 60_000).toISOString(),
        },
      },
      { token: leader },
    );
    await t.sql(`update documents_document set handling_due_at = $2 where id = $1`, [id, dueAt]);
    await t.sql(`update documents_handler set due_at = $2 where document_id = $1`, [id, dueAt]);
    return id;
  }

  it('the clock really is 18:00 UTC the day before', () => {
    expect(new Date().toISOString()).toBe('2026-04-14T18:00:00.000Z');
  });

  it('a document due yesterday (local) is overdue; one due at 00:30 today (local) is not', async () => {
    // 16:00 on 14/04 local: the local due date is over, though the UTC dates (14/04) are the same.
    const yesterday = await assignedDueAt('Hạn 16:00 ngày 14/04/2026', '2026-04-14T09:00:00Z');
    // 00:30 on 15/04 local: the instant is past, but the due date is today.
    const today = await assignedDueAt('Hạn 00:30 ngày 15/04/2026', '2026-04-14T17:30:00Z');
    // 23:59 on 15/04 local: the UTC date (15/04) is after today's UTC date; still not overdue.
    const tonight = await assignedDueAt('Hạn 23:59 ngày 15/04/2026', '2026-04-15T16:59:00Z');

    const overdue = (
      await t.query(DocumentsDocument, { first: 100, filter: { overdue: true } }, { token: leader })
    ).documents.nodes;
    expect(overdue.map((d: { id: string }) => d.id)).toEqual([yesterday]);

    const field = async (id: string) =>
      (await t.query(DocumentDocument, { id }, { token: leader })).document!.overdue;
    expect(await field(yesterday)).toBe(true);
    expect(await field(today)).toBe(false);
    expect(await field(tonight)).toBe(false);
  });
});
