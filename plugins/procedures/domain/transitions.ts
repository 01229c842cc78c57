import { DossierAction, DossierStatus } from './enums';
import { ProceduresPermissions as P } from '../permissions';
import { OneStopForm } from './forms';

const S = DossierStatus;

/**
 * Whose unit a transition is checked against: the owner (the receiving agency's unit: desk work),
 * the holder (the agency that holds the dossier now: processing work), or either.
 */
export type TransitionScope = 'OWNER' | 'HOLDER' | 'OWNER_OR_HOLDER' | 'SYSTEM';

export interface TransitionRule {
  action: DossierAction;
  /** Statuses the dossier may be in. */
  from: readonly DossierStatus[];
  /** Status after the transition; 'SAME' keeps it, 'RESTORE' goes back to where it was before the pause or request. */
  to: DossierStatus | 'SAME' | 'RESTORE';
  /** Any one of these permissions allows it (checked in the unit given by `scope`). */
  permissions: readonly string[];
  scope: TransitionScope;
  /** Moves the dossier to another holder (a control-slip row with its own hold). */
  handover: boolean;
  /** Form issued with it (numbers and titles: domain/forms.ts). */
  form?: OneStopForm;
  /** Ends the dossier without a result. */
  ends?: boolean;
  /** Needs a transfer to have been accepted by the holder first. */
  needsAcceptedTransfer?: boolean;
  description: string;
}

const rule = (r: TransitionRule) => r;

/**
 * The dossier lifecycle with the national statuses 1-10. Every transition goes through this table:
 * the current status, the permission, the unit scope; then optimistic locking, a step and an audit entry.
 */
