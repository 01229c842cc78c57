'use strict';

// Counts the GraphQL operations tests still write inline (string and template literals in the test
// folders) and which of them several test files repeat, so they can move to test/graphql/*.graphql
// (docs/api-style.md, "Tests and typed documents").
//
//   node scripts/inline-graphql.js           summary
//   node scripts/inline-graphql.js --list    every root field written inline in 2+ files, with files
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

function operationsIn(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
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
for (const file of files) {
  const rel = path.relative(root, file);
  for (const op of operationsIn(file)) {
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

console.log(`inline operations in tests: ${operations} (in ${files.length} files)`);
console.log(`root fields written inline in 2+ test files: ${repeated.length} (${writings} inline writings)`);
console.log(`operations repeated verbatim in 2+ test files: ${exactRepeated.length}`);
if (process.argv.includes('--list')) {
  for (const [key, inFiles] of repeated) {
    console.log(`${String(inFiles.size).padStart(3)} files  ${key}: ${[...inFiles.keys()].join(' ')}`);
  }
}
