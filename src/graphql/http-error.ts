/**
 * The answer to an error raised before GraphQL runs (malformed JSON, a body over the limit, a
 * middleware failure), written once for both HTTP paths: GraphQL-shaped JSON, never Express's HTML
 * page with a stack trace. A 4xx keeps its status; anything else is a 500 whose cause is logged by
 * the caller (status 500) and never shown.
 */
export interface HttpErrorAnswer {
  status: number;
  body: { errors: Array<{ message: string; extensions: { code: 'BAD_REQUEST' | 'INTERNAL_SERVER_ERROR' } }> };
}

export function httpErrorAnswer(
  error: { status?: unknown; type?: unknown } | null | undefined,
): HttpErrorAnswer {
  const status =
    typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  const message =
    status === 500
      ? 'Internal server error'
      : error?.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON'
        : error?.type === 'entity.too.large'
          ? 'The request body is too large'
          : 'Bad request';
  return {
    status,
    body: {
      errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }],
    },
  };
}
