import { ServiceIndexDashboardResolver } from './graphql/dashboard.resolver';
import { definePlugin } from '../../src';
import { ServiceCriterion } from './entities/service-criterion.entity';
import { EnteredValue } from './entities/entered-value.entity';
import { CriteriaSet, Criterion } from './entities/criteria-set.entity';
import { AssessmentRound, AssessmentScore, Evidence } from './entities/round.entity';
import {
  EnteredValueResolver,
  ServiceIndexCriterionResultResolver,
  ServiceIndexResolver,
} from './graphql/service-index.resolver';
import {
  AssessmentRoundResolver,
  AssessmentScoreResolver,
  CriteriaSetResolver,
} from './graphql/assessment.resolver';
import { reformIndexMigrations } from './migrations';
import { reformIndexPermissions, reformIndexRoles } from './permissions';
import { reformIndexDemoSeed } from './seeds/demo.seed';

export const reformIndexPlugin = definePlugin({
  id: 'reform-index',
  description:
    'The service index of QĐ 766/QĐ-TTg computed live, and the administrative-reform (CCHC) self-assessment, appraisal and ranking',
  dependsOn: ['staff', 'procedures'],
  entities: () => [
    ServiceCriterion,
    EnteredValue,
    CriteriaSet,
    Criterion,
    AssessmentRound,
    AssessmentScore,
    Evidence,
  ],
  resolvers: () => [
    ServiceIndexResolver,
    ServiceIndexCriterionResultResolver,
    EnteredValueResolver,
    CriteriaSetResolver,
    AssessmentRoundResolver,
    AssessmentScoreResolver,
    ServiceIndexDashboardResolver,
  ],
  migrations: () => reformIndexMigrations,
  permissions: reformIndexPermissions,
  roles: reformIndexRoles,
  seeds: [reformIndexDemoSeed],
  // Evidence files live in the core store; the orphan sweep keeps what these ids name.
  fileReferences: [{ table: 'reform_index_evidence', column: 'file_id', kind: 'id' }],
});
