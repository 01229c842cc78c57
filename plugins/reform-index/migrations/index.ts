import { Migration20261205140000_reform_index } from './Migration20261205140000_reform_index';

/** In order. */
export const reformIndexMigrations = [Migration20261205140000_reform_index];
