import { defineEvent, defineLiveTopic } from '../../src';

/** An outgoing document was issued; internal recipients get their copies through `documents.deliver` jobs. */
export const DocumentIssued = defineEvent<{
  documentId: string;
  agencyId: string;
  unitId: string;
  recipientAgencyIds: string[];
  /** Mật and above: never delivered outside the platform (see the public events in the plugin). */
  confidential: boolean;
}>('documents.document.issued');
/** An issued document was recalled; the recipients' copies are withdrawn in the same transaction. */
export const DocumentRecalled = defineEvent<{
  documentId: string;
  agencyId: string;
  unitId: string;
  withdrawnCopyIds: string[];
  /** Mật and above: never delivered outside the platform (see the public events in the plugin). */
  confidential: boolean;
}>('documents.document.recalled');
/** An agency of the platform received (and registered) a copy of another agency's document. */
export const DocumentReceived = defineEvent<{
  documentId: string;
  agencyId: string;
  unitId: string;
  sourceDocumentId: string;
  arrivalNumber: number;
  /** Mật and above: never delivered outside the platform (see the public events in the plugin). */
  confidential: boolean;
}>('documents.document.received');
/** The lead handler completed an incoming document. */
export const DocumentCompleted = defineEvent<{
  documentId: string;
  agencyId: string;
  unitId: string;
  onTime: boolean | null;
  /** Mật and above: never delivered outside the platform (see the public events in the plugin). */
  confidential: boolean;
}>('documents.document.completed');

/** What travels between processes when an incoming document is assigned: ids only (NOTIFY < 8 kB). */
export interface DocumentAssignedPayload {
  documentId: string;
  agencyId: string;
  unitId: string;
  /** The lead and co-handlers named: officials in person and departments. */
  officialIds: string[];
  departmentIds: string[];
  reassigned: boolean;
  /** ISO instant of the assignment. */
  at: string;
}

/** An incoming document was assigned (or reassigned) to handlers; sent after the change commits. */
export const DocumentAssignedLive = defineLiveTopic<DocumentAssignedPayload>('documents.document.assigned');
