import type { LocalizedText } from '../../src';

/** The queue plugin's error codes: `<RECORD>_<PROBLEM>`, upper case, stable. */
export const QueueErrorCodes = {
  /** Outside the centre's opening hours (or a closed day): no new tickets. */
  QUEUE_CLOSED: 'QUEUE_CLOSED',
  /** The kiosk credential is unknown or revoked. */
  QUEUE_KIOSK_INVALID: 'QUEUE_KIOSK_INVALID',
  /** The ticket is not in a state that allows the action (e.g. recalling a served ticket). */
  QUEUE_TICKET_INVALID_STATE: 'QUEUE_TICKET_INVALID_STATE',
} as const;

/** The plugin's records as messages name them (NOT_FOUND), in both languages. */
export const QueueRecords = {
  centre: { vi: 'bộ phận một cửa', en: 'One-stop centre' },
  desk: { vi: 'quầy', en: 'Desk' },
  service: { vi: 'dịch vụ lấy số', en: 'Queue service' },
  kiosk: { vi: 'máy lấy số', en: 'Kiosk' },
  ticket: { vi: 'số thứ tự', en: 'Queue ticket' },
  procedure: { vi: 'thủ tục', en: 'Procedure' },
} as const satisfies Record<string, LocalizedText>;
