import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import proxyaddr from 'proxy-addr';
import type { Logger } from '../logging';
import type { AuthUser } from '../auth/user';
import { inLanguage, languageFromHeader } from '../i18n';
import { httpErrorAnswer } from './http-error';

/** A connect-style middleware that only needs Node's request and response (cors, body-parser, helmet). */
type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface GraphqlHttpOptions<Context extends BaseContext> {
  apollo: ApolloServer<Context>;
  logger: Logger;
  /** The headers helmet sets on every answer (they do not depend on the request). */
  securityHeaders: ReadonlyArray<[string, string]>;
  cors: NodeMiddleware;
  /** The user of the bearer token (null without one); throws the reason when the token is refused. */
  verifyBearer(header: string | undefined): Promise<AuthUser | null>;
  /** Reads the JSON body into `req.body`, with the limit of a signed-in or an anonymous caller. */
  jsonBody(signedIn: boolean): NodeMiddleware;
  /** Express's compiled `trust proxy` rule, so the client's address is the one Express would see. */
  trustProxy: (address: string, hop: number) => boolean;
  responseTimeoutMs: number;
  context(request: { user: AuthUser | null; requestId: string; ip: string }): Promise<Context>;
}

export interface GraphqlRequest extends IncomingMessage {
  body?: unknown;
}

/** POST /graphql (with or without a query string): the only requests the direct handler serves. */
export function isGraphqlPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || !req.url) return false;
  return req.url === '/graphql' || req.url.startsWith('/graphql?');
}

/**
 * POST /graphql served straight from Node's HTTP server, without Express's router: the same steps as
 * the Express chain it replaces on this path (security headers, request id and log line, the
 * response timeout, CORS, the token checked before the body is read, the body limits, the language),
 * then Apollo's own pipeline (parsing and validation caches, cost limit, error formatting, CSRF
 * prevention). Express's dispatch through every router, its request and response decorations and
 * `res.send` (an ETag hashed over each answer, and headers and body written apart) cost about as much
 * as a small query itself; here the answer is one write. GET, preflights and every other path still
 * go through Express.
 */
export function graphqlHttpHandler<Context extends BaseContext>(options: GraphqlHttpOptions<Context>) {
  const { apollo, logger } = options;

  const sendJson = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (res.headersSent || res.writableEnded) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
    res.end(text);
  };
  const httpError = (res: ServerResponse, requestId: string, error: { status?: unknown; type?: unknown }) => {
    const answer = httpErrorAnswer(error);
    if (answer.status === 500) logger.error({ err: error, requestId }, 'unexpected error in HTTP request');
    sendJson(res, answer.status, answer.body);
  };
  const run = (middleware: NodeMiddleware, req: IncomingMessage, res: ServerResponse) =>
    new Promise<void>((resolve, reject) =>
      middleware(req, res, (error) => (error ? reject(error) : resolve())),
    );

  return async (req: GraphqlRequest, res: ServerResponse): Promise<void> => {
    for (const [name, value] of options.securityHeaders) res.setHeader(name, value);
    const incoming = req.headers['x-request-id'];
    const requestId =
      typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    let user: AuthUser | null = null;
    res.once('finish', () => {
      logger.info(
        {
          requestId,
          method: 'POST',
          path: '/graphql',
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          user: user?.username,
        },
        'request',
      );
    });
    // A request still running after the limit is answered 503; what it writes afterwards is dropped
    // (its SQL is bounded by the statement timeout).
    let timer: NodeJS.Timeout | undefined;
    if (options.responseTimeoutMs) {
      const ms = options.responseTimeoutMs;
      timer = setTimeout(() => {
        if (res.headersSent || res.writableEnded) return;
        logger.warn({ requestId, path: '/graphql', ms }, 'request timed out');
        sendJson(
          res,
          503,
          {
            errors: [
              {
                message: `The request took longer than ${ms} ms and was stopped; try again or ask for less`,
                extensions: { code: 'REQUEST_TIMEOUT' },
              },
            ],
          },
          { 'Retry-After': '5' },
        );
      }, ms);
      const clear = () => clearTimeout(timer);
      res.once('finish', clear);
      res.once('close', clear);
    }
    try {
      await run(options.cors, req, res);
      // The token is checked before the body is read, so an anonymous client cannot make the server
      // parse (or inflate, with Content-Encoding: gzip) more than the anonymous limit.
      const header = req.headers.authorization;
      try {
        user = await options.verifyBearer(header);
      } catch (error) {
        const refused = error as { description?: string; reason?: string };
        if (refused.reason) logger.info({ requestId, reason: refused.reason }, 'token refused');
        const description = refused.description ?? 'the token is invalid or expired';
        sendJson(
          res,
          401,
          {
            errors: [{ message: `Unauthenticated: ${description}`, extensions: { code: 'UNAUTHENTICATED' } }],
          },
          { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` },
        );
        return;
      }
      try {
        await run(options.jsonBody(Boolean(user)), req, res);
      } catch (error) {
        httpError(res, requestId, error as { status?: unknown; type?: unknown });
        return;
      }
      const language = languageFromHeader(req.headers['accept-language']);
      res.setHeader('Content-Language', language);
      const vary = res.getHeader('Vary');
      res.setHeader('Vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language');

      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers))
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      const query = req.url!.indexOf('?');
      const ip = proxyaddr(req, options.trustProxy);
      const response = await inLanguage(language, () =>
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: 'POST',
            headers,
            search: query < 0 ? '' : req.url!.slice(query),
            body: req.body,
          },
          context: () => options.context({ user, requestId, ip }),
        }),
      );
      if (res.headersSent || res.writableEnded) return; // answered by the timeout
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        // One write: Node sends the headers and a string body together.
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) {
        if (res.writableEnded) break;
        res.write(chunk);
      }
      res.end();
    } catch (error) {
      if (!res.headersSent) httpError(res, requestId, error as { status?: unknown; type?: unknown });
      else res.destroy(error as Error);
    }
  };
}
