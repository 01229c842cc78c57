'use strict';

/**
 * local/import-boundaries: the direction of imports from the architecture notes.
 *
 * - A file under src/ (the core) never imports anything under plugins/.
 * - A file under plugins/<a>/ imports the core only through src/index.ts, and another plugin <b>
 *   only through plugins/<b>/index.ts: no deep imports.
 * - Tests (a path with a /test/ folder, or a *.test.ts / *.spec.ts file) may import anything.
 *
 * Relative (and absolute) specifiers are resolved to absolute paths, so `../../src` and
 * `../../src/index` are the core's public face while `../../src/db/orm` is a deep import.
 * Package specifiers ('type-graphql', 'node:fs') are never restricted. The decision uses paths only
 * (no file-system access), so it is fast and works on in-memory code with a made-up file name.
 *
 * Options: [{ root: '/abs/path/of/the/repository' }] (default: ESLint's cwd).
 */

const path = require('node:path');

const INDEX = /^index(\.(ts|tsx|js|mjs|cjs|mts|cts))?$/;

/** Path relative to the root with forward slashes, or null when outside the root. */
function relativeToRoot(root, absolute) {
  const rel = path.relative(root, absolute).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel))
    return rel === '' ? '' : null;
  return rel;
}

function isTestFile(rel) {
  return `/${rel}`.includes('/test/') || /\.(test|spec)\.[cm]?[jt]sx?$/.test(rel);
}

/** 'core' | { plugin: id } | 'other' for a file or module path relative to the root. */
function areaOf(rel) {
  if (rel === 'src' || rel.startsWith('src/')) return { kind: 'core' };
  const plugin = /^plugins\/([^/]+)(?:\/(.*))?$/.exec(rel);
  if (plugin) return { kind: 'plugin', id: plugin[1], inner: plugin[2] ?? '' };
  return { kind: 'other' };
}

/** Whether the module path (relative to its folder) names that folder's index module. */
function isIndexOf(inner) {
  return inner === '' || INDEX.test(inner);
}

const rule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Core never imports plugins; plugins import core via src/index.ts and other plugins via their index.ts',
    },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' } },
        additionalProperties: false,
      },
    ],
    messages: {
      coreImportsPlugin:
        'The core must not import a plugin ("{{specifier}}" is {{target}}). Let the plugin register with the core instead, or publish an event.',
      deepCoreImport:
        'Plugins import the core only through src/index.ts ("{{specifier}}" is {{target}}). Export what you need from src/index.ts.',
      deepPluginImport:
        'Import plugin "{{other}}" only through plugins/{{other}}/index.ts ("{{specifier}}" is {{target}}). Export what you need from its index.ts.',
    },
  },

  create(context) {
    const options = context.options[0] ?? {};
    const root = path.resolve(options.root ?? context.cwd ?? process.cwd());
    const filename = context.filename ?? context.getFilename();
    if (!filename || filename.startsWith('<')) return {};
    const fileRel = relativeToRoot(root, path.resolve(root, filename));
    if (fileRel === null || isTestFile(fileRel)) return {};
    const from = areaOf(fileRel);
    if (from.kind === 'other') return {};
    const dir = path.dirname(path.resolve(root, filename));

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) return;
      const targetRel = relativeToRoot(root, path.resolve(dir, specifier));
      if (targetRel === null) return;
      const to = areaOf(targetRel);
      const data = { specifier, target: targetRel || '.' };

      if (from.kind === 'core') {
        if (to.kind === 'plugin' || targetRel === 'plugins')
          context.report({ node, messageId: 'coreImportsPlugin', data });
        return;
      }
      // from a plugin
      if (to.kind === 'core') {
        const inner = targetRel === 'src' ? '' : targetRel.slice('src/'.length);
        if (!isIndexOf(inner)) context.report({ node, messageId: 'deepCoreImport', data });
        return;
      }
      if (to.kind === 'plugin' && to.id !== from.id && !isIndexOf(to.inner)) {
        context.report({ node, messageId: 'deepPluginImport', data: { ...data, other: to.id } });
      }
    }

    const sourceOf = (node) =>
      node.source && node.source.type === 'Literal' ? node.source.value : undefined;

    return {
      ImportDeclaration(node) {
        check(node.source, sourceOf(node));
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node.source, sourceOf(node));
      },
      ExportAllDeclaration(node) {
        check(node.source, sourceOf(node));
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node.source, node.source.value);
        else if (node.source.type === 'TemplateLiteral' && node.source.expressions.length === 0) {
          check(node.source, node.source.quasis[0].value.cooked);
        }
      },
      // require('...') and jest.mock('...')-style calls with a literal path
      CallExpression(node) {
        const callee = node.callee;
        const isRequire = callee.type === 'Identifier' && callee.name === 'require';
        const isRequireResolve =
          callee.type === 'MemberExpression' &&
          callee.object.type === 'Identifier' &&
          callee.object.name === 'require' &&
          callee.property.type === 'Identifier' &&
          callee.property.name === 'resolve';
        if (!isRequire && !isRequireResolve) return;
        const arg = node.arguments[0];
        if (arg && arg.type === 'Literal') check(arg, arg.value);
      },
      // import x = require('...')
      TSImportEqualsDeclaration(node) {
        const ref = node.moduleReference;
        if (ref && ref.type === 'TSExternalModuleReference' && ref.expression.type === 'Literal') {
          check(ref.expression, ref.expression.value);
        }
      },
      // typeof import('...') in type positions
      TSImportType(node) {
        // typescript-eslint 8 names it `source` (older: `argument`, now a deprecated getter)
        const arg = node.source !== undefined ? node.source : node.argument;
        const literal = arg && arg.type === 'TSLiteralType' ? arg.literal : arg;
        if (literal && literal.type === 'Literal') check(literal, literal.value);
      },
    };
  },
};

module.exports = rule;
