/** The procedures plugin's public face: what other plugins may use. */
export { proceduresPlugin as plugin, proceduresPlugin } from './procedures.plugin';
export { ProceduresPermissions } from './permissions';
export { Procedure } from './entities/procedure.entity';
export { ProcedureVersion } from './entities/procedure-version.entity';
export { Dossier } from './entities/dossier.entity';
export { DossierStep } from './entities/dossier-step.entity';
/** Reading dossiers with the caller's permission and scope (other plugins check a dossier id here). */
export { dossiers } from './services/dossiers.service';
export { TRANSITIONS, transitionTable } from './domain/transitions';
export type { TransitionRule } from './domain/transitions';
export * from './domain/enums';
export { FORM_EDITIONS, OneStopForm, formEditionOn, formInForce, formOf } from './domain/forms';
export type { FormColumn, FormDefinition, FormEdition } from './domain/forms';
