export * from './enums';
export { MailDomain } from './mail-domain.entity';
export { Mailbox } from './mailbox.entity';
export { MailAlias, MailAliasTarget } from './mail-alias.entity';
export { MailboxDelegate } from './mailbox-delegate.entity';
export { CredentialDelivery } from './credential-delivery.entity';
export { MailAgencyLimits } from './agency-limits.entity';
