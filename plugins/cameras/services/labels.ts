import QRCode from 'qrcode';
import { cachedAsync, LruCache } from '../../../src';

/** Options shared by both renderings, so the PNG and the SVG encode the same symbol. */
export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

export interface DeviceLabel {
  url: string;
  png: string;
  svg: string;
}

/** The address a device's QR label leads to: `<PUBLIC_URL>/thiet-bi/<asset tag>`. */
export function labelUrl(publicUrl: string, assetTag: string): string {
  return `${publicUrl}/thiet-bi/${encodeURIComponent(assetTag)}`;
}

/** A QR label as a PNG data URL (256 px) and as SVG text. */
export function renderLabel(publicUrl: string, assetTag: string): Promise<DeviceLabel> {
  const url = labelUrl(publicUrl, assetTag);
  // Drawn once per URL and process: a page of labels asked again costs nothing.
  return cachedAsync(LABELS, url, () => drawLabel(url));
}

const LABELS = new LruCache<Promise<DeviceLabel>>(4000);

async function drawLabel(url: string): Promise<DeviceLabel> {
  const [png, svg] = await Promise.all([
    QRCode.toDataURL(url, { ...QR_OPTIONS, type: 'image/png', width: 256 }),
    QRCode.toString(url, { ...QR_OPTIONS, type: 'svg' }),
  ]);
  return { url, png, svg };
}
