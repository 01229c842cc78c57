import { registerEnumType } from 'type-graphql';
import { DossierEndReason, DossierStatus } from './enums';

/**
 * How a dossier can end, and how each ending enters Biểu II.06a: one table, the only place this is
 * written. The report's identity, received = resolved + in progress + ended otherwise, holds because
 * every ending of a received dossier lands in exactly one of "resolved" and "ended otherwise", and a
 * dossier refused at intake was never received (Thông tư 01/2020/TT-VPCP, Biểu II.06a; Thông tư
 * 01/2018/TT-VPCP, Mẫu 03 for the refusal at intake). A resolution refusing what was asked (a
 * decision of refusal, with its reasons) is a result: it is resolved, with its verdict.
 */
export enum DossierEnding {
  RESULT = 'RESULT',
  REFUSAL_DECISION = 'REFUSAL_DECISION',
  REFUSED_AT_INTAKE = 'REFUSED_AT_INTAKE',
  WITHDRAWN = 'WITHDRAWN',
  STOPPED = 'STOPPED',
  SUPPLEMENT_EXPIRED = 'SUPPLEMENT_EXPIRED',
}
registerEnumType(DossierEnding, {
  name: 'DossierEnding',
  description: 'How a dossier ended (the endings table, `dossierEndings`)',
});

/** The counter of Biểu II.06a an ending enters (besides "received", for a received dossier). */
export enum ReportCounter {
  /** Đã giải quyết: with its verdict (early, on time, late). */
  RESOLVED = 'RESOLVED',
  /** Ended otherwise (the report's `stopped`): received, never resolved. */
  ENDED_OTHERWISE = 'ENDED_OTHERWISE',
  /** Not in the report at all: never received. */
  NONE = 'NONE',
}
registerEnumType(ReportCounter, { name: 'ReportCounter' });

export interface EndingRule {
  ending: DossierEnding;
  /** Final statuses of this ending. */
  statuses: readonly DossierStatus[];
  endReason: DossierEndReason | null;
  /** Resolved with a refusal decision (true), with the result asked for (false), not resolved (null). */
  refusalDecision: boolean | null;
  /** Counted in "received" (received in the period or carried over). */
  received: boolean;
  counter: ReportCounter;
  description: string;
}

const S = DossierStatus;

export const ENDINGS: readonly EndingRule[] = [
  {
    ending: DossierEnding.RESULT,
    statuses: [S.RESOLVED, S.RETURNED],
    endReason: null,
    refusalDecision: false,
    received: true,
    counter: ReportCounter.RESOLVED,
    description: 'Resolved with the result asked for: resolved, early / on time / late',
  },
  {
    ending: DossierEnding.REFUSAL_DECISION,
    statuses: [S.RESOLVED, S.RETURNED],
    endReason: null,
    refusalDecision: true,
    received: true,
    counter: ReportCounter.RESOLVED,
    description:
      'Resolved with a decision refusing it (with reasons): a result, so resolved, early / on time / late',
  },
  {
    ending: DossierEnding.REFUSED_AT_INTAKE,
    statuses: [S.NOT_RECEIVED],
    endReason: DossierEndReason.REFUSED,
    refusalDecision: null,
    received: false,
    counter: ReportCounter.NONE,
    description: 'Not received (Mẫu 03): never received, so in no counter',
  },
  {
    ending: DossierEnding.WITHDRAWN,
    statuses: [S.STOPPED],
    endReason: DossierEndReason.WITHDRAWN,
    refusalDecision: null,
    received: true,
    counter: ReportCounter.ENDED_OTHERWISE,
    description: 'The applicant withdrew it: received, ended otherwise',
  },
  {
    ending: DossierEnding.STOPPED,
    statuses: [S.STOPPED],
    endReason: DossierEndReason.STOPPED,
    refusalDecision: null,
    received: true,
    counter: ReportCounter.ENDED_OTHERWISE,
    description: 'A leader stopped processing (with a written notice): received, ended otherwise',
  },
  {
    ending: DossierEnding.SUPPLEMENT_EXPIRED,
    statuses: [S.STOPPED],
    endReason: DossierEndReason.SUPPLEMENT_EXPIRED,
    refusalDecision: null,
    received: true,
    counter: ReportCounter.ENDED_OTHERWISE,
    description: 'The supplement did not come by its deadline: received, ended otherwise',
  },
];

/** The ending of a finished dossier (null while it is open). */
export function endingOf(d: {
  status: DossierStatus;
  endReason: DossierEndReason | null;
  resultRefusal: boolean | null;
}): DossierEnding | null {
  const rule = ENDINGS.find(
    (r) =>
      r.statuses.includes(d.status) &&
      r.endReason === (d.endReason ?? null) &&
      (r.refusalDecision === null || r.refusalDecision === Boolean(d.resultRefusal)),
  );
  return rule?.ending ?? null;
}
