import path from 'node:path';
import type { AppConfig, EnvReader } from '../../src';
import { FilesystemAttachmentStorage, type AttachmentStorage } from './storage/attachment-storage';

export interface DocumentsOptions {
  /** Where attachments are kept (DOCUMENTS_STORAGE_DIR, default `<DATA_DIR>/documents`). */
  storageDir: string;
  storage: AttachmentStorage;
  /** Largest attachment accepted, in bytes (DOCUMENTS_MAX_ATTACHMENT_BYTES, default 20 MiB). */
  maxAttachmentBytes: number;
  /** Files no attachment refers to are removed once older than this (DOCUMENTS_ORPHAN_GRACE_HOURS, default 24). */
  orphanGraceHours: number;
  /** "Approaching deadline" reminder: this many working hours before the due time (DOCUMENTS_REMIND_BEFORE_HOURS, default 8 = 1 working day; 0: off). */
  remindBeforeHours: number;
}

export function readDocumentsOptions(env: EnvReader, config: AppConfig): DocumentsOptions {
  const storageDir = path.resolve(
    config.dataDir,
    env.string('DOCUMENTS_STORAGE_DIR', path.join(config.dataDir, 'documents')),
  );
  return {
    storageDir,
    storage: new FilesystemAttachmentStorage(storageDir),
    maxAttachmentBytes: env.int('DOCUMENTS_MAX_ATTACHMENT_BYTES', 20 * 1024 * 1024, {
      min: 1,
      max: 1024 * 1024 * 1024,
    }),
    remindBeforeHours: env.int('DOCUMENTS_REMIND_BEFORE_HOURS', 8, { min: 0, max: 800 }),
    orphanGraceHours: env.int('DOCUMENTS_ORPHAN_GRACE_HOURS', 24, { min: 1, max: 8760 }),
  };
}
