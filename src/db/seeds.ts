import type { RequestContext } from '../context';

/** Data a plugin loads once. Named, recorded in `core_seed`, never applied twice. */
export interface SeedDefinition {
  /** `<plugin>.<what>`, e.g. `staff.demo-quang-ninh`. */
  name: string;
  /** Demo data loads only when SEED_DEMO is on (development default); others always. */
  demo?: boolean;
  run(ctx: RequestContext): Promise<void>;
}
