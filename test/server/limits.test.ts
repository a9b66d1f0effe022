/**
 * Shape limits (depth, aliases, root fields, tokens, directives) refuse hostile documents before
 * anything runs, each with its own code and the limit in the message, while the defaults let
 * every playground example, the README's query and a federated `_entities` batch through. The
 * response cap stops an answer from growing past its limit while it is resolved.
 */
import { readFileSync } from 'node:fs';
import { getOperationAST, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/server/guards/settings.js';
import { playgroundExamples } from '../../src/server/playground-examples.js';
import { postGraphQL, startStack, type GraphQLBody, type Stack } from './support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

/** Runs `query` and returns the answer with the Twilio requests the emulator served for it. */
async function run(
  query: string,
  variables: Record<string, unknown> = {},
  target: Stack = stack,
): Promise<{ status: number; body: GraphQLBody; twilioRequests: number }> {
  target.emulator.clearRequests();
  const { status, body } = await postGraphQL(target.gateway, query, variables);
  return { status, body, twilioRequests: target.emulator.requestLog().total };
}

function codes(body: GraphQLBody): unknown[] {
  return (body.errors ?? []).map((error) => error.extensions?.code);
}

/** user → conversations → nodes → participants → nodes → user … until `depth` levels. */
function deepQuery(depth: number): string {
  const cycle = ['conversations(first: 1)', 'nodes', 'participants(first: 1)', 'nodes', 'user'];
  const fields = ['user(identity: "alice")'];
  for (let i = 0; fields.length < depth - 1; i += 1) fields.push(cycle[i % cycle.length] ?? '');
  return `{ ${fields.join(' { ')} { __typename }${' }'.repeat(fields.length - 1)} }`;
}

describe('shape limits', () => {
  it('refuses a query 50 levels deep with MAX_DEPTH_EXCEEDED, before any Twilio request', async () => {
    const { status, body, twilioRequests } = await run(deepQuery(50));
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['MAX_DEPTH_EXCEEDED']);
    expect(body.errors?.[0]?.message).toBe(
      `Query depth limit of ${defaultLimits.maxDepth} exceeded, found 50. (GATEWAY_MAX_DEPTH)`,
    );
    expect(body.errors?.[0]?.extensions?.limit).toBe(defaultLimits.maxDepth);
    expect(twilioRequests).toBe(0);
  });

  it('runs a query exactly as deep as the limit', async () => {
    const { body } = await run(deepQuery(defaultLimits.maxDepth));
    expect(body.errors).toBeUndefined();
  });

  it('refuses 1,000 aliases with MAX_ALIASES_EXCEEDED', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: defaultChatServiceSid`);
    const { status, body, twilioRequests } = await run(
      `{ configuration { ${aliases.join(' ')} } }`,
    );
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['MAX_ALIASES_EXCEEDED']);
    expect(body.errors?.[0]?.message).toBe(
      `Aliases limit of ${defaultLimits.maxAliases} exceeded, found 1000. (GATEWAY_MAX_ALIASES)`,
    );
    expect(twilioRequests).toBe(0);
  });

  it('refuses more root fields than GATEWAY_MAX_ROOT_FIELDS, counting through fragments', async () => {
    const roots = Array.from(
      { length: 12 },
      (_, i) => `r${i}: configuration { defaultChatServiceSid }`,
    );
    const query = `{ ${roots.join(' ')} ...More } fragment More on Query { ${roots
      .map((root) => `m${root}`)
      .join(' ')} }`;
    const { status, body, twilioRequests } = await run(query);
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['MAX_ROOT_FIELDS_EXCEEDED']);
    expect(body.errors?.[0]?.message).toBe(
      `Root fields limit of ${defaultLimits.maxRootFields} exceeded, found 24 (GATEWAY_MAX_ROOT_FIELDS).`,
    );
    expect(twilioRequests).toBe(0);
  });

  it('stops parsing a near-1 MiB document at the token limit with MAX_TOKENS_EXCEEDED', async () => {
    const query = `{ ${'__typename '.repeat(90_000)}}`;
    expect(query.length).toBeGreaterThan(900_000);
    const { status, body, twilioRequests } = await run(query);
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['MAX_TOKENS_EXCEEDED']);
    expect(body.errors?.[0]?.message).toBe(
      `Token limit of ${defaultLimits.maxTokens} exceeded; parsing stopped (GATEWAY_MAX_TOKENS).`,
    );
    expect(twilioRequests).toBe(0);
  });

  it('answers a document over the body limit (1 MiB) with 413 PAYLOAD_TOO_LARGE', async () => {
    stack.emulator.clearRequests();
    const response = await fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ ${'__typename '.repeat(100_000)}}` }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as GraphQLBody;
    expect(codes(body)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(body.errors?.[0]?.message).toContain('1048576 bytes (GATEWAY_MAX_BODY_BYTES)');
    expect(stack.emulator.requestLog().total).toBe(0);
  });

  it('refuses more directives than GATEWAY_MAX_DIRECTIVES with MAX_DIRECTIVES_EXCEEDED', async () => {
    // Two per field: a directive may appear once per location.
    const fields = Array.from(
      { length: defaultLimits.maxDirectives / 2 + 1 },
      (_, i) => `f${i}: defaultChatServiceSid @include(if: true) @skip(if: false)`,
    );
    const { status, body } = await run(`{ configuration { ${fields.join(' ')} } }`);
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['MAX_DIRECTIVES_EXCEEDED']);
    expect(body.errors?.[0]?.message).toContain(
      `Directives limit of ${defaultLimits.maxDirectives} exceeded`,
    );
  });
});

