import { registerEnumType } from 'type-graphql';

/** Văn bản đến (incoming) or văn bản đi (outgoing). */
export enum DocumentDirection {
  INCOMING = 'INCOMING',
  OUTGOING = 'OUTGOING',
}
registerEnumType(DocumentDirection, {
  name: 'DocumentDirection',
  description: 'Văn bản đến (INCOMING) or văn bản đi (OUTGOING)',
});

/**
 * Thể loại văn bản hành chính, Decree 30/2020 art. 7 (29 types), with the abbreviations of its
 * Appendix III. OTHER covers incoming legal documents (luật, nghị định, thông tư …) and the rest.
 */
export enum DocumentType {
  RESOLUTION = 'RESOLUTION',
  DECISION = 'DECISION',
  DIRECTIVE = 'DIRECTIVE',
  REGULATION = 'REGULATION',
  RULES = 'RULES',
  COMMUNIQUE = 'COMMUNIQUE',
  NOTICE = 'NOTICE',
  GUIDANCE = 'GUIDANCE',
  PROGRAMME = 'PROGRAMME',
  PLAN = 'PLAN',
  SCHEME = 'SCHEME',
  PROPOSAL_SCHEME = 'PROPOSAL_SCHEME',
  PROJECT = 'PROJECT',
  REPORT = 'REPORT',
  MINUTES = 'MINUTES',
  SUBMISSION = 'SUBMISSION',
  CONTRACT = 'CONTRACT',
  OFFICIAL_LETTER = 'OFFICIAL_LETTER',
  TELEGRAM = 'TELEGRAM',
  MEMORANDUM = 'MEMORANDUM',
  AGREEMENT = 'AGREEMENT',
  AUTHORISATION = 'AUTHORISATION',
  INVITATION = 'INVITATION',
  INTRODUCTION = 'INTRODUCTION',
  LEAVE_PERMIT = 'LEAVE_PERMIT',
  DISPATCH_SLIP = 'DISPATCH_SLIP',
  TRANSFER_SLIP = 'TRANSFER_SLIP',
  NOTIFICATION_SLIP = 'NOTIFICATION_SLIP',
  PUBLIC_LETTER = 'PUBLIC_LETTER',
  OTHER = 'OTHER',
}
registerEnumType(DocumentType, {
  name: 'DocumentType',
  description: 'Thể loại văn bản (Decree 30/2020 art. 7); names and abbreviations in documentTypes',
});

/** Vietnamese name and notation abbreviation (Decree 30/2020 Appendix III) of each type. */
export const DOCUMENT_TYPES: Record<DocumentType, { name: string; abbreviation: string | null }> = {
  RESOLUTION: { name: 'Nghị quyết', abbreviation: 'NQ' },
  DECISION: { name: 'Quyết định', abbreviation: 'QĐ' },
  DIRECTIVE: { name: 'Chỉ thị', abbreviation: 'CT' },
  REGULATION: { name: 'Quy chế', abbreviation: 'QC' },
  RULES: { name: 'Quy định', abbreviation: 'QYĐ' },
  COMMUNIQUE: { name: 'Thông cáo', abbreviation: 'TC' },
  NOTICE: { name: 'Thông báo', abbreviation: 'TB' },
  GUIDANCE: { name: 'Hướng dẫn', abbreviation: 'HD' },
  PROGRAMME: { name: 'Chương trình', abbreviation: 'CTr' },
  PLAN: { name: 'Kế hoạch', abbreviation: 'KH' },
  SCHEME: { name: 'Phương án', abbreviation: 'PA' },
  PROPOSAL_SCHEME: { name: 'Đề án', abbreviation: 'ĐA' },
  PROJECT: { name: 'Dự án', abbreviation: 'DA' },
  REPORT: { name: 'Báo cáo', abbreviation: 'BC' },
  MINUTES: { name: 'Biên bản', abbreviation: 'BB' },
  SUBMISSION: { name: 'Tờ trình', abbreviation: 'TTr' },
  CONTRACT: { name: 'Hợp đồng', abbreviation: 'HĐ' },
  OFFICIAL_LETTER: { name: 'Công văn', abbreviation: null },
  TELEGRAM: { name: 'Công điện', abbreviation: 'CĐ' },
  MEMORANDUM: { name: 'Bản ghi nhớ', abbreviation: 'GNH' },
  AGREEMENT: { name: 'Bản thỏa thuận', abbreviation: 'TTh' },
  AUTHORISATION: { name: 'Giấy ủy quyền', abbreviation: 'GUQ' },
  INVITATION: { name: 'Giấy mời', abbreviation: 'GM' },
  INTRODUCTION: { name: 'Giấy giới thiệu', abbreviation: 'GGT' },
  LEAVE_PERMIT: { name: 'Giấy nghỉ phép', abbreviation: 'GNP' },
  DISPATCH_SLIP: { name: 'Phiếu gửi', abbreviation: 'PG' },
  TRANSFER_SLIP: { name: 'Phiếu chuyển', abbreviation: 'PC' },
  NOTIFICATION_SLIP: { name: 'Phiếu báo', abbreviation: 'PB' },
  PUBLIC_LETTER: { name: 'Thư công', abbreviation: null },
  OTHER: { name: 'Văn bản khác', abbreviation: null },
};

