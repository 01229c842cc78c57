import { GraphQLError } from 'graphql';
import { textOf, type LocalizedText } from './i18n';

/**
 * The small family of errors clients may rely on: each has a stable `extensions.code`, and a
 * message in Vietnamese and English (the request's `Accept-Language` picks; Vietnamese by default).
 * A message given as a plain string is the same in both languages. Plugin codes, with their
 * messages, live in the plugin's `errors.ts`. Anything else thrown inside a resolver is logged and
 * answered as INTERNAL_SERVER_ERROR.
 */
export class DomainError extends GraphQLError {
  /** The message in both languages; the GraphQL message (and the logs) carry the English one. */
  readonly text: LocalizedText;

  constructor(code: string, message: string | LocalizedText, details?: Record<string, unknown>) {
    super(textOf(message, 'en'), { extensions: { code, ...(details ?? {}) } });
    this.name = 'DomainError';
    this.text = typeof message === 'string' ? { vi: message, en: message } : message;
  }
  get code(): string {
    return this.extensions.code as string;
  }
}

export class BadInputError extends DomainError {
  constructor(message: string | LocalizedText, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, details);
  }
}

/** A record that does not exist, or that the caller may not see (the two are not told apart). */
export class NotFoundError extends DomainError {
  /** `what`: the kind of record in both languages, e.g. `{ vi: 'hồ sơ', en: 'Dossier' }`. */
  constructor(what: LocalizedText, id?: string) {
    super(
      'NOT_FOUND',
      id
        ? { vi: `Không tìm thấy ${what.vi} ${id}`, en: `${what.en} ${id} was not found` }
        : { vi: `Không tìm thấy ${what.vi}`, en: `${what.en} was not found` },
    );
  }
}

export class ForbiddenError extends DomainError {
  constructor(
    message: string | LocalizedText = {
      vi: 'Bạn không có quyền thực hiện việc này',
      en: 'You do not have permission to do this',
    },
  ) {
    super('FORBIDDEN', message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message: string | LocalizedText = { vi: 'Cần đăng nhập', en: 'Sign-in required' }) {
    super('UNAUTHENTICATED', message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string | LocalizedText, details?: Record<string, unknown>) {
    super('CONFLICT', message, details);
  }
}

/** A rate limit said no; `retryAfterSeconds` tells the client how long to wait. */
export class TooManyRequestsError extends DomainError {
  constructor(
    message: string | LocalizedText = {
      vi: 'Quá nhiều yêu cầu; vui lòng thử lại sau',
      en: 'Too many requests; try again later',
    },
    retryAfterSeconds: number,
  ) {
    super('TOO_MANY_REQUESTS', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}
