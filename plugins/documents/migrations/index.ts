import { Migration20261122200000_documents } from './Migration20261122200000_documents';
import { Migration20261204010000_documents_recipient_position } from './Migration20261204010000_documents_recipient_position';

/** In order. */
export const documentsMigrations = [
  Migration20261122200000_documents,
  Migration20261204010000_documents_recipient_position,
];