/** Mức độ khẩn. */
export enum Urgency {
  NORMAL = 'NORMAL',
  URGENT = 'URGENT',
  VERY_URGENT = 'VERY_URGENT',
  FLASH = 'FLASH',
}
registerEnumType(Urgency, {
  name: 'DocumentUrgency',
  description: 'Thường, khẩn (URGENT), thượng khẩn (VERY_URGENT), hỏa tốc (FLASH)',
});
export const URGENCY_NAMES: Record<Urgency, string> = {
  NORMAL: 'Thường',
  URGENT: 'Khẩn',
  VERY_URGENT: 'Thượng khẩn',
  FLASH: 'Hỏa tốc',
};

/** Độ mật. Anything above NORMAL is visible only to the people the document was given to. */
export enum Confidentiality {
  NORMAL = 'NORMAL',
  CONFIDENTIAL = 'CONFIDENTIAL',
  SECRET = 'SECRET',
  TOP_SECRET = 'TOP_SECRET',
}
registerEnumType(Confidentiality, {
  name: 'DocumentConfidentiality',
  description: 'Thường, mật (CONFIDENTIAL), tối mật (SECRET), tuyệt mật (TOP_SECRET)',
});
export const CONFIDENTIALITY_NAMES: Record<Confidentiality, string> = {
  NORMAL: 'Thường',
  CONFIDENTIAL: 'Mật',
  SECRET: 'Tối mật',
  TOP_SECRET: 'Tuyệt mật',
};

/** One status enum for both directions; each direction uses its own part. */
export enum DocumentStatus {
  // outgoing
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  REJECTED = 'REJECTED',
  APPROVED = 'APPROVED',
  NUMBERED = 'NUMBERED',
  SIGNED = 'SIGNED',
  ISSUED = 'ISSUED',
  // incoming
  REGISTERED = 'REGISTERED',
  ASSIGNED = 'ASSIGNED',
  IN_PROGRESS = 'IN_PROGRESS',
  RETURNED = 'RETURNED',
  COMPLETED = 'COMPLETED',
  // both: an issued document recalled by its issuer, and the recipients' withdrawn copies
  RECALLED = 'RECALLED',
}
registerEnumType(DocumentStatus, {
  name: 'DocumentStatus',
  description:
    'Outgoing: DRAFT, SUBMITTED, REJECTED, APPROVED, NUMBERED, SIGNED, ISSUED. Incoming: REGISTERED, ASSIGNED, IN_PROGRESS, RETURNED, COMPLETED. Both: RECALLED',
});
export const STATUS_NAMES: Record<DocumentStatus, string> = {
  DRAFT: 'Dự thảo',
  SUBMITTED: 'Chờ duyệt',
  REJECTED: 'Bị trả lại',
  APPROVED: 'Đã duyệt',
  NUMBERED: 'Đã cấp số',
  SIGNED: 'Đã ký số',
  ISSUED: 'Đã ban hành',
  REGISTERED: 'Đã vào sổ',
  ASSIGNED: 'Đã giao xử lý',
  IN_PROGRESS: 'Đang xử lý',
  RETURNED: 'Trả lại lãnh đạo',
  COMPLETED: 'Đã hoàn thành',
  RECALLED: 'Đã thu hồi',
};

