import type { AppConfig, EnvReader } from '../../src';

export interface DocumentsOptions {
  /** Largest attachment accepted, in bytes (DOCUMENTS_MAX_ATTACHMENT_BYTES, default 20 MiB). */
  maxAttachmentBytes: number;
  /** "Approaching deadline" reminder: this many working hours before the due time (DOCUMENTS_REMIND_BEFORE_HOURS, default 8 = 1 working day; 0: off). */
  remindBeforeHours: number;
}

export function readDocumentsOptions(env: EnvReader, _config: AppConfig): DocumentsOptions {
  return {
    maxAttachmentBytes: env.int('DOCUMENTS_MAX_ATTACHMENT_BYTES', 20 * 1024 * 1024, {
      min: 1,
      max: 1024 * 1024 * 1024,
    }),
    remindBeforeHours: env.int('DOCUMENTS_REMIND_BEFORE_HOURS', 8, { min: 0, max: 800 }),
  };
}
