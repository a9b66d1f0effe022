/**
 * Adapts node:http to Apollo Server's transport-neutral `executeHTTPGraphQLRequest`, so this
 * server owns every other route (/healthz, /readyz, /metrics, the playground).
 *
 * CSRF: Apollo's own check (`csrfPrevention`, on in app.ts) refuses a GET, or a POST of a
 * simple content type, unless it carries a header a browser only sends after a CORS preflight
 * (`apollo-require-preflight`, `x-apollo-operation-name`, or a non-simple `content-type`). On
 * top, a POST must declare a JSON body (415 otherwise) and a GET can only run queries (a
 * mutation sent by GET is answered 405 here, before Apollo, whatever the schema).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { getOperationAST, parse } from 'graphql';
import type { ApolloServer, BaseContext, HTTPGraphQLRequest } from '@apollo/server';
import { subscriptionsOverHttpMessage } from './transports.js';
import { nestsDeeperThan } from '../graph/shared/json-depth.js';

/** What a request may carry (GATEWAY_MAX_BODY_BYTES, GATEWAY_MAX_JSON_DEPTH, GATEWAY_MAX_TOKENS). */
export interface RequestLimits {
  /** Bodies above this are refused with 413 before parsing. */
  readonly maxBodyBytes: number;
  /** JSON (the body, GET variables) nested deeper is refused with 400 BAD_USER_INPUT. */
  readonly maxJsonDepth: number;
  readonly maxTokens: number;
}

const jsonContentTypes = new Set(['application/json', 'application/graphql-response+json']);

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** `extensions.code` of the answer. */
    readonly code: string = 'BAD_REQUEST',
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** What a response that never reached Twilio cost (the contract: every response says). */
export const noUpstreamCost = { estimate: 0, requests: 0, retries: 0, durationMs: 0 } as const;

/** Writes a GraphQL-over-HTTP style error body (`{ errors: [{ message }] }`). */
export function sendHttpError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({
    errors: [{ message: error.message, extensions: { code: error.code } }],
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

function bodyTooLarge(maxBodyBytes: number, limitName: string): HttpError {
  // The rest of the body is not read, so the connection cannot carry another request.
  return new HttpError(
    413,
    `Request body exceeds ${maxBodyBytes} bytes (${limitName}).`,
    { connection: 'close' },
    'PAYLOAD_TOO_LARGE',
  );
}

/** The request body as text; 413 as soon as it is known to exceed `maxBodyBytes`. */
export async function readBody(
  req: IncomingMessage,
  maxBodyBytes: number,
  limitName = 'GATEWAY_MAX_BODY_BYTES',
): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBodyBytes) throw bodyTooLarge(maxBodyBytes, limitName);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) throw bodyTooLarge(maxBodyBytes, limitName);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Deep JSON would overflow the stack of whatever walks it next (variable coercion, checks). */
function refuseDeepJson(value: unknown, what: string, maxDepth: number): void {
  if (nestsDeeperThan(value, maxDepth)) {
    throw new HttpError(
      400,
      `${what} nests JSON deeper than ${maxDepth} levels (GATEWAY_MAX_JSON_DEPTH).`,
      {},
      'BAD_USER_INPUT',
    );
  }
}

/** GET carries variables and extensions as JSON text; Apollo reports the unparsable ones. */
function refuseDeepSearchJson(searchParams: URLSearchParams, maxDepth: number): void {
  for (const name of ['variables', 'extensions']) {
    for (const text of searchParams.getAll(name)) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      refuseDeepJson(value, `The \`${name}\` parameter`, maxDepth);
    }
  }
}

