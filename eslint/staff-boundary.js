'use strict';

/**
 * local/staff-boundary: staff is a service boundary. Outside plugins/staff:
 *
 * - SQL names no `staff_*` table: set-based SQL reads staff's public views, listed in
 *   plugins/staff/README.md ("Public SQL surface") and in PUBLIC below;
 * - no staff entity class is imported from staff's index (Agency, Official, …): records are reached
 *   through `directory` and kept as plain ids;
 * - `StaffTypes` (staff's GraphQL object types) only names a GraphQL type, inside the type function
 *   of a type-graphql decorator (`@FieldResolver(() => StaffTypes.Agency)`), never as an entity.
 *
 * Tests (they arrange edge cases in staff's tables) and migrations (already applied history, with
 * their foreign keys) are not checked. Option `legacy`: files (relative to the root) still importing
 * staff entities, to be converted; the list only shrinks.
 */

const path = require('node:path');

const PUBLIC = new Set([
  'staff_local_today',
  'staff_current_posting_v',
  'staff_unit_v',
  'staff_unit_tree_v',
  'staff_agency_v',
  'staff_department_v',
  'staff_desk_v',
  'staff_official_v',
  'staff_role_grant_v',
]);

const ENTITIES = new Set([
  'AdministrativeUnit',
  'UnitSuccession',
  'Agency',
  'Department',
  'OneStopCentre',
  'Desk',
  'Official',
  'Assignment',
  'RoleAssignment',
]);

const TYPE_DECORATORS = new Set(['Field', 'FieldResolver', 'Query', 'Mutation', 'Resolver', 'Arg']);

const STAFF_NAME = /\bstaff_[a-z0-9_]+/g;

function relativeToRoot(root, absolute) {
  const rel = path.relative(root, absolute).split(path.sep).join('/');
  return rel.startsWith('..') || path.isAbsolute(rel) ? null : rel;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Other plugins reach staff only through its directory and public views' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          legacy: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      staffTable:
        'SQL outside the staff plugin must not name "{{name}}": read one of staff\'s public views (plugins/staff/README.md, "Public SQL surface") or ask `directory`.',
      staffEntity:
        'Do not import the staff entity {{name}} outside plugins/staff: keep a plain id and ask `directory` (records are read-only there); for a GraphQL type use StaffTypes.{{name}}.',
      staffTypeUse:
        "StaffTypes.{{name}} names a GraphQL type only (inside a type-graphql decorator's type function); query staff through `directory`.",
    },
  },

  create(context) {
    const options = context.options[0] ?? {};
    const root = path.resolve(options.root ?? context.cwd ?? process.cwd());
    const filename = context.filename ?? context.getFilename();
    if (!filename || filename.startsWith('<')) return {};
    const rel = relativeToRoot(root, path.resolve(root, filename));
    if (rel === null || !rel.startsWith('plugins/') || rel.startsWith('plugins/staff/')) return {};
    if (`/${rel}`.includes('/test/') || /\.(test|spec)\.[cm]?[jt]s$/.test(rel)) return {};
    if (`/${rel}`.includes('/migrations/')) return {};
    const legacy = new Set(options.legacy ?? []);
    const dir = path.dirname(path.resolve(root, filename));
    const staffIndex = path.resolve(root, 'plugins/staff');

    const isStaffIndex = (specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return false;
      const target = path.resolve(dir, specifier).replace(/[/\\]index(\.[cm]?[jt]s)?$/, '');
      return target === staffIndex;
    };

    function checkText(node, text) {
      for (const match of text.matchAll(STAFF_NAME)) {
        if (!PUBLIC.has(match[0]))
          context.report({ node, messageId: 'staffTable', data: { name: match[0] } });
      }
    }

    function insideTypeFunction(node) {
      for (let n = node.parent; n; n = n.parent) {
        if (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') {
          const call = n.parent;
          return (
            call &&
            call.type === 'CallExpression' &&
            call.arguments[0] === n &&
            call.callee.type === 'Identifier' &&
            TYPE_DECORATORS.has(call.callee.name)
          );
        }
      }
      return false;
    }

    return {
      Literal(node) {
        if (typeof node.value === 'string') checkText(node, node.value);
      },
      TemplateElement(node) {
        checkText(node, node.value.cooked ?? node.value.raw);
      },
      ImportDeclaration(node) {
        if (!isStaffIndex(node.source.value) || legacy.has(rel)) return;
        for (const spec of node.specifiers) {
          if (spec.type !== 'ImportSpecifier') continue;
          const name = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
          if (ENTITIES.has(name)) context.report({ node: spec, messageId: 'staffEntity', data: { name } });
        }
      },
      MemberExpression(node) {
        if (node.object.type !== 'Identifier' || node.object.name !== 'StaffTypes') return;
        if (!insideTypeFunction(node)) {
          const name = node.property.type === 'Identifier' ? node.property.name : '?';
          context.report({ node, messageId: 'staffTypeUse', data: { name } });
        }
      },
    };
  },
};

module.exports = rule;
module.exports.PUBLIC_VIEWS = PUBLIC;
