'use strict';

/**
 * PostGraphile v4 in library mode for the benchmark: schema `public` (plus `bench_pg`, the bench's
 * SQL functions for what PostGraphile cannot express), `simpleCollections: both`, no default
 * mutations, and JWT verification with the same development realm key and audience as our API, so
 * both servers verify the same RS256 tokens on every request (PostGraphile then sets the claims with
 * set_config in a transaction, as it does in production). No row-level security: PostGraphile does
 * not check unit scope here (see bench/README.md).
 *
 *   node bench/postgraphile/server.js <port>   (DATABASE_URL, JWT_PUBLIC_KEY_PEM, JWT_AUDIENCE, POOL_MAX)
 */
const http = require('node:http');
const path = require('node:path');
const { Pool } = require('pg');
const { postgraphile } = require('postgraphile');
const { makePgSmartTagsFromFilePlugin } = require('postgraphile/plugins');

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_MAX || 10),
  application_name: 'bench-postgraphile',
});
const middleware = postgraphile(pool, ['public', 'bench_pg'], {
  simpleCollections: 'both',
  disableDefaultMutations: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  graphiql: false,
  watchPg: false,
  retryOnInitFail: false,
  disableQueryLog: true,
  enableQueryBatching: false,
  jwtPublicKey: process.env.JWT_PUBLIC_KEY_PEM,
  jwtVerifyOptions: { algorithms: ['RS256'], audience: process.env.JWT_AUDIENCE || 'platform-api' },
  appendPlugins: [makePgSmartTagsFromFilePlugin(path.join(__dirname, 'postgraphile.tags.json5'))],
});

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  middleware(req, res);
});
server.keepAliveTimeout = 65000;
server.listen(Number(process.argv[2] || 5000), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  Promise.resolve(middleware.release && middleware.release())
    .then(() => pool.end())
    .then(() => process.exit(0));
});
