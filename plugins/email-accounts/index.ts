/** The email-accounts plugin's public face: what other plugins may use. */
export { emailAccountsPlugin as plugin, emailAccountsPlugin } from './email-accounts.plugin';
export { EmailPermissions } from './permissions';
export type { EmailAccountsOptions } from './options';
export {
  MailDomain,
  Mailbox,
  MailAlias,
  MailAliasTarget,
  MailboxDelegate,
  CredentialDelivery,
  AddressRule,
  MailboxKind,
  MailboxState,
  Suspension,
  AliasKind,
  ListSource,
  DeliveryKind,
  DeliveryState,
} from './entities';
export { mailboxes } from './services/mailboxes.service';
export { provisioning, ProvisionStatus } from './services/provisioning.service';
export type {
  ProvisionInput,
  ProvisionReport,
  ProvisionRowResult,
  ProvisionRowInput,
} from './services/provisioning.service';
export { localPartFor, nameParts, firstFree } from './services/addresses';
export { passwordProblems } from './services/passwords';
