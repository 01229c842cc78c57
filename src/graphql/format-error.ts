import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';

const PUBLIC_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'REQUEST_TIMEOUT',
]);

/**
 * The database cannot be reached (down, restarting, refusing connections, the pool cannot get a
 * connection): not the client's fault and not a bug either. Answered SERVICE_UNAVAILABLE so a client
 * knows to retry; the process keeps running and recovers when PostgreSQL is back.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300', // too_many_connections
]);

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    cause?: unknown;
    previous?: unknown;
  };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.name === 'ConnectionException' || e.name === 'KnexTimeoutError') return true;
  if (
    typeof e.message === 'string' &&
    /Connection terminated|Timeout acquiring a connection|connect ECONNREFUSED|the database system is (starting up|shutting down)/i.test(
      e.message,
    )
  )
    return true;
  return isDatabaseUnavailable(e.previous, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

/**
 * A statement cancelled by PostgreSQL's statement_timeout (DATABASE_STATEMENT_TIMEOUT_MS) or by an
 * operator (57014 query_canceled): the request asked for too much, not a bug and not bad input.
 */
export function isStatementTimeout(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; previous?: unknown; cause?: unknown };
  if (e.code === '57014') return true;
  return isStatementTimeout(e.previous, depth + 1) || isStatementTimeout(e.cause, depth + 1);
}

/**
 * A write refused by a uniqueness or exclusion constraint (23505, 23P01): two concurrent requests
 * raced past a service-level check, or a check was missing. The client can retry or correct it.
 */
function isUniquenessViolation(error: unknown): boolean {
  if (error instanceof UniqueConstraintViolationException) return true;
  const code = (error as { code?: string })?.code;
  return code === '23505' || code === '23P01';
}

/**
 * PostgreSQL data exceptions caused by a value the client sent: text that is not a UUID, date or
 * number (22P02), an impossible date (22007, 22008), a number out of range (22003), a string too long
 * for its column (22001), a character the encoding refuses (22021, 22P05), a LIKE pattern ending in
 * an escape character (22025). Answered as BAD_USER_INPUT, never as a fault.
 */
const MALFORMED_VALUE_CODES = new Set([
  '22P02',
  '22007',
  '22008',
  '22003',
  '22001',
  '22021',
  '22P05',
  '22025',
]);

function isMalformedValue(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && MALFORMED_VALUE_CODES.has(code) && !(error instanceof GraphQLError);
}

/**
 * graphql-js reports a variable that fails coercion with the submitted value printed in the message
 * ("Variable "$input" got invalid value { password: "…" } at "input.x"; String cannot represent …").
 * That value may be a password or a PIN: keep the variable, the path and the kind of problem only.
 */
export function withoutVariableValues(message: string): string {
  const match = /^Variable "\$(\w+)" got invalid value [\s\S]*?(?: at "([^"]+)")?; ([\s\S]*)$/.exec(message);
  if (!match) return message;
  const [, variable, at, reason] = match;
  // Scalar reasons end with ": <value>"; enum reasons quote it: drop both.
  const safeReason = reason.replace(/:\s[\s\S]*$/, '.').replace(/Value "[^"]*"/g, 'The value');
  return `Variable "$${variable}" got an invalid value${at ? ` at "${at}"` : ''}; ${safeReason}`;
}

/**
 * The input field a variable-coercion error is about, in the form services use in
 * `extensions.field`: `Variable "$input" got an invalid value at "input.postings[0].startsOn"` is
 * about `postings[0].startsOn`; a variable refused whole is about the variable's name.
 */
export function variableField(message: string): string | undefined {
  const match = /^Variable "\$(\w+)" got (?:an )?invalid value(?:[\s\S]*? at "([^"]+)")?;/.exec(message);
  if (!match) return undefined;
  const [, variable, at] = match;
  if (!at) return variable;
  const rest = at.startsWith(`${variable}.`) ? at.slice(variable.length + 1) : at;
  return rest || variable;
}

/** The message without graphql-js's "Did you mean ...?" hints. */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [\s\S]*?\?(?=\s|$)/g, '');
}

/**
 * A request the client got wrong that graphql-js or Apollo report without a code (Apollo would call
 * it INTERNAL_SERVER_ERROR): a persisted-query hash that does not match the query (Apollo answers it
 * HTTP 400 with no code), more invalid variable values than graphql-js counts (its "Too many errors"
 * closing error), a date or an instant outside what the local calendar can compute.
 */
