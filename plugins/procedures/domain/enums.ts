import { registerEnumType } from 'type-graphql';

/** The level of government that resolves a procedure (cấp giải quyết). */
export enum ResolvingLevel {
  PROVINCE = 'PROVINCE',
  /** Abolished on 1 Jul 2025; kept for the history of older procedures. */
  DISTRICT = 'DISTRICT',
  COMMUNE = 'COMMUNE',
}
registerEnumType(ResolvingLevel, {
  name: 'ResolvingLevel',
  description: 'Cấp giải quyết: province, district (before 2025) or commune',
});

/** Online-service level (mức độ dịch vụ công trực tuyến). */
export enum OnlineServiceLevel {
  /** Một phần: filed online, but some step (payment, originals, result) happens in person. */
  PARTIAL = 'PARTIAL',
  /** Toàn trình: the whole procedure online. */
  FULL = 'FULL',
}
registerEnumType(OnlineServiceLevel, {
  name: 'OnlineServiceLevel',
  description: 'Online service: PARTIAL (một phần) or FULL (toàn trình)',
});

/** How a dossier reached the agency. */
export enum DossierChannel {
  /** Trực tiếp, at the one-stop counter. */
  COUNTER = 'COUNTER',
  /** Trực tuyến, through the public service portal. */
  ONLINE = 'ONLINE',
  /** Bưu chính công ích. */
  POST = 'POST',
}
registerEnumType(DossierChannel, {
  name: 'DossierChannel',
  description: 'Intake channel: counter (trực tiếp), online (trực tuyến), post (bưu chính)',
});

/** National dossier statuses (codes used when syncing with the national portal). */
export enum DossierStatus {
  NEW = 1,
  RECEIVED = 2,
  NOT_RECEIVED = 3,
  PROCESSING = 4,
  SUPPLEMENT_REQUESTED = 5,
  AWAITING_FINANCIAL_OBLIGATION = 6,
  WITHDRAWAL_REQUESTED = 7,
  STOPPED = 8,
  RESOLVED = 9,
  RETURNED = 10,
}
registerEnumType(DossierStatus, {
  name: 'DossierStatus',
  description:
    'National statuses 1-10: new, received, not received, processing, supplement requested, awaiting financial obligation, withdrawal requested, stopped, resolved, result returned',
  valuesConfig: {
    NEW: { description: '1 – submitted online, awaiting reception' },
    RECEIVED: { description: '2 – received, receipt issued' },
    NOT_RECEIVED: { description: '3 – refused at intake (Mẫu 03)' },
    PROCESSING: { description: '4 – being processed' },
    SUPPLEMENT_REQUESTED: { description: '5 – supplement requested (Mẫu 02); the clock is stopped' },
    AWAITING_FINANCIAL_OBLIGATION: {
      description: '6 – waiting for the applicant to pay fees or taxes; the clock is stopped',
    },
    WITHDRAWAL_REQUESTED: { description: '7 – the applicant asked to withdraw' },
    STOPPED: {
      description: '8 – processing stopped (a notice), withdrawn, or supplement not received in time',
    },
    RESOLVED: { description: '9 – resolved, result ready at the desk' },
    RETURNED: { description: '10 – result returned to the applicant' },
  },
});

