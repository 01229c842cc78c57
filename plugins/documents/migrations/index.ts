import { Migration20261122200000_documents } from './Migration20261122200000_documents';
import { Migration20261204010000_documents_recipient_position } from './Migration20261204010000_documents_recipient_position';
import { Migration20261206123000_documents_dashboard_idx } from './Migration20261206123000_documents_dashboard_idx';

/** In order. */
export const documentsMigrations = [
  Migration20261122200000_documents,
  Migration20261204010000_documents_recipient_position,
  Migration20261206123000_documents_dashboard_idx,
];