function isClientMistake(original: unknown, formatted: GraphQLFormattedError): boolean {
  if (formatted.extensions?.code && formatted.extensions.code !== 'INTERNAL_SERVER_ERROR') return false;
  const name = (original as { name?: unknown })?.name;
  if (name === 'LocalTimeError' || name === 'CalendarError') return true;
  if (!(original instanceof GraphQLError) || formatted.path) return false;
  const status = (original.extensions?.http as { status?: number } | undefined)?.status;
  if (status === 400) return true;
  return /^Too many errors processing variables/.test(original.message);
}

/** Whether an error is meant for the client (a domain or validation error) rather than a fault. */
export function isClientError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (
    original instanceof OptimisticLockError ||
    isUniquenessViolation(original) ||
    isMalformedValue(original)
  )
    return true;
  const name = (original as { name?: string })?.name;
  if (name === 'ArgumentValidationError' || name === 'LocalTimeError' || name === 'CalendarError')
    return true;
  if (original instanceof GraphQLError) {
    const code = original.extensions?.code as string | undefined;
    if (!code) return !(error as GraphQLError).path; // parse and validation errors carry no path
    return code !== 'INTERNAL_SERVER_ERROR';
  }
  return false;
}

/**
 * Domain errors keep their message and code; validation errors pass through; optimistic-lock and
 * unique-key failures become CONFLICT; values the database cannot take become BAD_USER_INPUT;
 * everything else is answered as a generic INTERNAL_SERVER_ERROR (logged elsewhere with the request
 * id), so no stack, SQL or secret reaches a client.
 */
export function createErrorFormatter(options: { suggestions?: boolean } = {}) {
  const suggestions = options.suggestions ?? true;
  return (raw: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const formatted = { ...raw, message: withoutVariableValues(raw.message) };
    // Production names no field, type or enum value the client did not write: "Did you mean ...?"
    // would map the schema for someone probing it (armor only covers validation's own messages).
    if (!suggestions) formatted.message = withoutSuggestions(formatted.message);
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code as string | undefined;
    if (isClientMistake(original, formatted)) {
      return {
        message: formatted.message,
        path: formatted.path,
        extensions: { code: 'BAD_USER_INPUT' },
      };
    }
    if (original instanceof OptimisticLockError) {
      return {
        message: 'This record was changed by someone else; reload and try again',
        path: formatted.path,
        extensions: { code: 'CONFLICT' },
      };
    }
    if (isUniquenessViolation(original)) {
      return {
        message: 'A record with the same unique value already exists (or overlaps it)',
        path: formatted.path,
        extensions: { code: 'CONFLICT' },
      };
    }
    if (isMalformedValue(original)) {
      // The database's message names the type and value and may quote SQL: keep it out of the answer.
      return {
        message:
          'A value in the request is not valid for its field (an id that is not a UUID, an impossible date, a number out of range or text the field cannot store)',
        path: formatted.path,
        extensions: { code: 'BAD_USER_INPUT' },
      };
    }
    if (isStatementTimeout(original)) {
      return {
        message:
          'The request took too long in the database and was cancelled (statement timeout); narrow it or try again later',
        path: formatted.path,
        extensions: { code: 'REQUEST_TIMEOUT' },
      };
    }
    if (isDatabaseUnavailable(original)) {
      return {
        message: 'The database is unavailable for a moment; try again shortly',
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 },
      };
    }
    const isArgumentValidation = (original as { name?: string })?.name === 'ArgumentValidationError';
    if (isArgumentValidation) {
      return { message: formatted.message, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
    }
    if (code && PUBLIC_CODES.has(code) && (original instanceof GraphQLError || !formatted.path)) {
      const { exception: _exception, stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      if (code === 'BAD_USER_INPUT' && extensions.field === undefined) {
        const field = variableField(raw.message);
        if (field) extensions.field = field;
      }
      return { ...formatted, extensions };
    }
    if (
      code &&
      original instanceof GraphQLError &&
      /^[A-Z][A-Z0-9_]+$/.test(code) &&
      code !== 'INTERNAL_SERVER_ERROR'
    ) {
      // Plugin domain codes such as DOSSIER_INVALID_TRANSITION.
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // Logged with the request id by the error-logging plugin, which sees the request context.
    return {
      message: 'Internal server error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
