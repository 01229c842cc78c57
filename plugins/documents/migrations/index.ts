import { Migration20261122200000_documents } from './Migration20261122200000_documents';

/** In order. */
export const documentsMigrations = [Migration20261122200000_documents];
