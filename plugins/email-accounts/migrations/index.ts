import { Migration20261123000000_email_accounts } from './Migration20261123000000_email_accounts';
import { Migration20261204040000_email_accounts_sender_logins } from './Migration20261204040000_email_accounts_sender_logins';
import { Migration20261205110000_email_accounts_agency_limits } from './Migration20261205110000_email_accounts_agency_limits';

export const emailMigrations = [
  Migration20261123000000_email_accounts,
  Migration20261204040000_email_accounts_sender_logins,
  Migration20261205110000_email_accounts_agency_limits,
];
