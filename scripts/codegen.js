#!/usr/bin/env node
/**
 * Typed document nodes for the operations tests share (test/graphql/*.graphql), checked against the
 * emitted schema (schema/schema.graphql): a schema change that breaks a shared operation fails
 * `npm run typecheck`. The output, test/graphql/generated.ts, is generated and git-ignored;
 * `npm test` and `npm run typecheck` run this first.
 *
 * It calls GraphQL Code Generator's programmatic API (@graphql-codegen/core) on two local files.
 * Its CLI would do the same, but it installs loaders for remote schemas (URLs, GitHub, Apollo
 * Studio) that this project never uses and that declare Node 22.15 as their minimum: on Node 20,
 * the oldest Node we support, `npm install` warned about each of them.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { buildASTSchema, GraphQLError, parse, Source } = require('graphql');
const { codegen } = require('@graphql-codegen/core');
const typescriptOperations = require('@graphql-codegen/typescript-operations');
const typedDocumentNode = require('@graphql-codegen/typed-document-node');

const root = path.resolve(__dirname, '..');
const schemaFile = path.join(root, 'schema', 'schema.graphql');
const documentsDir = path.join(root, 'test', 'graphql');
const outputFile = path.join(documentsDir, 'generated.ts');

const config = {
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
};

async function main() {
  const schema = parse(fs.readFileSync(schemaFile, 'utf8'));
  const documents = fs
    .readdirSync(documentsDir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => {
      const location = path.join(documentsDir, name);
      // Named by its path, so an error says which file and line.
      const source = new Source(fs.readFileSync(location, 'utf8'), path.relative(root, location));
      return { location, document: parse(source) };
    });
  const output = await codegen({
    filename: outputFile,
    schema,
    schemaAst: buildASTSchema(schema),
    documents,
    config,
    plugins: [{ 'typescript-operations': {} }, { 'typed-document-node': {} }],
    pluginMap: { 'typescript-operations': typescriptOperations, 'typed-document-node': typedDocumentNode },
  });
  // Written only when it changed, so a watcher or tsc's incremental build sees no needless change.
  const previous = fs.existsSync(outputFile) ? fs.readFileSync(outputFile, 'utf8') : null;
  if (output !== previous) fs.writeFileSync(outputFile, output);
}

main().catch((error) => {
  // A document that does not match the schema says which field, file and line; no stack needed.
  // (A GraphQLError prints its location only through toString.)
  const text =
    error instanceof GraphQLError ? error.toString() : error instanceof Error ? error.message : error;
  console.error(`codegen: ${text}`);
  process.exit(1);
});
