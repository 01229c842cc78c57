import { definePlugin } from '../../src';
import { Procedure } from './entities/procedure.entity';
import { ProcedureVersion } from './entities/procedure-version.entity';
import { CatalogueResolver, ProcedureVersionResolver } from './graphql/catalogue.resolver';
import { proceduresMigrations } from './migrations';
import { proceduresPermissions, proceduresRoles } from './permissions';
import { readProceduresOptions, type ProceduresOptions } from './options';

export const proceduresPlugin = definePlugin<ProceduresOptions>({
  id: 'procedures',
  description: 'Procedure catalogue, one-stop dossiers from intake to result, deadlines, citizen lookup, satisfaction and statistics',
  dependsOn: ['staff'],
  options: readProceduresOptions,
  entities: () => [Procedure, ProcedureVersion],
  resolvers: () => [CatalogueResolver, ProcedureVersionResolver],
  migrations: () => proceduresMigrations,
  permissions: proceduresPermissions,
  roles: proceduresRoles,
});
