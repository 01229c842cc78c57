import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

/** What a store answers after keeping some content. */
export interface StoredObject {
  /** The key to read it back with; content-addressed, so equal content has one key. */
  key: string;
  sha256: string;
  size: number;
}

/**
 * Where file bytes live: a local directory (the default) or an S3-compatible bucket. Keys are always
 * made by the store from the content's SHA-256 (`sha256/ab/cd/<hex>`): nothing a client sends ever
 * becomes part of a path or an object name.
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3';
  /** Keeps the content (once, whatever the number of puts) and returns its key, hash and size. */
  put(content: Buffer): Promise<StoredObject>;
  /** The content of a key, checked against its hash; throws when it is missing or damaged. */
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /** Keys stored (or stored again) before `before`, for the orphan sweep. */
  keysStoredBefore(before: Date): AsyncIterable<string>;
  /** Forgets a key (no error when it is already gone). */
  remove(key: string): Promise<void>;
}

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export const OBJECT_KEY = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

export function keyOf(sha256: string): string {
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export function checkKey(key: string): string {
  if (!OBJECT_KEY.test(key)) throw new Error(`Not a file key: ${key}`);
  return key;
}

export function checkContent(key: string, content: Buffer): Buffer {
  if (sha256Hex(content) !== key.slice(-64))
    throw new Error(`Stored file ${key} is damaged: its content does not match its hash`);
  return content;
}

/**
 * Content-addressed files under a directory: `<root>/sha256/ab/cd/abcd…`. A file is written to a
 * temporary name and renamed, so a reader never sees half a file and concurrent puts of the same
 * content are harmless.
 */
export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local' as const;

  constructor(readonly root: string) {}

  async put(content: Buffer): Promise<StoredObject> {
    const sha256 = sha256Hex(content);
    const key = keyOf(sha256);
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
    return checkContent(key, await fs.readFile(this.fileOf(key)));
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
          else if (OBJECT_KEY.test(`sha256/${first}/${second}/${name}`))
            yield `sha256/${first}/${second}/${name}`;
        }
      }
    }
  }

  async remove(key: string): Promise<void> {
    await fs.rm(this.fileOf(key), { force: true });
  }

  private fileOf(key: string): string {
    return path.join(this.root, ...checkKey(key).split('/'));
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}
