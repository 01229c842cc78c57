import type { AppConfig, EnvReader, RateLimit } from '../../src';

export interface ProceduresOptions {
  /** Citizen lookups per client IP per window (PROCEDURES_LOOKUP_PER_IP, default 30). */
  lookupPerIp: number;
  /** Citizen lookups per dossier code per window (PROCEDURES_LOOKUP_PER_CODE, default 5). */
  lookupPerCode: number;
  /** Window of both limits (PROCEDURES_LOOKUP_WINDOW_SECONDS, default 900). */
  lookupWindowSeconds: number;
  /** Online submissions per client IP per hour (PROCEDURES_SUBMIT_PER_IP_PER_HOUR, default 20). */
  submitPerIpPerHour: number;
  /** Default time given to bring a supplement, in working days (PROCEDURES_SUPPLEMENT_DAYS, default 15). */
  supplementDays: number;
  /** The public endpoints' rate limits, counted in PostgreSQL (shared by every API process). */
  limits: {
    lookupByIp: RateLimit;
    lookupByCode: RateLimit;
    submitByIp: RateLimit;
    rateByIp: RateLimit;
  };
}

export function readProceduresOptions(env: EnvReader, _config: AppConfig): ProceduresOptions {
  const lookupPerIp = env.int('PROCEDURES_LOOKUP_PER_IP', 30, { min: 1, max: 100000 });
  const lookupPerCode = env.int('PROCEDURES_LOOKUP_PER_CODE', 5, { min: 1, max: 10000 });
  const lookupWindowSeconds = env.int('PROCEDURES_LOOKUP_WINDOW_SECONDS', 900, { min: 1, max: 86400 });
  const submitPerIpPerHour = env.int('PROCEDURES_SUBMIT_PER_IP_PER_HOUR', 20, { min: 1, max: 100000 });
  const supplementDays = env.int('PROCEDURES_SUPPLEMENT_DAYS', 15, { min: 1, max: 365 });
  const windowMs = lookupWindowSeconds * 1000;
  return {
    lookupPerIp,
    lookupPerCode,
    lookupWindowSeconds,
    submitPerIpPerHour,
    supplementDays,
    limits: {
      lookupByIp: { bucket: 'procedures.lookup.ip', limit: lookupPerIp, windowMs },
      lookupByCode: { bucket: 'procedures.lookup.code', limit: lookupPerCode, windowMs },
      submitByIp: { bucket: 'procedures.submit.ip', limit: submitPerIpPerHour, windowMs: 3_600_000 },
      rateByIp: { bucket: 'procedures.rate.ip', limit: submitPerIpPerHour, windowMs: 3_600_000 },
    },
  };
}
