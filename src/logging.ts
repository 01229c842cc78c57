import pino from 'pino';
import type { LogLevel } from './config/config';

export type Logger = pino.Logger;

/** Keys whose values never reach a log line, at any depth pino can address. */
export const REDACTED_KEYS = [
  'password',
  'newPassword',
  'initialPassword',
  'passwordHash',
  'secret',
  'token',
  'accessToken',
  'authorization',
  'credentials',
  'privateKey',
  'apiKey',
  'pin',
];

/**
 * Database errors carry the statement and its parameters in their message (MikroORM writes
 * "<sql> - <reason>") and the offending values in `detail`: an applicant's name, a PIN hash. Log
 * the reason, the SQLSTATE and the constraint instead; the statement stays out of the logs.
 */
export function serializeError(error: unknown): unknown {
  const err = error as {
    name?: string;
    message?: string;
    code?: unknown;
    sqlState?: unknown;
    constraint?: string;
    table?: string;
    column?: string;
    routine?: string;
    stack?: string;
  };
  const code =
    typeof err?.sqlState === 'string' ? err.sqlState : typeof err?.code === 'string' ? err.code : undefined;
  if (!err || typeof err !== 'object' || !code || !/^[0-9A-Z]{5}$/.test(code))
    return pino.stdSerializers.err(error as Error);
  const message = String(err.message ?? '');
  const reason = message.includes(' - ') ? message.slice(message.lastIndexOf(' - ') + 3) : message;
  return {
    type: err.name ?? 'DatabaseError',
    message: reason.split('\n')[0].slice(0, 300),
    sqlState: code,
    constraint: err.constraint,
    table: err.table,
    column: err.column,
    routine: err.routine,
  };
}

/**
 * A database error as it may be stored or rethrown where no serializer runs (a job's `last_error`,
 * graphile-worker's own "Failed task" log line, which prints message and stack): a new Error with
 * the reason, the SQLSTATE and the constraint, and none of the statement's values. Other errors
 * are returned as they are.
 */
export function withoutRowValues(error: unknown): unknown {
  const safe = serializeError(error) as {
    type?: string;
    message?: string;
    sqlState?: string;
    constraint?: string;
  };
  if (!safe || typeof safe !== 'object' || !('sqlState' in safe) || !safe.sqlState) return error;
  const replacement = new Error(
    `${safe.message ?? 'database error'} (SQLSTATE ${safe.sqlState}${safe.constraint ? `, constraint ${safe.constraint}` : ''})`,
  );
  replacement.name = safe.type ?? 'DatabaseError';
  Object.assign(replacement, { code: safe.sqlState, constraint: safe.constraint });
  return replacement;
}

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const paths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);
  paths.push('req.headers.authorization', 'req.headers.cookie');
  return pino(
    {
      level,
      base: { service: 'platform' },
      redact: { paths, censor: '[redacted]' },
      serializers: { err: serializeError },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
