import type { PluginDefinition } from '../plugin/plugin';
import type { RequestContext } from '../context';
import type { SeedDefinition } from './seeds';

/**
 * Applies each plugin's seeds that were never applied, in plugin order, each in its own transaction
 * together with its record in core_seed, so a failed seed leaves nothing behind and runs again.
 */
export async function runSeeds(
  plugins: PluginDefinition[],
  includeDemo: boolean,
  contextFactory: () => RequestContext,
  only?: string[],
): Promise<string[]> {
  const applied: string[] = [];
  const seeds: SeedDefinition[] = plugins.flatMap((p) => p.seeds ?? []).filter((s) => includeDemo || !s.demo);
  for (const seed of seeds) {
    if (only && !only.includes(seed.name)) continue;
    const ctx = contextFactory();
    const done = await ctx.em
      .getConnection()
      .execute<unknown[]>('select 1 from core_seed where name = ?', [seed.name]);
    if (done.length) continue;
    await ctx.transactional(async () => {
      await seed.run(ctx);
      await ctx.em.flush();
      await ctx.em.execute('insert into core_seed (name) values (?)', [seed.name]);
    });
    ctx.logger.info({ seed: seed.name }, 'seed applied');
    applied.push(seed.name);
  }
  return applied;
}
