import type { LocalizedText } from '../../src';

/** The documents plugin's error codes: `<RECORD>_<PROBLEM>`, upper case, stable. */
export const DocumentsErrorCodes = {
  /** The action is not allowed in the document's current status. */
  DOCUMENT_INVALID_TRANSITION: 'DOCUMENT_INVALID_TRANSITION',
  /** An attachment larger than DOCUMENTS_MAX_ATTACHMENT_BYTES. */
  DOCUMENT_ATTACHMENT_TOO_LARGE: 'DOCUMENT_ATTACHMENT_TOO_LARGE',
} as const;

/** The plugin's records as messages name them (NOT_FOUND), in both languages. */
export const DocumentsRecords = {
  document: { vi: 'văn bản', en: 'Document' },
  attachment: { vi: 'tệp đính kèm', en: 'Attachment' },
  register: { vi: 'sổ văn bản', en: 'Register' },
} as const satisfies Record<string, LocalizedText>;
