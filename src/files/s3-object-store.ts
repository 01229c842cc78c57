import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  CopyObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  checkContent,
  checkKey,
  keyOf,
  OBJECT_KEY,
  sha256Hex,
  type ObjectStore,
  type StoredObject,
} from './object-store';

export interface S3StoreOptions {
  endpoint: string | null;
  region: string;
  bucket: string;
  accessKeyId: string | null;
  secretAccessKey: string | null;
  /** Path-style addressing (`endpoint/bucket/key`), as MinIO and most self-hosted stores want. */
  forcePathStyle: boolean;
  /** Prefix of every object name, e.g. `platform/` (empty: none). */
  prefix: string;
}

/**
 * Content-addressed objects in any S3-compatible bucket (AWS S3, MinIO, Ceph RGW…), same keys as the
 * local store. Storing content that is already there copies the object onto itself to refresh its
 * time, so the orphan sweep's grace period covers an upload whose transaction has not committed.
 */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;

  constructor(private readonly options: S3StoreOptions) {
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint ?? undefined,
      forcePathStyle: options.forcePathStyle,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
    });
  }

  async put(content: Buffer): Promise<StoredObject> {
    const sha256 = sha256Hex(content);
    const key = keyOf(sha256);
    const name = this.nameOf(key);
    if (await this.exists(key)) {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.options.bucket,
          Key: name,
          CopySource: `${this.options.bucket}/${name}`,
          MetadataDirective: 'REPLACE',
          Metadata: { sha256, refreshed: new Date().toISOString() },
        }),
      );
    } else {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: name,
          Body: content,
          ContentLength: content.length,
          ContentType: 'application/octet-stream',
          Metadata: { sha256 },
        }),
      );
    }
    return { key, sha256, size: content.length };
  }

  async get(key: string): Promise<Buffer> {
    const answer = await this.client.send(
      new GetObjectCommand({ Bucket: this.options.bucket, Key: this.nameOf(key) }),
    );
    const bytes = await answer.Body!.transformToByteArray();
    return checkContent(key, Buffer.from(bytes));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.nameOf(key) }));
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as Error).name === 'NotFound') return false;
      throw error;
    }
  }

  async *keysStoredBefore(before: Date): AsyncIterable<string> {
    let token: string | undefined;
    const prefix = `${this.options.prefix}sha256/`;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.options.prefix.length);
        if (key && OBJECT_KEY.test(key) && object.LastModified && object.LastModified < before) yield key;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.nameOf(key) }));
  }

  private nameOf(key: string): string {
    return `${this.options.prefix}${checkKey(key)}`;
  }
}
