import { StandardRoles } from '../../src';

export const ReformIndexPermissions = {
  /** Read the service index, criteria sets, rounds, scores, results and rankings of the units in scope. */
  read: 'reform-index.read',
  /** Tự đánh giá: score one's own unit with evidence; enter the service index's non-computed values. */
  selfAssess: 'reform-index.self-assess',
  /** Thẩm định: change a unit's score with a reason, over the appraising unit (the province). */
  appraise: 'reform-index.appraise',
  /** Import criteria sets, open and move rounds, amend the service index's criteria. */
  manage: 'reform-index.manage',
} as const;

export const reformIndexPermissions = [
  {
    name: ReformIndexPermissions.read,
    description: 'Read the service index and the CCHC assessment in scope',
  },
  {
    name: ReformIndexPermissions.selfAssess,
    description: "Self-assess one's unit and enter index values with evidence",
  },
  {
    name: ReformIndexPermissions.appraise,
    description: 'Appraise units’ scores, with a reason per changed score',
  },
  {
    name: ReformIndexPermissions.manage,
    description: 'Import criteria sets, open and close rounds, amend criteria',
  },
];

/** Realm roles of this plugin: the unit's self-assessors and the province's appraisal council. */
export const ReformIndexRoles = {
  selfAssessor: 'cchc-self-assessor',
  appraiser: 'cchc-appraiser',
} as const;

const P = ReformIndexPermissions;
export const reformIndexRoles: Record<string, string[]> = {
  [ReformIndexRoles.selfAssessor]: [P.read, P.selfAssess],
  [ReformIndexRoles.appraiser]: [P.read, P.appraise, P.manage],
  [StandardRoles.leader]: [P.read],
  [StandardRoles.auditor]: [P.read],
};
