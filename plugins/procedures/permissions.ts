import { StandardRoles } from '../../src';

/** Permissions of the procedures plugin (dot-named, prefixed with the plugin id). */
export const ProceduresPermissions = {
  /** Publish and change procedures of the catalogue (national ones need a platform-wide scope). */
  catalogueManage: 'procedures.catalogue.manage',
  /** Per-agency settings: the dossier code pattern. */
  settingsManage: 'procedures.settings.manage',
  /** See dossiers (the register, a dossier, its receipt and control slip) in scope. */
  dossiersRead: 'procedures.dossiers.read',
  /** One-stop desk: receive (counter, post, online), refuse, receive a supplement, withdrawals, return the result. */
  dossiersReceive: 'procedures.dossiers.receive',
  /** Hand a dossier over to a department or another agency (liên thông). */
  dossiersTransfer: 'procedures.dossiers.transfer',
  /** Department: accept a transfer, request a supplement or financial obligation, record the result. */
  dossiersProcess: 'procedures.dossiers.process',
  /** Leader: approve the result, stop processing. */
  dossiersApprove: 'procedures.dossiers.approve',
  /** Statistics (Biểu II.06a) of units in scope. */
  statisticsRead: 'procedures.statistics.read',
  /** Satisfaction ratings and their aggregates in scope. */
  satisfactionRead: 'procedures.satisfaction.read',
} as const;

const P = ProceduresPermissions;

export const proceduresPermissions = [
  { name: P.catalogueManage, description: 'Publish procedures and new versions of them in the catalogue' },
  { name: P.settingsManage, description: 'Configure per-agency dossier settings (code pattern) in scope' },
  { name: P.dossiersRead, description: 'See dossiers in scope: register, receipts, control slips' },
  {
    name: P.dossiersReceive,
    description: 'One-stop desk work: receive, refuse, take supplements and withdrawals, return results',
  },
  { name: P.dossiersTransfer, description: 'Transfer dossiers to departments or other agencies' },
  {
    name: P.dossiersProcess,
    description:
      'Appraise dossiers: accept transfers, request supplements or financial obligations, record results',
  },
  { name: P.dossiersApprove, description: 'Approve results and stop processing' },
  { name: P.statisticsRead, description: 'Read dossier statistics (Biểu II.06a) in scope' },
  { name: P.satisfactionRead, description: 'Read satisfaction ratings and their aggregates in scope' },
];

/** Standard roles -> permissions. platform-admin holds every permission automatically. */
export const proceduresRoles: Record<string, string[]> = {
  [StandardRoles.oneStopOfficer]: [P.dossiersRead, P.dossiersReceive, P.dossiersTransfer],
  [StandardRoles.specialist]: [P.dossiersRead, P.dossiersTransfer, P.dossiersProcess],
  [StandardRoles.leader]: [
    P.dossiersRead,
    P.dossiersApprove,
    P.statisticsRead,
    P.satisfactionRead,
    P.catalogueManage,
  ],
  [StandardRoles.auditor]: [P.dossiersRead, P.statisticsRead, P.satisfactionRead],
  [StandardRoles.itAdmin]: [P.settingsManage, P.catalogueManage],
};
