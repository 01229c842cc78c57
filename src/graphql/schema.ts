import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema, NonEmptyArray } from 'type-graphql';
import type { PluginDefinition } from '../plugin/plugin';
import { PluginRegistryError } from '../plugin/registry';
import { authChecker } from './auth-checker';
import { wrapMutationsInTransactions } from './transaction-middleware';
import { checkArguments } from './argument-checks';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ResolverClass = Function;

async function buildFrom(resolvers: ResolverClass[]): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: resolvers as unknown as NonEmptyArray<ResolverClass>,
    authChecker,
    // No global middleware: type-graphql would run it on every field of every type (each scalar of
    // each row of a list through a chain of promises). Arguments are checked where there are some,
    // after the permission check; mutations are wrapped in their transaction below.
    validate: false,
    validateFn: checkArguments,
    // Subscriptions name their source with liveSubscription() (src/live); type-graphql's own topics
    // are not used, but it insists on a PubSub when any subscription exists.
    pubSub: {
      publish: () => {
        throw new Error('Publish live events with ctx.publishLive');
      },
      subscribe: () => {
        throw new Error('Declare subscriptions with liveSubscription()');
      },
    },
  });
  wrapMutationsInTransactions(schema);
  return schema;
}

/**
 * Builds the one schema from the enabled plugins' resolvers. Called once per process (per app).
 * A type name used by two plugins is reported with both plugin ids.
 */
export async function buildPlatformSchema(plugins: PluginDefinition[]): Promise<GraphQLSchema> {
  const resolvers = plugins.flatMap((p) => p.resolvers?.() ?? []);
  try {
    return await buildFrom(resolvers);
  } catch (error) {
    const duplicate = /multiple types named "(\w+)"/.exec(String((error as Error).message))?.[1];
    if (!duplicate) throw error;
    const owners: string[] = [];
    for (const plugin of plugins) {
      const own = plugin.resolvers?.() ?? [];
      if (!own.length) continue;
      try {
        const schema = await buildFrom(own);
        if (schema.getType(duplicate)) owners.push(plugin.id);
      } catch {
        owners.push(`${plugin.id} (twice)`);
      }
    }
    throw new PluginRegistryError(
      `Duplicate GraphQL type name "${duplicate}" declared by plugins ${owners.map((o) => `"${o}"`).join(' and ')}`,
    );
  }
}

/** The schema as committed in schema/schema.graphql: sorted, so diffs show real changes only. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
