import { Migration20261205140000_reform_index } from './Migration20261205140000_reform_index';
import { Migration20261205220000_cchc_metric_code } from './Migration20261205220000_cchc_metric_code';

/** In order. */
export const reformIndexMigrations = [
  Migration20261205140000_reform_index,
  Migration20261205220000_cchc_metric_code,
];
