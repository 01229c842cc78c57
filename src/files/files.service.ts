import path from 'node:path';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FilesConfig } from '../config/config';
import { BadInputError, DomainError } from '../errors';
import { detectFileType, FILE_TYPES } from './file-types';
import { LocalObjectStore, type ObjectStore } from './object-store';
import { S3ObjectStore } from './s3-object-store';
import { StoredFile } from './stored-file.entity';
import { UUID_PATTERN as UUID } from '../db/get-or-throw';

/** Where a file comes from, for `FileService.create`. */
export interface NewFile {
  content: Buffer;
  fileName?: string | null;
  /** Subject of the signed-in uploader; null: anonymous. */
  uploadedBy?: string | null;
}

/**
 * The core file store: checks what clients send (size, type from the magic bytes), keeps the bytes
 * in the object store under their hash, records a `core_file` row, and signs expiring download links.
 */
export class FileService {
  constructor(
    readonly config: FilesConfig,
    readonly store: ObjectStore,
    private readonly publicUrl: string,
  ) {}

  static fromConfig(config: FilesConfig, publicUrl: string): FileService {
    const store = config.storage === 's3' ? new S3ObjectStore(config.s3) : new LocalObjectStore(config.dir);
    return new FileService(config, store, publicUrl);
  }

  /** Checks and keeps a file; the row is persisted with `em` (flush is the caller's). */
  async create(em: EntityManager, file: NewFile): Promise<StoredFile> {
    const { content } = file;
    if (content.length === 0)
      throw new BadInputError({ vi: 'Tệp rỗng', en: 'The file is empty' }, { field: 'file' });
    if (content.length > this.config.maxBytes)
      throw new DomainError(
        'FILE_TOO_LARGE',
        {
          vi: `Tệp lớn hơn ${this.config.maxBytes} byte`,
          en: `The file is larger than ${this.config.maxBytes} bytes`,
        },
        {
          maxBytes: this.config.maxBytes,
        },
      );
    const mimeType = detectFileType(content);
    if (!mimeType)
      throw new DomainError(
        'FILE_TYPE_NOT_ALLOWED',
        { vi: 'Chỉ nhận tệp PDF, JPEG và PNG', en: 'Only PDF, JPEG and PNG files are accepted' },
        {
          allowed: Object.keys(FILE_TYPES),
        },
      );
    const stored = await this.store.put(content);
    return em.create(StoredFile, {
      fileName: cleanFileName(file.fileName, FILE_TYPES[mimeType].extension),
      mimeType,
      size: stored.size,
      sha256: stored.sha256,
      storageKey: stored.key,
      uploadedBy: file.uploadedBy ?? null,
    });
  }

  /** The files of these ids, in order; an unknown or malformed id is BAD_USER_INPUT naming `field`. */
  async require(em: EntityManager, ids: string[], field: string): Promise<StoredFile[]> {
    const wanted = [...new Set(ids)];
    const bad = wanted.find((id) => !UUID.test(id));
    if (bad)
      throw new BadInputError(
        { vi: `${field}: ${bad} không phải là mã tệp`, en: `${field}: ${bad} is not a file id` },
        { field },
      );
    const found = wanted.length ? await em.find(StoredFile, { id: { $in: wanted } }) : [];
    const byId = new Map(found.map((f) => [f.id, f]));
    const missing = wanted.find((id) => !byId.has(id));
    if (missing)
      throw new BadInputError(
        {
          vi: `${field}: không có tệp ${missing} (hãy tải lên trước bằng POST /files)`,
          en: `${field}: no file ${missing} (upload it first with POST /files)`,
        },
        { field },
      );
    return ids.map((id) => byId.get(id)!);
  }

  async content(file: StoredFile): Promise<Buffer> {
    return this.store.get(file.storageKey);
  }

  /** A link anyone holding it may download the file with, until it expires. */
  signedUrl(fileId: string, ttlSeconds = this.config.urlTtlSeconds, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + ttlSeconds;
    return `${this.publicUrl}/files/${fileId}?expires=${expires}&signature=${this.signature(fileId, expires)}`;
  }

  /** Whether a download link is genuine and still valid. */
  verifyUrl(fileId: string, expires: string, signature: string, now = Date.now()): boolean {
    if (!UUID.test(fileId) || !/^\d{1,12}$/.test(expires) || !/^[A-Za-z0-9_-]{43}$/.test(signature))
      return false;
    if (Number(expires) * 1000 < now) return false;
    const expected = Buffer.from(this.signature(fileId, Number(expires)));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private signature(fileId: string, expires: number): string {
    return createHmac('sha256', this.config.urlKey)
      .update(`file:${fileId.toLowerCase()}:${expires}`)
      .digest('base64url');
  }
}

/**
 * A display name: the last segment of whatever the client sent, without control characters, NFC,
 * at most 200 characters; a generic name when nothing is left. It is never used as a path.
 */
export function cleanFileName(name: string | null | undefined, extension: string): string {
  const base = path.posix
    .basename((name ?? '').replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .normalize('NFC')
    .trim()
    .slice(0, 200);
  return base && base !== '.' && base !== '..' ? base : `tep.${extension}`;
}
