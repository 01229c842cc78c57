import { Migration20261122000000_core } from './Migration20261122000000_core';

/** Core's migrations, applied before any plugin's. */
export const coreMigrations = [Migration20261122000000_core];
