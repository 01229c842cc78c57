import { DomainError, type LocalizedText } from '../../src';

/** The email-accounts plugin's error codes: `<RECORD>_<PROBLEM>`, upper case, stable. */
export const EmailAccountsErrorCodes = {
  /** The mailbox's state does not allow the action (a deleted mailbox, a departed owner...). */
  MAILBOX_INVALID_TRANSITION: 'MAILBOX_INVALID_TRANSITION',
  /** Signing in or changing a password needs an active mailbox. */
  MAILBOX_NOT_ACTIVE: 'MAILBOX_NOT_ACTIVE',
  /** The domain holds its maximum number of mailboxes. */
  MAIL_DOMAIN_FULL: 'MAIL_DOMAIN_FULL',
  /** A domain change goes beyond what a platform admin allows the agency. */
  MAIL_AGENCY_LIMIT_EXCEEDED: 'MAIL_AGENCY_LIMIT_EXCEEDED',
} as const;

/** The plugin's records as messages name them (NOT_FOUND), in both languages. */
export const EmailAccountsRecords = {
  mailbox: { vi: 'hộp thư', en: 'Mailbox' },
  domain: { vi: 'tên miền thư', en: 'Mail domain' },
  alias: { vi: 'địa chỉ thư phụ', en: 'Mail alias' },
} as const satisfies Record<string, LocalizedText>;

/** A domain change would go beyond what a platform admin allows the agency (see MailAgencyLimits). */
export class MailLimitExceededError extends DomainError {
  constructor(message: string | LocalizedText, details: { field: string; limit: number; requested: number }) {
    super(EmailAccountsErrorCodes.MAIL_AGENCY_LIMIT_EXCEEDED, message, details);
  }
}
