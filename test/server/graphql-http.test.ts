import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startStack, type GraphQLBody, type Stack } from './support/stack.js';
import { preflight } from './support/preflight.js';
import { tinyGraph } from './support/tiny-graph.js';

let stack: Stack;
/** A schema with a mutation, to show Apollo's own GET-mutation refusal is kept as well. */
let withMutation: Stack;

beforeAll(async () => {
  stack = await startStack();
  withMutation = await startStack({ graph: tinyGraph() });
});

afterAll(async () => {
  await stack?.close();
  await withMutation?.close();
});

const defaultService = '{ configuration { defaultChatServiceSid } }';
const sidPattern = /^IS[0-9a-f]{32}$/;

function serviceSidOf(body: GraphQLBody): unknown {
  const configuration = body.data?.configuration as { defaultChatServiceSid?: unknown } | undefined;
  return configuration?.defaultChatServiceSid;
}

function getUrl(query: string, extra: Record<string, string> = {}, target = stack): string {
  const url = new URL(target.gateway.graphqlUrl);
  url.searchParams.set('query', query);
  for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
  return url.href;
}

describe('POST /graphql', () => {
  it('runs a query sent as JSON', async () => {
    const { status, body } = await postGraphQL(stack.gateway, defaultService);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(serviceSidOf(body)).toMatch(sidPattern);
  });

  it('refuses a body that is not declared as JSON (no CSRF-able simple request)', async () => {
    const response = await fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(415);
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors?.[0]?.message).toContain('application/json');
  });

  it('answers malformed JSON with 400 and a GraphQL error body', async () => {
    const response = await fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors?.[0]?.message).toBe('The request body is not valid JSON.');
  });

  it('answers an oversized body with 413', async () => {
    const response = await fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }${' '.repeat(1024 * 1024)}` }),
    });
    expect(response.status).toBe(413);
  });
});

describe('GET /graphql', () => {
  it('runs a query from the query string', async () => {
    const response = await fetch(getUrl(defaultService), { headers: preflight });
    expect(response.status).toBe(200);
    const body = (await response.json()) as GraphQLBody;
    expect(serviceSidOf(body)).toMatch(sidPattern);
  });

  it('passes variables and operationName from the query string', async () => {
    const response = await fetch(
      getUrl(
        'query A { __typename } query B($first: Int!) { users(first: $first) { nodes { identity } } }',
        {
          operationName: 'B',
          variables: JSON.stringify({ first: 2 }),
        },
      ),
      { headers: preflight },
    );
    const body = (await response.json()) as GraphQLBody;
    expect(body.data).toEqual({ users: { nodes: [{ identity: 'alice' }, { identity: 'bob' }] } });
  });

  it('refuses a mutation with 405 and Allow: POST, whatever the schema', async () => {
    for (const target of [stack, withMutation]) {
      const response = await fetch(getUrl('mutation { noop }', {}, target));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      const body = (await response.json()) as GraphQLBody;
      expect(body.errors?.[0]?.message).toMatch(/GET requests only support query operations/);
    }
  });

  it('refuses the mutation an operationName picks out of a mixed document', async () => {
    const response = await fetch(
      getUrl('query Q { __typename } mutation M { noop }', { operationName: 'M' }, withMutation),
    );
    expect(response.status).toBe(405);
  });

  it('runs the mutation of the tiny schema by POST (the 405 is about GET only)', async () => {
    const { status, body } = await postGraphQL(withMutation.gateway, 'mutation { noop }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ noop: true });
  });

  it('refuses other methods with 405 and Allow: GET, POST', async () => {
    const response = await fetch(stack.gateway.graphqlUrl, { method: 'PUT' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });
});

describe('content negotiation', () => {
  it('answers application/json when the client does not say', async () => {
    const response = await fetch(getUrl('{ __typename }'), { headers: preflight });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answers application/graphql-response+json when the client prefers it', async () => {
    const { contentType } = await postGraphQL(
      stack.gateway,
      '{ __typename }',
      {},
      { accept: 'application/graphql-response+json, application/json;q=0.9' },
    );
    expect(contentType).toBe('application/graphql-response+json; charset=utf-8');
  });

  it('uses 400 for a validation error under application/graphql-response+json', async () => {
    const { status, contentType, body } = await postGraphQL(
      stack.gateway,
      '{ noSuchField }',
      {},
      { accept: 'application/graphql-response+json' },
    );
    expect(status).toBe(400);
    expect(contentType).toBe('application/graphql-response+json; charset=utf-8');
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers 406 when the client accepts no JSON type', async () => {
    const response = await fetch(getUrl('{ __typename }'), {
      headers: { ...preflight, accept: 'text/csv' },
    });
    expect(response.status).toBe(406);
  });
});

describe('routing', () => {
  it('answers unknown paths with 404', async () => {
    const response = await fetch(new URL('/nope', stack.gateway.url));
    expect(response.status).toBe(404);
  });
});