/** What can happen to a dossier: the rows of the transition table. */
export enum DossierAction {
  SUBMIT_ONLINE = 'SUBMIT_ONLINE',
  RECEIVE_AT_COUNTER = 'RECEIVE_AT_COUNTER',
  RECEIVE = 'RECEIVE',
  REFUSE = 'REFUSE',
  TRANSFER = 'TRANSFER',
  ACCEPT_TRANSFER = 'ACCEPT_TRANSFER',
  REQUEST_SUPPLEMENT = 'REQUEST_SUPPLEMENT',
  RECEIVE_SUPPLEMENT = 'RECEIVE_SUPPLEMENT',
  EXPIRE_SUPPLEMENT = 'EXPIRE_SUPPLEMENT',
  APOLOGISE = 'APOLOGISE',
  REQUEST_FINANCIAL_OBLIGATION = 'REQUEST_FINANCIAL_OBLIGATION',
  CONFIRM_FINANCIAL_OBLIGATION = 'CONFIRM_FINANCIAL_OBLIGATION',
  REQUEST_WITHDRAWAL = 'REQUEST_WITHDRAWAL',
  ACCEPT_WITHDRAWAL = 'ACCEPT_WITHDRAWAL',
  CANCEL_WITHDRAWAL = 'CANCEL_WITHDRAWAL',
  STOP = 'STOP',
  PROPOSE_RESULT = 'PROPOSE_RESULT',
  RETURN_PROPOSAL = 'RETURN_PROPOSAL',
  APPROVE = 'APPROVE',
  RECORD_RESULT = 'RECORD_RESULT',
  RETURN_RESULT = 'RETURN_RESULT',
}
registerEnumType(DossierAction, {
  name: 'DossierAction',
  description: 'A transition of the dossier lifecycle',
});

export enum ApplicantKind {
  CITIZEN = 'CITIZEN',
  ORGANISATION = 'ORGANISATION',
}
registerEnumType(ApplicantKind, { name: 'ApplicantKind' });

/** Digitisation state of a dossier component (số hóa thành phần hồ sơ). */
export enum DigitisationState {
  NOT_DIGITISED = 'NOT_DIGITISED',
  DIGITISED = 'DIGITISED',
  /** Re-used from an earlier dossier or the national data repository. */
  REUSED = 'REUSED',
}
registerEnumType(DigitisationState, { name: 'DigitisationState' });

/** Verdict on a finished dossier or step. */
export enum Timeliness {
  EARLY = 'EARLY',
  ON_TIME = 'ON_TIME',
  LATE = 'LATE',
}
registerEnumType(Timeliness, {
  name: 'Timeliness',
  description: 'EARLY (trước hạn), ON_TIME (đúng hạn: on the due date), LATE (quá hạn)',
});

/** Why a dossier ended without a result. */
export enum DossierEndReason {
  REFUSED = 'REFUSED',
  STOPPED = 'STOPPED',
  WITHDRAWN = 'WITHDRAWN',
  SUPPLEMENT_EXPIRED = 'SUPPLEMENT_EXPIRED',
}
registerEnumType(DossierEndReason, { name: 'DossierEndReason' });

/** Why the clock stands still. */
export enum PauseKind {
  SUPPLEMENT = 'SUPPLEMENT',
  FINANCIAL_OBLIGATION = 'FINANCIAL_OBLIGATION',
}
registerEnumType(PauseKind, { name: 'ClockPauseKind' });

/** Where the applicant gets the result. */
export enum ResultDelivery {
  AT_DESK = 'AT_DESK',
  POST = 'POST',
  ONLINE = 'ONLINE',
}
registerEnumType(ResultDelivery, { name: 'ResultDelivery' });

/** When an agency's dossier sequence restarts. */
export enum SequenceReset {
  DAILY = 'DAILY',
  MONTHLY = 'MONTHLY',
  YEARLY = 'YEARLY',
}
registerEnumType(SequenceReset, { name: 'SequenceReset' });

/**
 * What a supplement does to the processing time, per procedure: PAUSE stops the clock until the
 * supplement arrives and then resumes it (the default); RESTART counts the whole limit again from the
 * day the complete dossier arrives (procedures whose time runs "from receipt of a complete dossier").
 */
export enum SupplementClock {
  PAUSE = 'PAUSE',
  RESTART = 'RESTART',
}
registerEnumType(SupplementClock, {
  name: 'SupplementClock',
  description:
    'PAUSE: the clock stops during a supplement and resumes when it arrives (default); RESTART: the whole limit counts again from its arrival',
});
