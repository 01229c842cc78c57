import type { SeedDefinition } from '../../../src';
import { queueDemoSeed } from './demo-queue.seed';

export { QUEUE_DEMO_KIOSK_FILE, QUEUE_DEMO_SEED_NAME } from './demo-queue.seed';

/** Demo data (SEED_DEMO): loaded after the staff, cameras and procedures demos by development start-up. */
export const queueDemoSeeds: SeedDefinition[] = [queueDemoSeed];
