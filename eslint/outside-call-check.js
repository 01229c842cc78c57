'use strict';

/**
 * local/outside-calls: a file that connects to a system outside our database also checks that no
 * transaction is open, by calling `assertOutsideTransaction` (src/db/outside-calls.ts says why).
 * That check runs when the call is made; this rule makes sure a new client of an outside system has
 * it at all.
 *
 * Connecting, for this rule: the global `fetch(…)`; `connect` or `createConnection` on what the file
 * imports from `node:net` or `node:tls`; `request` or `get` on what it imports from `node:http` or
 * `node:https`, or on a variable set from them (`const client = https ? https : http`);
 * nodemailer's `createTransport(…)`. `ctx.sendMail` enqueues a job and is not a connection. One
 * check per file is enough: it is the file of the client.
 */

const NET_MODULES = new Set(['net', 'node:net', 'tls', 'node:tls']);
const HTTP_MODULES = new Set(['http', 'node:http', 'https', 'node:https']);

/** Whether an expression is one of `names`, or chooses between them (`a ? b : c`, `a || b`). */
function mentions(node, names) {
  if (node.type === 'Identifier') return names.has(node.name);
  if (node.type === 'ConditionalExpression')
    return mentions(node.consequent, names) || mentions(node.alternate, names);
  if (node.type === 'LogicalExpression') return mentions(node.left, names) || mentions(node.right, names);
  return false;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'A client of an outside system calls assertOutsideTransaction' },
    schema: [],
    messages: {
      unchecked:
        '{{what}} connects to an outside system: call assertOutsideTransaction first in this file ' +
        '(an outside call inside a transaction holds its connection and slot; src/db/outside-calls.ts).',
    },
  },
  create(context) {
    const netNames = new Set();
    const httpNames = new Set();
    const connectFunctions = new Set();
    let checks = false;
    const connections = [];

    return {
      ImportDeclaration(node) {
        const source = node.source.value;
        const http = HTTP_MODULES.has(source);
        if (!http && !NET_MODULES.has(source)) return;
        const connecting = http ? ['request', 'get'] : ['connect', 'createConnection'];
        for (const specifier of node.specifiers) {
          // `import net from 'node:net'` names the module; `import { connect }` one function of it.
          if (specifier.type !== 'ImportSpecifier') (http ? httpNames : netNames).add(specifier.local.name);
          else if (connecting.includes(specifier.imported.name)) connectFunctions.add(specifier.local.name);
        }
      },
      VariableDeclarator(node) {
        if (node.id.type === 'Identifier' && node.init && mentions(node.init, httpNames))
          httpNames.add(node.id.name);
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'Identifier') {
          if (callee.name === 'assertOutsideTransaction') checks = true;
          else if (callee.name === 'fetch') connections.push({ node, what: 'fetch()' });
          else if (callee.name === 'createTransport' || connectFunctions.has(callee.name))
            connections.push({ node, what: `${callee.name}()` });
          return;
        }
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier')
          return;
        const method = callee.property.name;
        const object = callee.object.type === 'Identifier' ? callee.object.name : null;
        if (method === 'assertOutsideTransaction') checks = true;
        else if (method === 'createTransport') connections.push({ node, what: 'createTransport()' });
        else if ((method === 'connect' || method === 'createConnection') && object && netNames.has(object))
          connections.push({ node, what: `${object}.${method}()` });
        else if ((method === 'request' || method === 'get') && object && httpNames.has(object))
          connections.push({ node, what: `${object}.${method}()` });
      },
      'Program:exit'() {
        if (checks || !connections.length) return;
        const [first] = connections;
        context.report({ node: first.node, messageId: 'unchecked', data: { what: first.what } });
      },
    };
  },
};

module.exports = rule;
