import type { Client } from 'graphql-ws';
import { createTestApp, liveClient, liveSubscribe, settle, until, type TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { documentsPlugin } from '..';
import { arrangeDocumentsWorld, type DocumentsWorld } from './fixtures';
import {
  AssignDocumentDocument,
  type DocumentConfidentiality,
  DocumentsDocument,
  RegisterIncomingDocumentDocument,
} from '../../../test/graphql/generated';

/**
 * `documentAssignedToMe` over WebSocket through the real server: the lead in person and the members
 * of a handling department hear of the assignment; an unassigned official of the same agency, the
 * other agency's leader and an anonymous socket hear nothing; a confidential document reaches only
 * those who may see it (the same rule as `documents(filter: { assignedToMe: true })`).
 */
describe('documents: live assignments', () => {
  let t: TestApp;
  let w: DocumentsWorld;
  const clients: Client[] = [];
  const client = (token?: string) => {
    const c = liveClient(t.baseUrl, token);
    clients.push(c);
    return c;
  };
  const SUB = `subscription { documentAssignedToMe { documentId agencyId reassigned at } }`;

  beforeAll(async () => {
    t = await createTestApp({ plugins: [staffPlugin, documentsPlugin] });
    w = await arrangeDocumentsWorld(t);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  });

  const register = async (subject: string, confidentiality: DocumentConfidentiality = 'NORMAL') =>
    (
      await t.query(
        RegisterIncomingDocumentDocument,
        {
          input: {
            agencyId: w.agencyB.id,
            documentType: 'OFFICIAL_LETTER',
            number: String(Math.floor(Math.random() * 10000)),
            notation: 'SNV',
            issuerName: 'Sở Nội vụ',
            issueDate: '2026-11-18',
            subject,
            confidentiality,
            submitToOfficialId: w.leaderB.id,
          },
        },
        { token: w.clerkB.token },
      )
    ).registerIncomingDocument.document.id as string;

  it('reaches the lead and the handling department, and nobody else', async () => {
    const lead = liveSubscribe(client(w.specialistB.token), SUB);
    const unassigned = liveSubscribe(client(w.specialistB2.token), SUB);
    const otherAgency = liveSubscribe(client(w.leaderA.token), SUB);
    const anonymous = liveSubscribe(client(), SUB);
    await settle();

    const first = await register('Về việc kiểm tra công tác văn thư');
    await t.query(
      AssignDocumentDocument,
      { input: { documentId: first, lead: { officialId: w.specialistB.id } } },
      { token: w.leaderB.token },
    );
    const [event] = await until(() => lead.events.length > 0 && lead.events, 'the lead to hear of it');
    expect(event.documentAssignedToMe).toMatchObject({
      documentId: first,
      agencyId: w.agencyB.id,
      reassigned: false,
    });
    // The list the subscription mirrors shows the same document.
    const listed = await t.query(
      DocumentsDocument,
      { filter: { assignedToMe: true } },
      { token: w.specialistB.token },
    );
    expect(listed.documents.nodes.map((n: { id: string }) => n.id)).toContain(first);

    // Reassigned to the department specialistB works in: still theirs (posted there).
    await t.query(
      AssignDocumentDocument,
      { input: { documentId: first, lead: { departmentId: w.departmentB.id } } },
      { token: w.leaderB.token },
    );
    await until(() => lead.events.length > 1, 'the department member to hear of the reassignment');
    expect(lead.events[1].documentAssignedToMe).toMatchObject({ documentId: first, reassigned: true });

    // Anonymous subscribers are refused outright; the others simply hear nothing.
    expect(anonymous.errors.length + (anonymous.completed ? 1 : 0)).toBeGreaterThan(0);
    await settle();
    expect(unassigned.events).toEqual([]);
    expect(otherAgency.events).toEqual([]);
    expect(anonymous.events).toEqual([]);
  });

  it('a confidential document assigned to someone else is not revealed', async () => {
    const b2 = liveSubscribe(client(w.specialistB2.token), SUB);
    const lead = liveSubscribe(client(w.specialistB.token), SUB);
    await settle();
    const secret = await register('Văn bản mật', 'CONFIDENTIAL');
    await t.query(
      AssignDocumentDocument,
      { input: { documentId: secret, lead: { officialId: w.specialistB.id } } },
      { token: w.leaderB.token },
    );
    await until(() => lead.events.length > 0, 'the lead to hear of the confidential document');
    expect(lead.events[0].documentAssignedToMe.documentId).toBe(secret);
    await settle();
    expect(b2.events).toEqual([]);
  });
});