async function parseBody(req: IncomingMessage, limits: RequestLimits): Promise<unknown> {
  const mediaType = mediaTypeOf(req.headers['content-type']);
  if (mediaType === null || !jsonContentTypes.has(mediaType)) {
    throw new HttpError(
      415,
      'POST requests must have content-type application/json (GraphQL over HTTP).',
    );
  }
  const text = await readBody(req, limits.maxBodyBytes);
  // An empty body becomes `undefined`, which Apollo reports as "POST body missing".
  if (text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
  refuseDeepJson(body, 'The request body', limits.maxJsonDepth);
  return body;
}

/**
 * The kind of operation a GET would run, or null when Apollo should judge the request (missing,
 * repeated or unparsable query). Checked before execution so a mutation sent by GET is refused
 * with 405 whatever the schema, as GraphQL over HTTP asks.
 */
function operationKindOf(searchParams: URLSearchParams, maxTokens: number): string | null {
  const queries = searchParams.getAll('query');
  const names = searchParams.getAll('operationName');
  if (queries.length !== 1 || names.length > 1) return null;
  try {
    return (
      getOperationAST(parse(queries[0] ?? '', { maxTokens }), names[0] ?? null)?.operation ?? null
    );
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

/** The fields of a request that name its document (`query`, `documentId`, `extensions`). */
export interface DocumentFields {
  readonly query?: unknown;
  readonly documentId?: unknown;
  readonly extensions?: unknown;
}

/** Checks (and may rewrite) which document a request runs; throws an HttpError to refuse it. */
export type DocumentResolver = (request: DocumentFields) => DocumentFields;

function resolveBody(body: unknown, resolve: DocumentResolver): unknown {
  if (Array.isArray(body)) return body.map((item) => resolveBody(item, resolve));
  if (typeof body !== 'object' || body === null) return body;
  const { query, documentId, extensions, ...rest } = body as Record<string, unknown>;
  const resolved = Object.entries(resolve({ query, documentId, extensions })).filter(
    ([, value]) => value !== undefined,
  );
  return { ...rest, ...Object.fromEntries(resolved) };
}

/** The same for GET, whose `extensions` is JSON text. */
function resolveSearch(url: URL, resolve: DocumentResolver): string {
  const params = new URLSearchParams(url.search);
  const text = params.get('extensions');
  let extensions: unknown = text ?? undefined;
  try {
    if (text !== null) extensions = JSON.parse(text);
  } catch {
    // Apollo reports unparsable extensions itself.
  }
  const resolved = resolve({
    query: params.get('query') ?? undefined,
    documentId: params.get('documentId') ?? undefined,
    extensions,
  });
  params.delete('documentId');
  if (typeof resolved.query === 'string') params.set('query', resolved.query);
  if (resolved.extensions !== extensions && resolved.extensions !== undefined) {
    params.set('extensions', JSON.stringify(resolved.extensions));
  }
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}

/**
 * Runs one `/graphql` request through Apollo and writes the answer. `context` builds the
 * per-request context; it is only called for requests that reach execution. `resolveDocument`
 * (trusted documents) sees which document the request names before Apollo does.
 */
export async function handleGraphQLRequest<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  limits: RequestLimits,
  context: () => Promise<TContext>,
  resolveDocument: DocumentResolver = (request) => request,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'POST') {
    throw new HttpError(405, 'GraphQL requests must use GET or POST.', { allow: 'GET, POST' });
  }
  if (method === 'GET') {
    refuseDeepSearchJson(url.searchParams, limits.maxJsonDepth);
    const kind = operationKindOf(url.searchParams, limits.maxTokens);
    // Not served over HTTP at all, so not "use POST" (405) but the message naming transports.
    if (kind === 'subscription') throw new HttpError(400, subscriptionsOverHttpMessage);
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
    search: method === 'GET' ? resolveSearch(url, resolveDocument) : url.search,
    body:
      method === 'POST' ? resolveBody(await parseBody(req, limits), resolveDocument) : undefined,
  };
  const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context });
  // The client left; its request was cancelled through the context's signal. Nobody to answer.
  if (res.destroyed) return;
  // Answers carry the caller's data and no field has a cache hint (Apollo's cache-control
  // plugin, off in app.ts, said the same).
  res.setHeader('cache-control', 'no-store');
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
