import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, settle, until, type TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { documentsPlugin } from '../../documents';
import { arrangeDocumentsWorld, type DocumentsWorld } from '../../documents/test/fixtures';
import { webhooksPlugin } from '..';
import { verifySignature } from '../services/secrets';
import {
  AssignDocumentDocument,
  CompleteDocumentDocument,
  CreateWebhookEndpointDocument,
  type DocumentConfidentiality,
  RegisterIncomingDocumentDocument,
} from '../../../test/graphql/generated';

/**
 * Document events leave the platform with ids only, and never for a confidential document: an
 * outside system has no access to a mật document, so its completion reaches no webhook endpoint
 * at all (no delivery row, no request), while the same event of an ordinary document does. A real
 * HTTP receiver, the real worker; documents handled through the API.
 */
describe('webhooks: events of confidential documents', () => {
  let t: TestApp;
  let w: DocumentsWorld;
  const hits: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    t = await createTestApp({
      plugins: [staffPlugin, documentsPlugin, webhooksPlugin],
      env: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' },
      runWorker: true,
    });
    w = await arrangeDocumentsWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    receiver.closeAllConnections();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  const handle = async (subject: string, confidentiality: DocumentConfidentiality) => {
    const id = (
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
    await t.query(
      AssignDocumentDocument,
      { input: { documentId: id, lead: { officialId: w.specialistB.id } } },
      { token: w.leaderB.token },
    );
    await t.query(
      CompleteDocumentDocument,
      { input: { documentId: id, note: 'Đã xử lý' } },
      { token: w.specialistB.token },
    );
    return id;
  };

  it('delivers the completion of an ordinary document, and nothing of a confidential one', async () => {
    const { endpoint, secret } = (
      await t.query(
        CreateWebhookEndpointDocument,
        {
          input: {
            agencyId: w.agencyB.id,
            url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
            events: ['documents.document.completed'],
          },
        },
        { token: w.adminToken },
      )
    ).createWebhookEndpoint;

    // The confidential one first: had it been delivered, it would arrive before the ordinary one.
    const secretDoc = await handle('Văn bản mật về công tác bảo vệ', 'CONFIDENTIAL');
    const ordinary = await handle('Về việc kiểm tra công tác văn thư', 'NORMAL');
    await until(() => hits.length > 0, 'the ordinary document’s completion', 30_000);
    await settle();
    expect(hits).toHaveLength(1);
    const body = JSON.parse(hits[0].body);
    expect(body).toMatchObject({
      event: 'documents.document.completed',
      data: { documentId: ordinary, agencyId: w.agencyB.id, confidential: false },
    });
    // Ids and states only: neither subject is in what leaves.
    expect(hits[0].body).not.toContain('văn thư');
    expect(
      verifySignature(
        secret,
        {
          timestamp: String(hits[0].headers['x-webhook-timestamp']),
          signature: String(hits[0].headers['x-webhook-signature']),
        },
        hits[0].body,
      ),
    ).toBe(true);
    // The confidential document's event made no delivery at all, not even a failed one.
    const rows = await t.sql(`select body from webhooks_delivery where endpoint_id = $1`, [endpoint.id]);
    expect(rows).toHaveLength(1);
    expect(rows.map((r) => String(r.body)).join()).not.toContain(secretDoc);
  });
});
