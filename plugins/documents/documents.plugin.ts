import { DocumentsDashboardResolver } from './graphql/dashboard.resolver';
import { definePlugin, publicEvent } from '../../src';
import { DocumentCompleted, DocumentIssued, DocumentRecalled, DocumentReceived } from './events';
import { OfficialDocument } from './entities/document.entity';
import { DocumentRegister } from './entities/register.entity';
import { DocumentHandler } from './entities/handler.entity';
import { DocumentTraceStep } from './entities/trace.entity';
import { DocumentRecipient } from './entities/recipient.entity';
import { DocumentAttachment } from './entities/attachment.entity';
import { DocumentSignature } from './entities/signature.entity';
import {
  DocumentHandlerResolver,
  DocumentRecipientResolver,
  DocumentRegisterResolver,
  DocumentsResolver,
  DocumentTraceStepResolver,
} from './graphql/documents.resolver';
import { DocumentLiveResolver } from './live/document-live';
import { documentsMigrations } from './migrations';
import { documentsPermissions, documentsRoles } from './permissions';
import { readDocumentsOptions, type DocumentsOptions } from './options';
import { deliverJob } from './jobs/deliver.job';
import { deadlineRemindersJob } from './jobs/deadline-reminders.job';
import { officialLeftSubscriber } from './jobs/official-left.subscriber';
import { documentsDemoSeeds } from './seeds';
import { documents } from './services';

/**
 * Document events are about the agency that holds the document and its unit — for systems outside
 * the platform, only when the document is not confidential: an outside system has no access to a
 * mật (or higher) document, so even its ids and states never leave the platform (about nobody, the
 * event reaches no webhook endpoint). Inside, subscribers check each event against the reader.
 */
function ofAgency(e: { unitId: string; agencyId: string; confidential: boolean }) {
  return e.confidential ? { unitIds: [], agencyIds: [] } : { unitIds: [e.unitId], agencyIds: [e.agencyId] };
}

export const documentsPlugin = definePlugin<DocumentsOptions>({
  id: 'documents',
  description:
    'Official incoming and outgoing documents (Decree 30/2020): registers, routing, deadlines, exchange between agencies',
  dependsOn: ['staff'],
  options: readDocumentsOptions,
  entities: () => [
    DocumentRegister,
    OfficialDocument,
    DocumentHandler,
    DocumentTraceStep,
    DocumentRecipient,
    DocumentAttachment,
    DocumentSignature,
  ],
  resolvers: () => [
    DocumentsDashboardResolver,
    DocumentsResolver,
    DocumentRegisterResolver,
    DocumentHandlerResolver,
    DocumentTraceStepResolver,
    DocumentRecipientResolver,
    DocumentLiveResolver,
  ],
  migrations: () => documentsMigrations,
  permissions: documentsPermissions,
  roles: documentsRoles,
  jobs: [deliverJob, deadlineRemindersJob],
  // Attachment bytes live in the core file store; its daily sweep keeps what these keys name.
  fileReferences: [{ table: 'documents_attachment', column: 'storage_key', kind: 'key' }],
  subscribers: [officialLeftSubscriber],
  seeds: documentsDemoSeeds,
  // Auditors see the trail of a document they may not read with its number, notation, issuer,
  // register number, handlers, due date and text masked (only its confidentiality shows).
  auditMasks: [
    {
      entityType: 'OfficialDocument',
      shown: ['confidentiality', 'changed'],
      readable: (ctx, ids) => documents.readableIds(ctx, ids),
    },
  ],
  publicEvents: [
    publicEvent(DocumentIssued, 'An outgoing document was issued', ofAgency),
    publicEvent(DocumentRecalled, 'An issued document was recalled', ofAgency),
    publicEvent(DocumentReceived, 'An agency registered a copy received from another agency', ofAgency),
    publicEvent(DocumentCompleted, 'The lead handler completed an incoming document', ofAgency),
  ],
});
