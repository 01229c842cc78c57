import { StandardRoles } from '../../src';

export const DocumentsPermissions = {
  /** Vào sổ văn bản đến: register incoming documents, submit them to a leader, attach files. */
  register: 'documents.register',
  /** Giao xử lý: assign (and reassign) incoming documents with a deadline and a direction note. */
  assign: 'documents.assign',
  /** Xử lý: report progress on, complete or return an incoming document one is assigned to. */
  handle: 'documents.handle',
  /** Soạn thảo: draft outgoing documents and submit them for approval. */
  draft: 'documents.draft',
  /** Phê duyệt: approve or reject drafts, record one's signature, recall issued documents. */
  approve: 'documents.approve',
  /** Phát hành: number, record signatures, issue and recall outgoing documents; keep the outgoing register. */
  issue: 'documents.issue',
  /** Read documents of the units in scope (confidential ones only when given to the reader). */
  read: 'documents.read',
  /** Handling and overdue reports, register books. */
  report: 'documents.report',
} as const;

export const documentsPermissions = [
  {
    name: DocumentsPermissions.register,
    description: 'Register incoming documents and submit them to a leader',
  },
  {
    name: DocumentsPermissions.assign,
    description: 'Assign incoming documents to departments and officials with a deadline',
  },
  {
    name: DocumentsPermissions.handle,
    description: 'Handle assigned incoming documents: progress, completion, return',
  },
  { name: DocumentsPermissions.draft, description: 'Draft outgoing documents and submit them for approval' },
  {
    name: DocumentsPermissions.approve,
    description: 'Approve or reject outgoing drafts, sign, recall issued documents',
  },
  {
    name: DocumentsPermissions.issue,
    description: 'Number, record signatures, issue and recall outgoing documents',
  },
  { name: DocumentsPermissions.read, description: 'Read documents of the units in scope' },
  { name: DocumentsPermissions.report, description: 'Handling and overdue reports and register books' },
];

const P = DocumentsPermissions;
export const documentsRoles: Record<string, string[]> = {
  [StandardRoles.recordsClerk]: [P.register, P.draft, P.issue, P.read, P.report],
  [StandardRoles.leader]: [P.assign, P.handle, P.approve, P.read, P.report],
  [StandardRoles.specialist]: [P.handle, P.draft, P.read],
  [StandardRoles.auditor]: [P.read, P.report],
};
