#!/usr/bin/env node
/**
 * Runs a module of the compiled tree (`dist/`), compiling first only when a source file is newer than
 * the last build. `npm run token` then answers at once on a built tree instead of type-checking the
 * whole project each time.
 *
 *   node scripts/run-built.js src/cli/token.js --user leader --roles leader
 *   node scripts/run-built.js --stamp     (after a build: the tree is fresh now)
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
// Written here after each build this script runs (not tsc's .tsbuildinfo, which `tsc --noEmit`
// also rewrites without emitting anything).
const stamp = path.join(dist, '.run-built-stamp');

function newestSource(dir, newest) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return newest;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'test' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(full, newest);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    else if (entry.name.endsWith('.js') && dir.endsWith('scripts'))
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh() {
  if (!fs.existsSync(stamp)) return false;
  const built = fs.statSync(stamp).mtimeMs;
  let newest = 0;
  for (const dir of ['src', 'plugins', 'scripts', 'bench'])
    newest = newestSource(path.join(root, dir), newest);
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'])
    newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  return newest <= built;
}

const [target, ...args] = process.argv.slice(2);
// `npm run build` ends with `run-built.js --stamp`: a tree built by hand counts as built, so the
// first `npm run token` after it does not compile the project again (about 30 s on 2 cores).
if (target === '--stamp') {
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
  process.exit(0);
}
if (!target) {
  process.stderr.write('usage: node scripts/run-built.js <module under dist/> [args...]\n');
  process.exit(2);
}
if (!isFresh()) {
  const tsc = require.resolve('typescript/bin/tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
process.argv = [process.argv[0], path.join(dist, target), ...args];
require(path.join(dist, target));
