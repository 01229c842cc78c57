import type { SeedDefinition } from '../../../src';
export const queueDemoSeeds: SeedDefinition[] = [];
