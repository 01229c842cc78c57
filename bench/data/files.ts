import PDFDocument from 'pdfkit';
import type { ObjectStore } from '../../src/files/object-store';

/** A file kept in the platform's store for the generated dossiers to point at. */
export interface SampleFile {
  key: string;
  sha256: string;
  size: number;
}

/**
 * A component counts as digitised only when it has a file, and a result only when its document is a
 * file (the procedures plugin's rule). The generated dossiers follow it: every digitised component
 * and result gets a `core_file` row, and those rows point at a few real PDFs kept in the platform's
 * own store (content-addressed, so a million rows share a handful of bytes — a download from the
 * benchmark database answers a real, hash-checked PDF).
 */
export async function storeSampleScans(store: ObjectStore, count = 6): Promise<SampleFile[]> {
  const files: SampleFile[] = [];
  for (let i = 1; i <= count; i++) {
    const stored = await store.put(await samplePdf(`Benchmark sample scan ${i} of ${count}`));
    files.push({ key: stored.key, sha256: stored.sha256, size: stored.size });
  }
  return files;
}

/** One page with a line of text; a fixed creation date keeps the bytes (and the hash) the same on every run. */
function samplePdf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const when = new Date('2026-01-01T00:00:00Z');
    const doc = new PDFDocument({
      size: 'A4',
      info: { CreationDate: when, ModDate: when, Producer: 'bench' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(14).text(text);
    doc.end();
  });
}

/** The samples as an SQL `values` list (keys and hashes are hex and slashes only). */
export function sampleFilesSql(files: SampleFile[]): string {
  if (!files.length) throw new Error('no sample files');
  return files
    .map((f, i) => {
      if (!/^[0-9a-f/sha256]+$/.test(f.key) || !/^[0-9a-f]{64}$/.test(f.sha256))
        throw new Error(`unexpected sample file key ${f.key}`);
      return `(${i}, '${f.key}', '${f.sha256}', ${Number(f.size)})`;
    })
    .join(', ');
}
