/**
 * What a span may carry off the machine. MikroORM sends every statement with its values written
 * into the SQL text (a PIN hash, an applicant's name, an ID number), a signed download link carries
 * its signature in the query string, and error messages repeat both. Spans are scrubbed before
 * export: SQL literals become `?`, query-string values `REDACTED`, header and variable attributes
 * are dropped, and exception and status messages lose their quoted values. No OpenTelemetry
 * import here: the rules are plain functions, tested on their own.
 */

/** Attributes never exported, whatever the instrumentation's options. */
const DROPPED = [
  /^db\.statement\.parameters$/,
  /^db\.query\.parameter\./,
  /^graphql\.variables\./,
  /^http\.(request|response)\.header\./,
];
const SQL_KEYS = new Set(['db.statement', 'db.query.text']);
const URL_KEYS = new Set(['url.full', 'url.query', 'url.original', 'http.url', 'http.target']);
const GRAPHQL_SOURCE = 'graphql.source';

/**
 * A statement with every literal replaced by `?`: strings ('…' with '' and E'…' escapes, $tag$…$tag$),
 * numbers standing alone. Identifiers ("t0", e0.id, staff_v2), placeholders ($1) and keywords stay.
 */
export function scrubSql(sql: string): string {
  return (
    sql
      // Dollar-quoted strings: $$…$$ or $tag$…$tag$ (not a $1 placeholder).
      .replace(/\$([A-Za-z_][A-Za-z_0-9]*)?\$[\s\S]*?\$\1\$/g, '?')
      // Standard and escape strings; E'…' allows backslash escapes, '' doubles a quote in both.
      .replace(/(?:\b[EeNnBbXxUu]&?)?'(?:[^'\\]|''|\\[\s\S])*'/g, '?')
      // Numbers not part of an identifier, a placeholder or a qualified name.
      .replace(/(?<![\w$."])\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w"])/g, '?')
  );
}

/**
 * A URL or request target with every query value replaced (names kept) and any userinfo removed;
 * `bareQuery` for url.query, which holds the query alone without its '?'.
 */
export function scrubUrl(value: string, bareQuery = false): string {
  const url = value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1REDACTED@');
  const queryAt = bareQuery ? -1 : url.indexOf('?');
  if (!bareQuery && queryAt < 0) return url;
  const [search, fragment] = url.slice(queryAt + 1).split('#', 2);
  const scrubbed = search
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? pair : `${pair.slice(0, eq)}=REDACTED`;
    })
    .join('&');
  return `${url.slice(0, queryAt + 1)}${scrubbed}${fragment === undefined ? '' : '#REDACTED'}`;
}

/** GraphQL source with string and number literals replaced (the instrumentation masks them too). */
export function scrubGraphqlSource(source: string): string {
  return source
    .replace(/"""[\s\S]*?"""/g, '"*"')
    .replace(/"(?:[^"\\\n]|\\.)*"/g, '"*"')
    .replace(/(?<![\w$])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?!\w)/g, '*');
}

/**
 * An error message or stack: MikroORM writes "<statement> - <reason>", so the statement is scrubbed
 * as SQL; PostgreSQL quotes a rejected value after a colon (`invalid input syntax for type uuid:
 * "…"`) and in details (`Key (code)=(…)`). Stack frames ("    at …") stay as they are.
 */
export function scrubMessage(message: string): string {
  return message
    .split('\n')
    .map((line) => (/^\s+at /.test(line) ? line : scrubMessageLine(line)))
    .join('\n');
}

/** A line naming a statement (MikroORM's "<statement> - <reason>", a driver's "… query: <sql>"). */
const SQL_LINE = /\b(select|insert\s+into|update|delete\s+from|with|values)\b/i;

function scrubMessageLine(line: string): string {
  const scrubbed = SQL_LINE.test(line) ? scrubSql(line) : line.replace(/'(?:[^'\\]|''|\\.)*'/g, '?');
  return scrubbed.replace(/: "(?:[^"\\]|\\.)*"/g, ': "?"').replace(/\)=\((?:[^()]|\([^()]*\))*\)/g, ')=(?)');
}

/** The value to export for one attribute, or undefined to drop it. */
export function scrubAttribute(key: string, value: unknown): unknown {
  if (DROPPED.some((pattern) => pattern.test(key))) return undefined;
  if (typeof value !== 'string') return value;
  if (SQL_KEYS.has(key)) return scrubSql(value);
  if (URL_KEYS.has(key)) return scrubUrl(value, key === 'url.query');
  if (key === GRAPHQL_SOURCE) return scrubGraphqlSource(value);
  if (key === 'exception.message' || key === 'exception.stacktrace') return scrubMessage(value);
  return value;
}

/** Every attribute of a set, scrubbed (dropped ones left out). */
export function scrubAttributes<T extends Record<string, unknown>>(attributes: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    const scrubbed = scrubAttribute(key, value);
    if (scrubbed !== undefined) out[key] = scrubbed;
  }
  return out as T;
}
