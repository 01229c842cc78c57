import pino from 'pino';
import type { LogLevel } from './config/config';

export type Logger = pino.Logger;

/** Keys whose values never reach a log line, at any depth pino can address. */
export const REDACTED_KEYS = [
  'password', 'newPassword', 'initialPassword', 'passwordHash', 'secret', 'token', 'accessToken',
  'authorization', 'credentials', 'privateKey', 'apiKey', 'pin',
];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const paths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);
  paths.push('req.headers.authorization', 'req.headers.cookie');
  return pino(
    {
      level,
      base: { service: 'platform' },
      redact: { paths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
