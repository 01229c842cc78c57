import type { SeedDefinition } from '../../../src';
import { staffDemoSeed } from './demo-quang-ninh.seed';

export {
  staffDemoSeed,
  DEMO_SEED_NAME,
  DEMO_AGENCIES,
  DEMO_OFFICIALS,
  DEMO_DISTRICTS,
} from './demo-quang-ninh.seed';
export { QUANG_NINH_MERGES, QUANG_NINH_SPLITS } from './quang-ninh-2025.data';

/** Demo data (SEED_DEMO): loaded by `npm run migrate -- --seed` and by development start-up. */
export const staffDemoSeeds: SeedDefinition[] = [staffDemoSeed];
