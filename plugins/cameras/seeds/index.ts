import type { SeedDefinition } from '../../../src';
import { camerasDemoSeed } from './demo-devices.seed';

export {
  camerasDemoSeed,
  CAMERAS_DEMO_SEED_NAME,
  DEMO_EQUIPMENT,
  DEMO_CAMERA_BASE_PORT,
} from './demo-devices.seed';

/** Demo data (SEED_DEMO): loaded after staff's demo by `npm run migrate -- --seed` and by development start-up. */
export const camerasDemoSeeds: SeedDefinition[] = [camerasDemoSeed];
