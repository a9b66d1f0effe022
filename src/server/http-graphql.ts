/**
 * Adapts node:http to Apollo Server's transport-neutral `executeHTTPGraphQLRequest`, so this
 * server owns every other route (/healthz, /readyz, /metrics, the playground).
 *
 * CSRF: Apollo's built-in check refuses every GET that lacks a preflight header, which would
 * break plain `GET /graphql?query=...`. We enforce the same guarantee differently: a POST must
 * declare a JSON body (a cross-site form or `text/plain` POST cannot, without a CORS preflight
 * that this server never grants), and a GET can only run queries (a mutation sent by GET is
 * answered 405 here, before Apollo, whatever the schema).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { getOperationAST, parse } from 'graphql';
import type { ApolloServer, BaseContext, HTTPGraphQLRequest } from '@apollo/server';

/** Bodies above this are refused with 413 before parsing. */
export const maxBodyBytes = 1024 * 1024;

const jsonContentTypes = new Set(['application/json', 'application/graphql-response+json']);

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** What a response that never reached Twilio cost (the contract: every response says). */
export const noUpstreamCost = { requests: 0, retries: 0, durationMs: 0 } as const;

/** Writes a GraphQL-over-HTTP style error body (`{ errors: [{ message }] }`). */
export function sendHttpError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({
    errors: [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }],
    extensions: { upstream: noUpstreamCost },
  });
  res.writeHead(error.status, {
    ...error.headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function mediaTypeOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  return header.split(';', 1)[0]?.trim().toLowerCase() ?? null;
}

/** The request body as text; 413 as soon as it is known to exceed `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = maxBodyBytes): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    throw new HttpError(413, `Request body exceeds ${limit} bytes.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new HttpError(413, `Request body exceeds ${limit} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function parseBody(req: IncomingMessage): Promise<unknown> {
  const mediaType = mediaTypeOf(req.headers['content-type']);
  if (mediaType === null || !jsonContentTypes.has(mediaType)) {
    throw new HttpError(
      415,
      'POST requests must have content-type application/json (GraphQL over HTTP).',
    );
  }
  const text = await readBody(req);
  // An empty body becomes `undefined`, which Apollo reports as "POST body missing".
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

/**
 * The kind of operation a GET would run, or null when Apollo should judge the request (missing,
 * repeated or unparsable query). Checked before execution so a mutation sent by GET is refused
 * with 405 whatever the schema, as GraphQL over HTTP asks.
 */
function operationKindOf(searchParams: URLSearchParams): string | null {
  const queries = searchParams.getAll('query');
  const names = searchParams.getAll('operationName');
  if (queries.length !== 1 || names.length > 1) return null;
  try {
    return getOperationAST(parse(queries[0] ?? ''), names[0] ?? null)?.operation ?? null;
  } catch {
    return null;
  }
}

/**
 * Apollo answers some malformed requests before its plugins run; those answers get the same
 * zero-cost `extensions.upstream` as every other response.
 */
function withUpstreamExtension(body: string): string {
  if (body.includes('"upstream":')) return body;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return body;
    const extensions: unknown = Reflect.get(parsed, 'extensions');
    return JSON.stringify({
      ...parsed,
      extensions: {
        ...(typeof extensions === 'object' && extensions !== null ? extensions : {}),
        upstream: noUpstreamCost,
      },
    });
  } catch {
    return body;
  }
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    // Node already joined repeated headers except set-cookie; join that one as fetch does.
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * Runs one `/graphql` request through Apollo and writes the answer. `context` builds the
 * per-request context; it is only called for requests that reach execution.
 */
export async function handleGraphQLRequest<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  context: () => Promise<TContext>,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'POST') {
    throw new HttpError(405, 'GraphQL requests must use GET or POST.', { allow: 'GET, POST' });
  }
  if (method === 'GET') {
    const kind = operationKindOf(url.searchParams);
    if (kind !== null && kind !== 'query') {
      throw new HttpError(
        405,
        `GET requests only support query operations, not ${kind} operations.`,
        {
          allow: 'POST',
        },
      );
    }
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = {
    method,
    headers: headerMapOf(req),
    search: url.search,
    body: method === 'POST' ? await parseBody(req) : undefined,
  };
  const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context });
  // The client left; its request was cancelled through the context's signal. Nobody to answer.
  if (res.destroyed) return;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    const body = withUpstreamExtension(response.body.string);
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
    return;
  }
  for await (const chunk of response.body.asyncIterator) {
    if (res.destroyed) break;
    res.write(chunk);
  }
  res.end();
}
