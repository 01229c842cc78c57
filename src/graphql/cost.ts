import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
  GraphQLList,
  GraphQLSchema,
  isCompositeType,
  isLeafType,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  valueFromASTUntyped,
  type GraphQLCompositeType,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context';

/**
 * What a field declares about its own cost, in `@Extensions({ cost })` (type-graphql) or
 * `extensions: { cost }`: work done per value on top of reading a row (rendering an image, a PDF,
 * a report). Default: 1 for a field returning an object, 0 for a scalar already loaded.
 */
export interface FieldCostExtension {
  cost?: number;
}

export interface CostLimits {
  /** Budget of a signed-in request (GRAPHQL_MAX_COST). */
  signedIn: number;
  /** Budget of an anonymous request (GRAPHQL_ANONYMOUS_MAX_COST). */
  anonymous: number;
  /** Assumed page size of a paginated field called without `first`/`last` (GRAPHQL_MAX_PAGE_SIZE). */
  defaultPageSize: number;
}

/**
 * The cost of an operation: each field costs its own price (see FieldCostExtension) times how many
 * times it runs, which is the product of the page sizes (`first`/`last`, or the page cap when absent)
 * of the paginated fields above it. Aliases and fragments count every time they are selected, so
 * twenty aliases of one page of QR codes cost twenty pages.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  defaultPageSize: number,
): number {
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return 0;
  const argument = (node: FieldNode, name: string): unknown => {
    const arg = node.arguments?.find((a) => a.name.value === name);
    if (!arg) return undefined;
    return valueFromASTUntyped(arg.value, variables);
  };
  // Guards against fragment cycles (refused by validation anyway) and pathological nesting.
  const walk = (
    type: GraphQLCompositeType,
    selections: SelectionSetNode,
    multiplier: number,
    depth: number,
  ): number => {
    if (depth > 64) return Number.POSITIVE_INFINITY;
    let total = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (!fragment) continue;
        const on = schema.getType(fragment.typeCondition.name.value);
        if (on && isCompositeType(on)) total += walk(on, fragment.selectionSet, multiplier, depth + 1);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (on && isCompositeType(on)) total += walk(on, selection.selectionSet, multiplier, depth + 1);
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__')) {
        total += multiplier;
        continue;
      }
      const field: GraphQLField<unknown, unknown> | undefined =
        isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
      if (!field) continue;
      const declared = (field.extensions as FieldCostExtension | undefined)?.cost;
      const named = getNamedType(field.type);
      const own = typeof declared === 'number' ? declared : isLeafType(named) ? 0 : 1;
      total += multiplier * own;
      if (!selection.selectionSet || !isCompositeType(named)) continue;
      let childMultiplier = multiplier;
      const paginated = field.args.some((a) => a.name === 'first' || a.name === 'last');
      if (paginated) {
        const asked = Number(argument(selection, 'first') ?? argument(selection, 'last'));
        const size =
          Number.isFinite(asked) && asked >= 0 ? Math.min(asked, defaultPageSize) : defaultPageSize;
        childMultiplier = multiplier * Math.max(size, 1);
      } else if (getNullableType(field.type) instanceof GraphQLList && !type.name.endsWith('Connection')) {
        // (A connection's nodes and edges are the page already counted by its first/last.)
        // An unpaginated list (a device's maintenance log): short by design, counted as a few rows.
        childMultiplier = multiplier * UNPAGINATED_LIST_FACTOR;
      }
      total += walk(named, selection.selectionSet, childMultiplier, depth + 1);
    }
    return total;
  };
  return walk(root, operation.selectionSet, 1, 0);
}

/** How many items an unpaginated list field is assumed to hold. */
const UNPAGINATED_LIST_FACTOR = 5;

/**
 * Refuses, before anything runs, an operation whose cost exceeds the caller's budget: anonymous
 * callers get a smaller one. In Apollo's didResolveOperation (not a validation rule) because the
 * budget depends on who asks, which validation rules cannot see.
 */
export function costLimitPlugin(
  schema: GraphQLSchema,
  limits: CostLimits,
): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions)
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          const cost = operationCost(
            schema,
            operation,
            fragments,
            request.variables ?? {},
            limits.defaultPageSize,
          );
          const anonymous = !contextValue.user;
          const budget = anonymous ? limits.anonymous : limits.signedIn;
          if (cost > budget)
            throw new GraphQLError(
              `Query too costly: ${Number.isFinite(cost) ? Math.ceil(cost) : 'unbounded'} exceeds the ${anonymous ? 'anonymous ' : ''}budget of ${budget}; ask for fewer items (a smaller first), fewer aliases or fewer images`,
              {
                extensions: {
                  code: 'GRAPHQL_VALIDATION_FAILED',
                  cost: Number.isFinite(cost) ? Math.ceil(cost) : null,
                  maxCost: budget,
                  http: { status: 400 },
                },
              },
            );
        },
      };
    },
  };
}
