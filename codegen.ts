import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed document nodes for the operations tests share (test/graphql/*.graphql), checked against the
 * emitted schema: a schema change that breaks a shared operation fails `npm run typecheck`.
 * The output is generated (git-ignored); `npm test` and `npm run typecheck` run this first.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: 'test/graphql/*.graphql',
  generates: {
    'test/graphql/generated.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        enumsAsTypes: true,
        onlyOperationTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        scalars: {
          ID: 'string',
          Date: 'string',
          DateTimeISO: 'string',
          JSONObject: 'Record<string, unknown>',
          SafeInt: 'number',
        },
      },
    },
  },
  silent: true,
};

export default config;
