/** The reform-index plugin's public face. */
export { reformIndexPlugin as plugin, reformIndexPlugin } from './reform-index.plugin';
export { ReformIndexPermissions, ReformIndexRoles } from './permissions';
export { serviceIndex } from './services/service-index.service';
export { QD_766_CRITERIA, pointsFor } from './domain/service-index';
export { assessment } from './services/assessment.service';
export { flattenCriteria, parseCriteriaJson, parseCriteriaXlsx, XLSX_COLUMNS } from './domain/criteria-set';
export type { CriterionNode } from './domain/criteria-set';
