import { Migration20261122000000_core } from './Migration20261122000000_core';
import { Migration20261204020000_core_audit_agency } from './Migration20261204020000_core_audit_agency';
import { Migration20261204030000_core_rate_limit } from './Migration20261204030000_core_rate_limit';
import { Migration20261205090000_core_files } from './Migration20261205090000_core_files';
import { Migration20261206190000_core_local_time } from './Migration20261206190000_core_local_time';
import { Migration20261122000100_core_search_key_path } from './Migration20261122000100_core_search_key_path';

/** Core's migrations, applied before any plugin's. */
export const coreMigrations = [
  Migration20261122000000_core,
  Migration20261122000100_core_search_key_path,
  Migration20261204020000_core_audit_agency,
  Migration20261204030000_core_rate_limit,
  Migration20261205090000_core_files,
  Migration20261206190000_core_local_time,
];