describe('default limits let real operations through', () => {
  // Subscriptions are not served over HTTP; their tabs and README examples run over WebSocket
  // (test/server/playground.test.ts, test/realtime).
  it('runs every playground example without errors', async () => {
    for (const example of playgroundExamples.filter(({ query }) => !isSubscription(query))) {
      const { body } = await run(example.query, { ...example.variables });
      expect(body.errors, example.title).toBeUndefined();
    }
  });

  it("runs the README's queries without errors", async () => {
    const readme = readFileSync('README.md', 'utf8');
    const queries = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
      .map((m) => m[1] ?? '')
      .filter((query) => !isSubscription(query));
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      const { body } = await run(query);
      expect(body.errors, query).toBeUndefined();
    }
  });

  it('runs a federated _entities batch of 100 representations as a router sends it', async () => {
    const users = await run(
      '{ configuration { defaultChatServiceSid } users(first: 50) { nodes { identity } } }',
    );
    const data = users.body.data as {
      configuration: { defaultChatServiceSid: string };
      users: { nodes: { identity: string }[] };
    };
    const serviceSid = data.configuration.defaultChatServiceSid;
    const identities = data.users.nodes.map((user) => user.identity);
    const representations = Array.from({ length: 100 }, (_, i) => ({
      __typename: 'User',
      serviceSid,
      identity: identities[i % identities.length],
    }));
    const { body } = await run(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ..._generated_onUser1_0 }
      }
      fragment _generated_onUser1_0 on User {
        __typename
        id
        identity
        friendlyName
        conversations(first: 10) { edges { unreadMessagesCount node { id friendlyName } } }
      }`,
      { representations },
    );
    expect(body.errors).toBeUndefined();
    expect((body.data?._entities as unknown[]).length).toBe(100);
  });
});

describe('response size cap', () => {
  const fanOut =
    '{ conversations(first: 20) { nodes { friendlyName uniqueName participants(first: 20) { nodes { identity } } } } }';

  it('stops a response over GATEWAY_MAX_RESPONSE_BYTES while resolving, with no Twilio call after', async () => {
    const whole = await run(fanOut);
    expect(whole.body.errors).toBeUndefined();
    expect(whole.twilioRequests).toBeGreaterThan(2);

    const capped = await startStack({ gateway: { guards: { maxResponseBytes: 300 } } });
    try {
      const { status, body, twilioRequests } = await run(fanOut, {}, capped);
      expect(status).toBe(200);
      expect(body.data).toBeNull();
      expect(body.errors).toEqual([
        {
          message:
            'The response would exceed 300 bytes; execution stopped (GATEWAY_MAX_RESPONSE_BYTES). Ask for fewer items or fields.',
          extensions: { code: 'RESPONSE_TOO_LARGE', limit: 300, retryable: false },
        },
      ]);
      // The conversation page went over the cap: none of the participant pages was asked for.
      expect(twilioRequests).toBe(1);
      expect(body.extensions?.upstream).toMatchObject({ requests: 1 });
    } finally {
      await capped.close();
    }
  });

  it('checks the serialized answer too: errors count, though no resolver sees them', async () => {
    const capped = await startStack({ gateway: { guards: { maxResponseBytes: 1_500 } } });
    try {
      const lookups = Array.from(
        { length: 20 },
        (_, i) => `n${i}: node(id: "not-an-id-${i}") { id }`,
      );
      const { body } = await run(`{ ${lookups.join(' ')} }`, {}, capped);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([
        expect.objectContaining({
          extensions: { code: 'RESPONSE_TOO_LARGE', limit: 1_500, retryable: false },
        }),
      ]);
      expect(body.extensions?.upstream).toEqual({ requests: 0, retries: 0, durationMs: 0 });
      // The same operation under the default cap: twenty errors, well over 1,500 bytes.
      const whole = await run(`{ ${lookups.join(' ')} }`);
      expect(whole.body.errors).toHaveLength(20);
      expect(JSON.stringify(whole.body).length).toBeGreaterThan(1_500);
    } finally {
      await capped.close();
    }
  });

  it('answers the same operation under a cap it fits in', async () => {
    const roomy = await startStack({ gateway: { guards: { maxResponseBytes: 1024 * 1024 } } });
    try {
      const { body } = await run(fanOut, {}, roomy);
      expect(body.errors).toBeUndefined();
    } finally {
      await roomy.close();
    }
  });
});

function isSubscription(query: string): boolean {
  return getOperationAST(parse(query))?.operation === 'subscription';
}
