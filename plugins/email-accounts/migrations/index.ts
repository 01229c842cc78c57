import { Migration20261123000000_email_accounts } from './Migration20261123000000_email_accounts';

export const emailMigrations = [Migration20261123000000_email_accounts];