export const TRANSITIONS: Record<DossierAction, TransitionRule> = {
  [DossierAction.SUBMIT_ONLINE]: rule({
    action: DossierAction.SUBMIT_ONLINE,
    from: [],
    to: S.NEW,
    permissions: [],
    scope: 'SYSTEM',
    handover: true,
    description: 'A citizen files online (public, 24/7); the dossier waits as new for reception',
  }),
  [DossierAction.RECEIVE_AT_COUNTER]: rule({
    action: DossierAction.RECEIVE_AT_COUNTER,
    from: [],
    to: S.RECEIVED,
    permissions: [P.dossiersReceive],
    scope: 'OWNER',
    handover: true,
    form: OneStopForm.RECEIPT,
    description: 'An officer receives a dossier at the counter or by post, issuing the receipt',
  }),
  [DossierAction.RECEIVE]: rule({
    action: DossierAction.RECEIVE,
    from: [S.NEW],
    to: S.RECEIVED,
    permissions: [P.dossiersReceive],
    scope: 'OWNER',
    handover: true,
    form: OneStopForm.RECEIPT,
    description: 'An officer receives an online dossier, issuing the receipt',
  }),
  [DossierAction.REFUSE]: rule({
    action: DossierAction.REFUSE,
    from: [S.NEW],
    to: S.NOT_RECEIVED,
    permissions: [P.dossiersReceive],
    scope: 'OWNER',
    handover: false,
    form: OneStopForm.REFUSAL,
    ends: true,
    description: 'An officer refuses an online dossier at intake, with the reason',
  }),
  [DossierAction.TRANSFER]: rule({
    action: DossierAction.TRANSFER,
    from: [S.RECEIVED, S.PROCESSING],
    to: S.PROCESSING,
    permissions: [P.dossiersTransfer],
    scope: 'HOLDER',
    handover: true,
    needsAcceptedTransfer: true,
    description:
      'The holder hands the dossier to a department or another agency (liên thông) with a time budget',
  }),
  [DossierAction.ACCEPT_TRANSFER]: rule({
    action: DossierAction.ACCEPT_TRANSFER,
    from: [S.PROCESSING],
    to: 'SAME',
    permissions: [P.dossiersProcess],
    scope: 'HOLDER',
    handover: false,
    description: 'The receiving department or agency accepts a transfer',
  }),
  [DossierAction.REQUEST_SUPPLEMENT]: rule({
    action: DossierAction.REQUEST_SUPPLEMENT,
    from: [S.NEW, S.RECEIVED, S.PROCESSING],
    to: S.SUPPLEMENT_REQUESTED,
    // From status 1 the desk asks (an online dossier checked before reception); later the holder.
    permissions: [P.dossiersProcess, P.dossiersReceive],
    scope: 'HOLDER',
    handover: false,
    form: OneStopForm.SUPPLEMENT_REQUEST,
    needsAcceptedTransfer: true,
    description:
      'The holder asks for a supplement (once per dossier, in writing; also for an online dossier before reception): the clock stops (or, per procedure, restarts) until it arrives, within its own deadline',
  }),
  [DossierAction.RECEIVE_SUPPLEMENT]: rule({
    action: DossierAction.RECEIVE_SUPPLEMENT,
    from: [S.SUPPLEMENT_REQUESTED],
    to: 'RESTORE',
    permissions: [P.dossiersReceive, P.dossiersProcess],
    scope: 'OWNER_OR_HOLDER',
    handover: false,
    description: 'The supplement arrives: the clock resumes and the appointment moves by the paused time',
  }),
  [DossierAction.EXPIRE_SUPPLEMENT]: rule({
    action: DossierAction.EXPIRE_SUPPLEMENT,
    from: [S.SUPPLEMENT_REQUESTED],
    to: S.STOPPED,
    permissions: [],
    scope: 'SYSTEM',
    handover: false,
    ends: true,
    description: 'The supplement was not received by its deadline: the dossier ends (scheduled job)',
  }),
  [DossierAction.APOLOGISE]: rule({
    action: DossierAction.APOLOGISE,
    from: [S.RECEIVED, S.PROCESSING, S.AWAITING_FINANCIAL_OBLIGATION],
    to: 'SAME',
    permissions: [P.dossiersReceive, P.dossiersProcess],
    scope: 'OWNER_OR_HOLDER',
    handover: false,
    form: OneStopForm.APOLOGY,
    description: 'The dossier is late: apologise to the applicant and set a new appointment (sent by email)',
  }),
  [DossierAction.REQUEST_FINANCIAL_OBLIGATION]: rule({
    action: DossierAction.REQUEST_FINANCIAL_OBLIGATION,
    from: [S.PROCESSING],
    to: S.AWAITING_FINANCIAL_OBLIGATION,
    permissions: [P.dossiersProcess],
    scope: 'HOLDER',
    handover: false,
    needsAcceptedTransfer: true,
    description: 'The applicant must pay fees or taxes first: the clock stops until they are paid',
  }),
  [DossierAction.CONFIRM_FINANCIAL_OBLIGATION]: rule({
    action: DossierAction.CONFIRM_FINANCIAL_OBLIGATION,
    from: [S.AWAITING_FINANCIAL_OBLIGATION],
    to: S.PROCESSING,
    permissions: [P.dossiersReceive, P.dossiersProcess],
    scope: 'OWNER_OR_HOLDER',
    handover: false,
    description: 'The obligation is met: the clock resumes',
  }),
  [DossierAction.REQUEST_WITHDRAWAL]: rule({
    action: DossierAction.REQUEST_WITHDRAWAL,
    from: [S.NEW, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.AWAITING_FINANCIAL_OBLIGATION],
    to: S.WITHDRAWAL_REQUESTED,
    permissions: [P.dossiersReceive],
    scope: 'OWNER',
    handover: false,
    description: "The desk records the applicant's written request to withdraw",
  }),
  [DossierAction.ACCEPT_WITHDRAWAL]: rule({
    action: DossierAction.ACCEPT_WITHDRAWAL,
    from: [S.WITHDRAWAL_REQUESTED],
    to: S.STOPPED,
    permissions: [P.dossiersReceive],
    scope: 'OWNER',
    handover: false,
    ends: true,
    description: 'The withdrawal is accepted: the dossier ends',
  }),
  [DossierAction.CANCEL_WITHDRAWAL]: rule({
    action: DossierAction.CANCEL_WITHDRAWAL,
    from: [S.WITHDRAWAL_REQUESTED],
    to: 'RESTORE',
    permissions: [P.dossiersReceive],
    scope: 'OWNER',
    handover: false,
    description: 'The applicant takes the withdrawal request back',
  }),
  [DossierAction.STOP]: rule({
    action: DossierAction.STOP,
    from: [S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.AWAITING_FINANCIAL_OBLIGATION],
    to: S.STOPPED,
    permissions: [P.dossiersApprove],
    scope: 'OWNER_OR_HOLDER',
    handover: false,
    ends: true,
    form: OneStopForm.STOP_NOTICE,
    description:
      'A leader stops processing, with the reason and a written notice (Mẫu 05 of Thông tư 03/2025/TT-VPCP from 15/9/2025)',
  }),
  [DossierAction.PROPOSE_RESULT]: rule({
    action: DossierAction.PROPOSE_RESULT,
    from: [S.RECEIVED, S.PROCESSING],
    to: 'SAME',
    // The holder's specialist (or, for a procedure settled at the desk, its officer) proposes.
    permissions: [P.dossiersProcess, P.dossiersReceive],
    scope: 'HOLDER',
    handover: false,
    needsAcceptedTransfer: true,
    description:
      'The specialist proposes the result (a grant or a refusal) to the leader: it enters the approval queue',
  }),
  [DossierAction.RETURN_PROPOSAL]: rule({
    action: DossierAction.RETURN_PROPOSAL,
    from: [S.RECEIVED, S.PROCESSING],
    to: 'SAME',
    permissions: [P.dossiersApprove],
    scope: 'HOLDER',
    handover: false,
    description:
      'The leader returns the proposal to the specialist, with the reason; it may be proposed again',
  }),
  [DossierAction.APPROVE]: rule({
    action: DossierAction.APPROVE,
    from: [S.RECEIVED, S.PROCESSING],
    to: 'SAME',
    permissions: [P.dossiersApprove],
    scope: 'HOLDER',
    handover: false,
    needsAcceptedTransfer: true,
    description: 'A leader approves the proposed result (once)',
  }),
  [DossierAction.RECORD_RESULT]: rule({
    action: DossierAction.RECORD_RESULT,
    from: [S.RECEIVED, S.PROCESSING],
    to: S.RESOLVED,
    permissions: [P.dossiersProcess, P.dossiersReceive],
    scope: 'HOLDER',
    handover: true,
    needsAcceptedTransfer: true,
    description:
      'The approved result (number, signer, digitised or not) goes back to the one-stop desk: resolved',
  }),
  [DossierAction.RETURN_RESULT]: rule({
    action: DossierAction.RETURN_RESULT,
    from: [S.RESOLVED],
    to: S.RETURNED,
    permissions: [P.dossiersReceive],
    scope: 'OWNER',
    handover: true,
    description: 'The desk hands the result to the applicant',
  }),
};

/** The table as data (for documentation and UIs). */
export function transitionTable(): TransitionRule[] {
  return Object.values(TRANSITIONS);
}
