import type { LocalizedText } from '../../src';

/** The webhooks plugin's records as messages name them (NOT_FOUND), in both languages. */
export const WebhooksRecords = {
  endpoint: { vi: 'điểm nhận webhook', en: 'Webhook endpoint' },
  delivery: { vi: 'lần gửi webhook', en: 'Webhook delivery' },
  agency: { vi: 'cơ quan', en: 'Agency' },
} as const satisfies Record<string, LocalizedText>;