export enum HandlerRole {
  /** Đơn vị / cá nhân chủ trì. */
  LEAD = 'LEAD',
  /** Đơn vị / cá nhân phối hợp. */
  CO_HANDLER = 'CO_HANDLER',
}
registerEnumType(HandlerRole, {
  name: 'DocumentHandlerRole',
  description: 'Chủ trì (LEAD) or phối hợp (CO_HANDLER)',
});

export enum HandlerStatus {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  /** The lead gave the document back to the leader. */
  RETURNED = 'RETURNED',
  /** Taken off by a reassignment, a recall, or because the official left. */
  REMOVED = 'REMOVED',
}
registerEnumType(HandlerStatus, { name: 'DocumentHandlerStatus' });

export enum RecipientKind {
  /** An agency on the platform: gets its incoming copy automatically. */
  INTERNAL = 'INTERNAL',
  /** Outside the platform: by name, notified by email when an address is given. */
  EXTERNAL = 'EXTERNAL',
}
registerEnumType(RecipientKind, { name: 'DocumentRecipientKind' });

export enum RecipientStatus {
  /** Not issued yet (draft), or issued and the delivery job has not run yet. */
  PENDING = 'PENDING',
  /** Registered in the recipient agency's incoming register (acknowledged). */
  DELIVERED = 'DELIVERED',
  /** Outside recipient notified by email. */
  SENT = 'SENT',
  /** Outside recipient without an address: sent by other means (post). */
  NOT_SENT = 'NOT_SENT',
  RECALLED = 'RECALLED',
}
registerEnumType(RecipientStatus, { name: 'DocumentRecipientStatus' });

/** What a trace step records. */
export enum TraceAction {
  REGISTERED = 'REGISTERED',
  RECEIVED = 'RECEIVED',
  SUBMITTED_TO_LEADER = 'SUBMITTED_TO_LEADER',
  ASSIGNED = 'ASSIGNED',
  REASSIGNED = 'REASSIGNED',
  PROGRESS = 'PROGRESS',
  COMPLETED_PART = 'COMPLETED_PART',
  COMPLETED = 'COMPLETED',
  RETURNED = 'RETURNED',
  DRAFTED = 'DRAFTED',
  UPDATED = 'UPDATED',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  NUMBERED = 'NUMBERED',
  SIGNED = 'SIGNED',
  ISSUED = 'ISSUED',
  DELIVERED = 'DELIVERED',
  ATTACHED = 'ATTACHED',
  RECALLED = 'RECALLED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(TraceAction, { name: 'DocumentTraceAction' });
export const TRACE_NAMES: Record<TraceAction, string> = {
  REGISTERED: 'Vào sổ văn bản đến',
  RECEIVED: 'Tiếp nhận văn bản điện tử',
  SUBMITTED_TO_LEADER: 'Trình lãnh đạo',
  ASSIGNED: 'Giao xử lý',
  REASSIGNED: 'Giao lại',
  PROGRESS: 'Cập nhật tiến độ',
  COMPLETED_PART: 'Hoàn thành phần phối hợp',
  COMPLETED: 'Hoàn thành xử lý',
  RETURNED: 'Trả lại lãnh đạo',
  DRAFTED: 'Tạo dự thảo',
  UPDATED: 'Sửa dự thảo',
  SUBMITTED: 'Trình duyệt',
  APPROVED: 'Phê duyệt',
  REJECTED: 'Trả lại dự thảo',
  NUMBERED: 'Cấp số',
  SIGNED: 'Ký số',
  ISSUED: 'Ban hành',
  DELIVERED: 'Đã đến nơi nhận',
  ATTACHED: 'Đính kèm tệp',
  RECALLED: 'Thu hồi',
  WITHDRAWN: 'Bị thu hồi bởi nơi gửi',
};
