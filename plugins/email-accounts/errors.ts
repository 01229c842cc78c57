import { DomainError } from '../../src';

/** A domain change would go beyond what a platform admin allows the agency (see MailAgencyLimits). */
export class MailLimitExceededError extends DomainError {
  constructor(message: string, details: { field: string; limit: number; requested: number }) {
    super('MAIL_AGENCY_LIMIT_EXCEEDED', message, details);
  }
}
