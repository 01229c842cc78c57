import { definePlugin } from '../../src';
import {
  CredentialDelivery,
  MailAlias,
  MailAliasTarget,
  MailboxDelegate,
  MailDomain,
  Mailbox,
  MailAgencyLimits,
} from './entities';
import { emailResolvers } from './graphql/email-accounts.resolver';
import { emailJobs } from './jobs';
import { emailMigrations } from './migrations';
import { emailPermissions, emailRoles } from './permissions';
import { PLUGIN_ID, readEmailAccountsOptions, type EmailAccountsOptions } from './options';
import { emailSubscribers } from './subscribers';

export const emailAccountsPlugin = definePlugin<EmailAccountsOptions>({
  id: PLUGIN_ID,
  description:
    "Official mailboxes (hộp thư điện tử công vụ) on the agencies' Dovecot/Postfix, driven by the staff register",
  dependsOn: ['staff'],
  options: readEmailAccountsOptions,
  entities: () => [
    MailDomain,
    Mailbox,
    MailAlias,
    MailAliasTarget,
    MailboxDelegate,
    CredentialDelivery,
    MailAgencyLimits,
  ],
  resolvers: () => emailResolvers,
  migrations: () => emailMigrations,
  permissions: emailPermissions,
  roles: emailRoles,
  jobs: emailJobs,
  subscribers: emailSubscribers,
});
