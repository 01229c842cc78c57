/** The procedures plugin's public face: what other plugins may use. */
export { proceduresPlugin as plugin, proceduresPlugin } from './procedures.plugin';
export { ProceduresPermissions } from './permissions';
export { Procedure } from './entities/procedure.entity';
export { ProcedureVersion } from './entities/procedure-version.entity';
export * from './domain/enums';
