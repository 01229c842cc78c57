import type { AppConfig, EnvReader } from '../../src';
import type { Argon2Params, PasswordPolicy } from './services/passwords';

export interface EmailAccountsOptions {
  passwordPolicy: PasswordPolicy;
  argon2: Argon2Params;
  /** Password change attempts per mailbox per hour (a stolen API session cannot guess the current password). */
  passwordChangesPerHour: number;
  /** What an agency may have when a platform admin set nothing for it. */
  agencyLimits: { maxDomains: number; maxMailboxes: number; maxQuotaMb: number };
  /** Retention of deleted mailboxes for new domains, in days. */
  defaultRetentionDays: number;
  /** What the credential mail tells people to configure in their mail program. */
  server: {
    imapHost: string;
    imapPort: number;
    submissionHost: string;
    submissionPort: number;
    webmailUrl: string | null;
  };
}

export const PLUGIN_ID = 'email-accounts';

export function readEmailAccountsOptions(env: EnvReader, _config: AppConfig): EmailAccountsOptions {
  const imapHost = env.string('EMAIL_ACCOUNTS_IMAP_HOST', 'mail.localhost');
  return {
    passwordPolicy: {
      minLength: env.int('EMAIL_ACCOUNTS_PASSWORD_MIN_LENGTH', 12, { min: 8, max: 64 }),
      minClasses: env.int('EMAIL_ACCOUNTS_PASSWORD_MIN_CLASSES', 3, { min: 1, max: 4 }),
    },
    argon2: {
      // OWASP's minimum for argon2id (19 MiB, 2 passes); Dovecot verifies whatever the string says.
      memoryCost: env.int('EMAIL_ACCOUNTS_ARGON2_MEMORY_KIB', 19456, { min: 8192, max: 1048576 }),
      timeCost: env.int('EMAIL_ACCOUNTS_ARGON2_TIME_COST', 2, { min: 1, max: 10 }),
      parallelism: 1,
    },
    passwordChangesPerHour: env.int('EMAIL_ACCOUNTS_PASSWORD_CHANGES_PER_HOUR', 10, { min: 1, max: 1000 }),
    agencyLimits: {
      maxDomains: env.int('EMAIL_ACCOUNTS_AGENCY_MAX_DOMAINS', 2, { min: 0, max: 1000 }),
      maxMailboxes: env.int('EMAIL_ACCOUNTS_AGENCY_MAX_MAILBOXES', 1000, { min: 0, max: 1000000 }),
      maxQuotaMb: env.int('EMAIL_ACCOUNTS_AGENCY_MAX_QUOTA_MB', 10240, { min: 0, max: 10485760 }),
    },
    defaultRetentionDays: env.int('EMAIL_ACCOUNTS_RETENTION_DAYS', 30, { min: 0, max: 3650 }),
    server: {
      imapHost,
      imapPort: env.int('EMAIL_ACCOUNTS_IMAP_PORT', 993, { min: 1, max: 65535 }),
      submissionHost: env.string('EMAIL_ACCOUNTS_SUBMISSION_HOST', imapHost),
      submissionPort: env.int('EMAIL_ACCOUNTS_SUBMISSION_PORT', 587, { min: 1, max: 65535 }),
      webmailUrl: env.url('EMAIL_ACCOUNTS_WEBMAIL_URL') ?? null,
    },
  };
}
