import { scrubAttributes, scrubGraphqlSource, scrubMessage, scrubSql, scrubUrl } from '../src/tracing/redact';

/**
 * The rules that scrub spans before export, with explicit vectors (the end-to-end proof through a
 * real process and exporter is test/core-tracing.test.ts).
 */
describe('SQL literals', () => {
  it.each([
    [
      // MikroORM writes the values into the statement (pg's escapeLiteral).
      `select "d0".* from "procedures_dossier" as "d0" where "d0"."code" = 'HS-2026-000123' limit 1`,
      `select "d0".* from "procedures_dossier" as "d0" where "d0"."code" = ? limit ?`,
    ],
    [
      `update "staff_official" set "pin_hash" = '$argon2id$v=19$m=65536$abc', "version" = 3 where "id" = 'a1b2'`,
      `update "staff_official" set "pin_hash" = ?, "version" = ? where "id" = ?`,
    ],
    // A doubled quote and a backslash (escapeLiteral then writes E'…' and doubles it).
    [`insert into t (a, b) values ('O''Brien', E'C:\\\\tmp\\\\x')`, `insert into t (a, b) values (?, ?)`],
    [`select $$secret body$$, $tag$also 'secret'$tag$`, `select ?, ?`],
    [`select -12.5e3, 42, 0.5, x - 1`, `select -?, ?, ?, x - ?`],
    // Placeholders, identifiers with digits, qualified names and casts stay.
    [
      `select e0.id, "t2"."x1" from staff_v2 where a = $1 and b = $12::int4 and c = 'x'::text`,
      `select e0.id, "t2"."x1" from staff_v2 where a = $1 and b = $12::int4 and c = ?::text`,
    ],
  ])('%s', (sql, expected) => {
    expect(scrubSql(sql)).toBe(expected);
  });
});

describe('URLs', () => {
  it('replaces every query value and the userinfo, keeps the path and names', () => {
    expect(scrubUrl('/files/5f0c?expires=1767225600&signature=abcDEF123')).toBe(
      '/files/5f0c?expires=REDACTED&signature=REDACTED',
    );
    expect(scrubUrl('https://admin:pw@kc.example/realms/x/users?username=an&exact=true#frag')).toBe(
      'https://REDACTED@kc.example/realms/x/users?username=REDACTED&exact=REDACTED#REDACTED',
    );
    expect(scrubUrl('http://127.0.0.1:4000/graphql')).toBe('http://127.0.0.1:4000/graphql');
    expect(scrubUrl('ma=HS-1&flag', true)).toBe('ma=REDACTED&flag');
  });
});

describe('GraphQL source', () => {
  it('replaces string, block string and number literals', () => {
    expect(
      scrubGraphqlSource(
        'query Q1 { lookupDossier(input: { code: "HS-1", secret: "123456" }) { a2 } list(first: 20, note: """x""") }',
      ),
    ).toBe('query Q1 { lookupDossier(input: { code: "*", secret: "*" }) { a2 } list(first: *, note: "*") }');
  });
});

describe('error messages', () => {
  it("scrubs MikroORM's statement, PostgreSQL's quoted value and key detail, keeps stack frames", () => {
    const stack = [
      `UniqueConstraintViolationException: insert into "queue_kiosk" ("code", "secret_hash") values ('K-1', 'h4sh') - duplicate key value violates unique constraint "queue_kiosk_code_unique"`,
      '    at PostgreSqlExceptionConverter.convertException (/app/node_modules/x.js:12:5)',
    ].join('\n');
    expect(scrubMessage(stack)).toBe(
      [
        `UniqueConstraintViolationException: insert into "queue_kiosk" ("code", "secret_hash") values (?, ?) - duplicate key value violates unique constraint "queue_kiosk_code_unique"`,
        '    at PostgreSqlExceptionConverter.convertException (/app/node_modules/x.js:12:5)',
      ].join('\n'),
    );
    expect(scrubMessage('invalid input syntax for type uuid: "not-a-uuid-0042"')).toBe(
      'invalid input syntax for type uuid: "?"',
    );
    expect(scrubMessage('Key (code)=(HS-2026-1) already exists.')).toBe('Key (code)=(?) already exists.');
    // Text with no statement keeps its numbers.
    expect(scrubMessage('job timed out after 30000 ms')).toBe('job timed out after 30000 ms');
  });
});

describe('attributes', () => {
  it('drops parameter, variable and header attributes and scrubs by key', () => {
    expect(
      scrubAttributes({
        'db.statement': `select 1 from t where x = 'v'`,
        'db.query.text': `select 'v'`,
        'db.statement.parameters': '["v"]',
        'db.query.parameter.0': 'v',
        'graphql.variables.input.secret': '123456',
        'http.request.header.authorization': ['Bearer abc'],
        'url.query': 'signature=abc',
        'http.target': '/files/1?signature=abc',
        'graphql.source': 'query { a(b: "c") }',
        'exception.message': `select 'v' - boom`,
        'http.response.status_code': 403,
        'job.task': 'core.files.sweep-orphans',
      }),
    ).toEqual({
      'db.statement': 'select ? from t where x = ?',
      'db.query.text': 'select ?',
      'url.query': 'signature=REDACTED',
      'http.target': '/files/1?signature=REDACTED',
      'graphql.source': 'query { a(b: "*") }',
      'exception.message': 'select ? - boom',
      'http.response.status_code': 403,
      'job.task': 'core.files.sweep-orphans',
    });
  });
});
