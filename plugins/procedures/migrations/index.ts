import { Migration20261123000000_procedures_catalogue } from './Migration20261123000000_procedures_catalogue';

/** In order. */
export const proceduresMigrations = [Migration20261123000000_procedures_catalogue];
