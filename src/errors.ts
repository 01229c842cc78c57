import { GraphQLError } from 'graphql';

/**
 * The small family of errors clients may rely on: each has a stable `extensions.code`.
 * Anything else thrown inside a resolver is logged and answered as INTERNAL_SERVER_ERROR.
 */
export class DomainError extends GraphQLError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...(details ?? {}) } });
    this.name = 'DomainError';
  }
  get code(): string {
    return this.extensions.code as string;
  }
}

export class BadInputError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, details);
  }
}
export class NotFoundError extends DomainError {
  constructor(what: string, id?: string) {
    super('NOT_FOUND', id ? `${what} ${id} was not found` : `${what} was not found`);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = 'You do not have permission to do this') {
    super('FORBIDDEN', message);
  }
}
export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign-in required') {
    super('UNAUTHENTICATED', message);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', message, details);
  }
}
/** A rate limit said no; `retryAfterSeconds` tells the client how long to wait. */
export class TooManyRequestsError extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super('TOO_MANY_REQUESTS', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}
