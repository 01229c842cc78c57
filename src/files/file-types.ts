/** The kinds of file the platform accepts from clients, recognised by their first bytes. */
export const FILE_TYPES = {
  'application/pdf': { extension: 'pdf', label: 'PDF' },
  'image/jpeg': { extension: 'jpg', label: 'JPEG' },
  'image/png': { extension: 'png', label: 'PNG' },
} as const;

export type FileMimeType = keyof typeof FILE_TYPES;

/**
 * The type of some content from its magic bytes, never from what the client declares: a PDF starts
 * with `%PDF-`, a JPEG with FF D8 FF, a PNG with its 8-byte signature. Anything else is null.
 */
export function detectFileType(content: Buffer): FileMimeType | null {
  if (content.length >= 5 && content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff)
    return 'image/jpeg';
  if (
    content.length >= 8 &&
    content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  return null;
}
