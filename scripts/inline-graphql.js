'use strict';

// Counts the GraphQL operations tests still write inline (string and template literals in the test
// folders) and which of them several test files repeat, so they can move to test/graphql/*.graphql
// (docs/api-style.md, "Tests and typed documents").
//
//   node scripts/inline-graphql.js           summary
//   node scripts/inline-graphql.js --list    every root field written inline in 2+ files, with files
//
// It also counts the shared operations (test/graphql/*.graphql) and where tests use their typed
// documents (a `…Document` imported from test/graphql/generated), so the move can be followed.
//
// An operation is counted by its root fields ("mutation createOfficial"): two tests that select
// different fields of createOfficial still write the same operation twice. "Exact" counts operations
// whose whole text (whitespace and operation name aside) is repeated.

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const { parse, print, Kind } = require('graphql');

const root = path.resolve(__dirname, '..');
const testDirs = ['test', ...fs.readdirSync(path.join(root, 'plugins')).map((p) => `plugins/${p}/test`)];

function walk(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.ts$/.test(entry.name) && !/\.d\.ts$|generated\.ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** The text of a literal, with each `${…}` replaced by a placeholder GraphQL accepts where it stood. */
function literalText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((s) => `__X__${s.literal.text}`).join('');
  }
  return null;
}

/** References to typed documents imported from test/graphql/generated (imports themselves aside). */
function sharedUsesIn(source) {
  const names = new Set();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !/graphql\/generated$/.test(statement.moduleSpecifier.text))
      continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        if (!element.isTypeOnly && /Document$/.test(element.name.text)) names.add(element.name.text);
      }
    }
  }
  const uses = [];
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isIdentifier(node) && names.has(node.text)) uses.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

function operationsIn(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
  found.sharedUses = sharedUsesIn(source);
  const visit = (node) => {
    const text = literalText(node);
    if (text !== null && /^\s*(query|mutation|subscription)\b|^\s*\{\s*\w/.test(text)) {
      try {
        const doc = parse(text.replace(/__X__/g, ' '));
        for (const def of doc.definitions) {
          if (def.kind !== Kind.OPERATION_DEFINITION) continue;
          const fields = def.selectionSet.selections
            .filter((s) => s.kind === Kind.FIELD)
            .map((s) => s.name.value)
            .filter((n) => n !== '__typename');
          const exact = print({ ...def, name: undefined });
          found.push({ keys: fields.map((f) => `${def.operation} ${f}`), exact });
        }
      } catch {
        // Not GraphQL (or deliberately invalid GraphQL, kept inline on purpose).
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = testDirs.flatMap((d) => walk(path.join(root, d), []));
const byKey = new Map();
const byExact = new Map();
let operations = 0;
let sharedUses = 0;
const sharedFiles = new Set();
const sharedUsed = new Set();
for (const file of files) {
  const rel = path.relative(root, file);
  const ops = operationsIn(file);
  sharedUses += ops.sharedUses.length;
  if (ops.sharedUses.length) sharedFiles.add(rel);
  for (const name of ops.sharedUses) sharedUsed.add(name);
  for (const op of ops) {
    operations++;
    for (const key of op.keys) {
      if (!byKey.has(key)) byKey.set(key, new Map());
      byKey.get(key).set(rel, (byKey.get(key).get(rel) ?? 0) + 1);
    }
    if (!byExact.has(op.exact)) byExact.set(op.exact, new Set());
    byExact.get(op.exact).add(rel);
  }
}

const repeated = [...byKey].filter(([, inFiles]) => inFiles.size >= 2).sort((a, b) => b[1].size - a[1].size);
const writings = repeated.reduce((n, [, inFiles]) => n + [...inFiles.values()].reduce((a, b) => a + b, 0), 0);
const exactRepeated = [...byExact].filter(([, inFiles]) => inFiles.size >= 2);

const sharedDir = path.join(root, 'test/graphql');
const sharedDocs = fs.existsSync(sharedDir)
  ? fs.readdirSync(sharedDir).filter((f) => f.endsWith('.graphql'))
  : [];
const sharedOperations = sharedDocs.flatMap((f) =>
  parse(fs.readFileSync(path.join(sharedDir, f), 'utf8'))
    .definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)
    .map((d) => d.name.value),
);
const unused = sharedOperations.filter((name) => !sharedUsed.has(`${name}Document`));

console.log(`inline operations in tests: ${operations} (in ${files.length} files)`);
console.log(
  `shared operations (test/graphql/*.graphql): ${sharedOperations.length} in ${sharedDocs.length} files, ` +
    `sent through their typed documents at ${sharedUses} places in ${sharedFiles.size} test files` +
    (unused.length ? ` (unused: ${unused.join(', ')})` : ''),
);
console.log(`root fields written inline in 2+ test files: ${repeated.length} (${writings} inline writings)`);
console.log(`operations repeated verbatim in 2+ test files: ${exactRepeated.length}`);
if (process.argv.includes('--list')) {
  for (const [key, inFiles] of repeated) {
    console.log(`${String(inFiles.size).padStart(3)} files  ${key}: ${[...inFiles.keys()].join(' ')}`);
  }
}
