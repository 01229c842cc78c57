import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/lib/use/ws';
import {
  GraphQLError,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type ExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppServices } from '../app-services';
import type { AuthUser } from '../auth/user';
import { userFromClaims } from '../auth/authenticate';
import { RequestContext } from '../context';
import { createErrorFormatter, isClientError } from '../graphql/format-error';

type SocketExtra = {
  user?: AuthUser | null;
  expiry?: NodeJS.Timeout;
};

/** Close codes the client sees (graphql-ws uses 4400-4499 for protocol and auth refusals). */
export const CLOSE_TOKEN_EXPIRED = 4401;

/**
 * GraphQL subscriptions over WebSocket (the graphql-ws protocol) on the API's own HTTP server, path
 * /graphql, with the same schema. The bearer token travels in the connection's `authorization`
 * parameter and is verified by the same code as HTTP requests; a token that does not verify closes
 * the socket (4403), no token is an anonymous connection (every subscription needs a permission), and
 * the socket is closed when the token expires (4401): the client reconnects with a fresh one.
 * Only subscriptions run here: queries and mutations stay on HTTP (rate limits, transactions).
 */
export function startSubscriptionServer(options: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  services: AppServices;
  fork: () => EntityManager;
  validationRules: readonly ValidationRule[];
  maxPayloadBytes: number;
}) {
  const { services, schema } = options;
  const { config, logger } = services;
  const formatError = createErrorFormatter({ suggestions: config.env !== 'production' });
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: options.maxPayloadBytes,
  });
  const rules = [...specifiedRules, ...options.validationRules];
  const format = (result: ExecutionResult, ctx: RequestContext | undefined) => {
    if (!result.errors?.length) return result;
    return {
      ...result,
      errors: result.errors.map((error) => {
        if (!isClientError(error))
          (ctx?.logger ?? logger).error(
            { err: error.originalError ?? error, path: error.path },
            'unexpected error in GraphQL subscription',
          );
        const formatted = formatError(error.toJSON(), error);
        return new GraphQLError(formatted.message, {
          path: formatted.path,
          extensions: formatted.extensions,
        });
      }),
    };
  };
  const server = useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      schema,
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        if (header === undefined || header === null || header === '') {
          ctx.extra.user = null;
          return true;
        }
        const match =
          typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim()) : null;
        if (!match) return false;
        try {
          const claims = await services.tokens.verify(match[1]);
          const user = userFromClaims(
            claims,
            services.roles,
            config.auth.clientId,
            config.auth.usernameFallback,
          );
          ctx.extra.user = user;
          const left = user.expiresAt.getTime() - Date.now();
          // setTimeout takes at most 2^31-1 ms; tokens live minutes.
          ctx.extra.expiry = setTimeout(
            () => ctx.extra.socket.close(CLOSE_TOKEN_EXPIRED, 'Token expired'),
            Math.min(Math.max(0, left), 2 ** 31 - 1),
          );
          ctx.extra.expiry.unref();
          return true;
        } catch (error) {
          logger.info({ reason: (error as Error).message }, 'subscription token refused');
          return false;
        }
      },
      onClose: (ctx) => clearTimeout(ctx.extra.expiry),
      onSubscribe: (ctx, message) => {
        let document;
        try {
          document = parse(message.payload.query, { maxTokens: 10000 });
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) return errors;
        const operation = getOperationAST(document, message.payload.operationName);
        if (operation?.operation !== 'subscription')
          return [
            new GraphQLError('Only subscriptions run over WebSocket; send queries and mutations over HTTP', {
              extensions: { code: 'BAD_REQUEST' },
            }),
          ];
        const contextValue = new RequestContext(services, options.fork(), ctx.extra.user ?? null, {
          requestId: randomUUID(),
          ip: ctx.extra.request.socket.remoteAddress,
        });
        return {
          schema,
          document,
          operationName: message.payload.operationName,
          variableValues: message.payload.variables,
          contextValue,
        };
      },
      onNext: (_ctx, _message, args, result) =>
        format(result as ExecutionResult, args.contextValue as RequestContext | undefined),
    },
    wsServer,
  );

  return {
    /** Closes every socket (1001 Going away) and stops accepting upgrades. */
    async close(): Promise<void> {
      await server.dispose();
    },
  };
}
