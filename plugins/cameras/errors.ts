import type { LocalizedText } from '../../src';

/** The cameras plugin's error codes: `<RECORD>_<PROBLEM>`, upper case, stable. */
export const CamerasErrorCodes = {
  /** A camera without a stream (no protocol or URL, or not in service) cannot be watched. */
  CAMERA_NOT_STREAMING: 'CAMERA_NOT_STREAMING',
} as const;

/** The plugin's records as messages name them (NOT_FOUND), in both languages. */
export const CamerasRecords = {
  device: { vi: 'thiết bị', en: 'Device' },
  deviceByAssetTag: { vi: 'thiết bị có mã tài sản', en: 'Device with asset tag' },
  camera: { vi: 'camera', en: 'Camera' },
} as const satisfies Record<string, LocalizedText>;
