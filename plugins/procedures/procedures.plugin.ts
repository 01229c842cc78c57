import { DossiersDashboardResolver } from './graphql/dashboard.resolver';
import { DossierEndingResolver, EndingsResolver } from './graphql/endings.resolver';
import { definePlugin } from '../../src';
import { Procedure } from './entities/procedure.entity';
import { ProcedureVersion } from './entities/procedure-version.entity';
import { CodePattern } from './entities/code-pattern.entity';
import { Dossier } from './entities/dossier.entity';
import { DossierComponent } from './entities/dossier-component.entity';
import { DossierStep } from './entities/dossier-step.entity';
import { DossierPause } from './entities/dossier-pause.entity';
import { Receipt } from './entities/receipt.entity';
import { Rating } from './entities/rating.entity';
import { CatalogueResolver, ProcedureVersionResolver } from './graphql/catalogue.resolver';
import { DossierComponentResolver, DossiersResolver } from './graphql/dossiers.resolver';
import { DossierStepResolver, LifecycleResolver } from './graphql/lifecycle.resolver';
import { FormsResolver } from './graphql/forms.resolver';
import { LookupResolver } from './graphql/lookup.resolver';
import { PrintingResolver } from './graphql/printing.resolver';
import { DossierRatingResolver, SatisfactionResolver } from './graphql/satisfaction.resolver';
import { StatisticsResolver } from './graphql/statistics.resolver';
import { DossierLiveResolver } from './live/dossier-live';
import { supplementExpiryJob, supplementSweepJob } from './jobs/supplement-expiry.job';
import { proceduresMigrations } from './migrations';
import { proceduresPermissions, proceduresRoles } from './permissions';
import { readProceduresOptions, type ProceduresOptions } from './options';
import { proceduresDemoSeed } from './seeds/demo.seed';
import { publicPages } from './http/routes';

export const proceduresPlugin = definePlugin<ProceduresOptions>({
  id: 'procedures',
  description:
    'Procedure catalogue, one-stop dossiers from intake to result, deadlines, citizen lookup, satisfaction and statistics',
  dependsOn: ['staff'],
  options: readProceduresOptions,
  entities: () => [
    Procedure,
    ProcedureVersion,
    CodePattern,
    Dossier,
    DossierComponent,
    DossierStep,
    DossierPause,
    Receipt,
    Rating,
  ],
  resolvers: () => [
    CatalogueResolver,
    ProcedureVersionResolver,
    DossiersResolver,
    DossierComponentResolver,
    LifecycleResolver,
    DossierStepResolver,
    LookupResolver,
    SatisfactionResolver,
    DossierRatingResolver,
    StatisticsResolver,
    FormsResolver,
    PrintingResolver,
    EndingsResolver,
    DossierEndingResolver,
    DossierLiveResolver,
    DossiersDashboardResolver,
  ],
  migrations: () => proceduresMigrations,
  permissions: proceduresPermissions,
  roles: proceduresRoles,
  jobs: [supplementExpiryJob, supplementSweepJob],
  // Scans of dossier components live in the core file store; its orphan sweep keeps these.
  fileReferences: [
    { table: 'procedures_dossier_component', column: 'file_id', kind: 'id' },
    { table: 'procedures_dossier', column: 'result_file_id', kind: 'id' },
  ],
  seeds: [proceduresDemoSeed],
  // The page behind each procedure's QR code and the citizen's lookup form, server-rendered.
  routes: publicPages,
});
