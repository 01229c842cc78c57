import type { SeedDefinition } from '../../../src';
import { documentsDemoSeed } from './demo-documents.seed';

export {
  documentsDemoSeed,
  DOCUMENTS_DEMO_SEED_NAME,
  DEMO_INCOMING,
  DEMO_OUTGOING,
  DEMO_AGENCY_IDS,
} from './demo-documents.seed';

/** Demo data (SEED_DEMO): loaded after staff's demo by `npm run migrate -- --seed` and by development start-up. */
export const documentsDemoSeeds: SeedDefinition[] = [documentsDemoSeed];
