import type { AppConfig, EnvReader } from '../../src';

export interface QueueOptions {
  /** Tickets one kiosk may issue per minute (QUEUE_KIOSK_TICKETS_PER_MINUTE). */
  kioskTicketsPerMinute: number;
  /** Serving time assumed before any ticket of a service was served (QUEUE_DEFAULT_SERVING_SECONDS). */
  defaultServingSeconds: number;
  /** How many of the latest served tickets of a service the wait estimate averages (QUEUE_RECENT_SERVED). */
  recentServed: number;
}

export function readQueueOptions(env: EnvReader, _config: AppConfig): QueueOptions {
  return {
    kioskTicketsPerMinute: env.int('QUEUE_KIOSK_TICKETS_PER_MINUTE', 30, { min: 1, max: 10_000 }),
    defaultServingSeconds: env.int('QUEUE_DEFAULT_SERVING_SECONDS', 300, { min: 1, max: 86_400 }),
    recentServed: env.int('QUEUE_RECENT_SERVED', 20, { min: 1, max: 1000 }),
  };
}
