import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

/** What the storage answers after keeping some content. */
export interface StoredObject {
  /** The key to read it back with; content-addressed, so equal content has one key. */
  key: string;
  sha256: string;
  size: number;
}

/**
 * Where attachment bytes live. The filesystem backend is the default; an object-storage backend
 * (S3, MinIO) implements the same three methods, so the GraphQL API does not change.
 */
export interface AttachmentStorage {
  /** Keeps the content (once, whatever the number of puts) and returns its key, hash and size. */
  put(content: Buffer): Promise<StoredObject>;
  /** The content of a key; throws when it is missing or damaged. */
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /** Keys stored before `before` (for the orphan sweep). */
  keysStoredBefore(before: Date): AsyncIterable<string>;
  /** Forgets a key (no error when it is already gone). */
  remove(key: string): Promise<void>;
}

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

const KEY = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/**
 * Content-addressed files: `<root>/sha256/ab/cd/abcd…` (the full hex SHA-256). A file is written to a
 * temporary name and renamed, so a reader never sees half a file and concurrent puts of the same
 * content are harmless. Content read back is checked against its hash.
 */
export class FilesystemAttachmentStorage implements AttachmentStorage {
  constructor(readonly root: string) {}

  async put(content: Buffer): Promise<StoredObject> {
    const sha256 = sha256Hex(content);
    const key = `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
    const file = this.fileOf(key);
    if (await this.exists(key)) {
      // Kept content is stored again: refresh its time, so the orphan sweep's grace period covers
      // this upload until its transaction commits.
      const now = new Date();
      await fs.utimes(file, now, now);
    } else {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      await fs.writeFile(temporary, content, { mode: 0o640 });
      await fs.rename(temporary, file);
    }
    return { key, sha256, size: content.length };
  }

  async get(key: string): Promise<Buffer> {
    const content = await fs.readFile(this.fileOf(key));
    if (sha256Hex(content) !== key.slice(-64))
      throw new Error(`Attachment ${key} is damaged: its content does not match its hash`);
    return content;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await fs.access(this.fileOf(key));
      return true;
    } catch {
      return false;
    }
  }

  async *keysStoredBefore(before: Date): AsyncIterable<string> {
    const base = path.join(this.root, 'sha256');
    for (const first of await listDir(base)) {
      for (const second of await listDir(path.join(base, first))) {
        const dir = path.join(base, first, second);
        for (const name of await listDir(dir)) {
          const file = path.join(dir, name);
          const stat = await fs.stat(file).catch(() => null);
          if (!stat || stat.mtime >= before) continue;
          // A temporary file left by a crash between write and rename: never read, safe to drop.
          if (name.endsWith('.tmp')) await fs.rm(file, { force: true });
          else if (KEY.test(`sha256/${first}/${second}/${name}`)) yield `sha256/${first}/${second}/${name}`;
        }
      }
    }
  }

  async remove(key: string): Promise<void> {
    await fs.rm(this.fileOf(key), { force: true });
  }

  private fileOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`Not an attachment key: ${key}`);
    return path.join(this.root, ...key.split('/'));
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}
