/**
 * The upstream budget (issue 11, item 1), through HTTP against the emulator with the issue's
 * seed (100 conversations × 10 participants × 20 messages): the estimate is computed from the
 * document and its variables before anything runs, an operation over
 * GATEWAY_MAX_UPSTREAM_REQUESTS is refused with no Twilio call, every answer reports its
 * estimate next to what it spent, and the ledger stops requests past the limit while it runs.
 * Requests are counted from the emulator's log.
 */
import { readFileSync } from 'node:fs';
import { getOperationAST, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playgroundExamples } from '../../src/server/playground-examples.js';
import { defaultLimits } from '../../src/server/guards/settings.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { postGraphQL, startStack, type GraphQLBody, type Stack } from './support/stack.js';

const SEED = {
  seed: {
    conversationsPerService: 100,
    participantsPerConversation: 10,
    messagesPerConversation: 20,
  },
};

/** Subscriptions are not POSTed (their payloads are costed per event); the rest all are. */
const kindOf = (query: string) => getOperationAST(parse(query))?.operation;
const posted = playgroundExamples.filter((e) => kindOf(e.query) !== 'subscription');

interface Upstream {
  readonly estimate: number;
  readonly requests: number;
  readonly retries: number;
}

const upstreamOf = (body: GraphQLBody) => body.extensions?.upstream as Upstream;

/** The seed, for the probes; the demo data (as `npm start` serves it) for the examples. */
let stack: Stack;
let demo: Stack;
beforeAll(async () => {
  [stack, demo] = await Promise.all([startStack({ emulator: SEED }), startStack()]);
});
afterAll(async () => {
  await Promise.all([stack?.close(), demo?.close()]);
});

/** One operation, with the requests the emulator served for it. */
async function run(query: string, variables: Record<string, unknown> = {}, on: Stack = stack) {
  const before = on.emulator.requestLog().total;
  const { status, body } = await postGraphQL(on.gateway, query, variables);
  return { status, body, served: on.emulator.requestLog().total - before };
}

/** The probe: 30 aliases of `messages(first: N)` under 100 conversations. */
const probe = `{ conversations(first: 100) { nodes { ${Array.from(
  { length: 30 },
  (_, i) => `m${i + 1}: messages(first: ${i + 1}) { nodes { body } }`,
).join(' ')} } } }`;

describe('an operation estimated over GATEWAY_MAX_UPSTREAM_REQUESTS', () => {
  it('the 3,001-call probe is refused before any Twilio call', async () => {
    const { status, body, served } = await run(probe);
    expect(status).toBe(400);
    expect(served).toBe(0);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toEqual({
      code: 'COST_ESTIMATED_TOO_EXPENSIVE',
      estimate: 3001,
      limit: defaultLimits.maxUpstreamRequests,
      retryable: false,
    });
    expect(body.errors?.[0]?.message).toContain('GATEWAY_MAX_UPSTREAM_REQUESTS');
    expect(upstreamOf(body)).toMatchObject({ estimate: 3001, requests: 0 });
  });

  it('under 4 conversations (121 calls) runs, and costs exactly its estimate', async () => {
    const small = `{ conversations(first: 4) { nodes { ${Array.from(
      { length: 30 },
      (_, i) => `m${i + 1}: messages(first: ${i + 1}) { nodes { body } }`,
    ).join(' ')} } } }`;
    const { body, served } = await run(small);
    expect(body.errors).toBeUndefined();
    expect(upstreamOf(body).estimate).toBe(121);
    expect(served).toBe(121);
  });
});

describe('the estimate', () => {
  const latest = `query ($n: Int!, $last: Int = 2) {
    conversations(first: $n) { nodes { friendlyName messages(last: $last) { nodes { body } } } }
  }`;

  it('follows the variables, defaults included', async () => {
    const three = await run(latest, { n: 3 });
    const six = await run(latest, { n: 6, last: 1 });
    expect(upstreamOf(three.body)).toMatchObject({ estimate: 4, requests: 4 });
    expect(upstreamOf(six.body)).toMatchObject({ estimate: 7, requests: 7 });
    const hundred = await run(latest, { n: 100, last: 1 });
    expect(hundred.body.errors).toBeUndefined();
    expect(upstreamOf(hundred.body)).toMatchObject({ estimate: 101, requests: 101 });
    // The gateway remembers estimates per document: each set of variables keeps its own.
    const again = await run(latest, { n: 3 });
    expect(upstreamOf(again.body)).toMatchObject({ estimate: 4, requests: 4 });
  });

  it('is at or above the requests of every playground example, and equal to the cost each states', async () => {
    for (const { title, query, variables, twilioCalls } of posted) {
      const { body, served } = await run(query, { ...variables }, demo);
      expect(body.errors, title).toBeUndefined();
      const { estimate, requests } = upstreamOf(body);
      expect(requests, title).toBe(served);
      expect(estimate, title).toBeGreaterThanOrEqual(served);
      expect(estimate, title).toBeLessThanOrEqual(defaultLimits.maxUpstreamRequests);
      if (twilioCalls !== undefined) expect(estimate, title).toBe(twilioCalls);
    }
  });

  it('of the Conversation example is one per participant page slot: the page may hold 20 users', async () => {
    const example = playgroundExamples.find((e) => e.title === 'Conversation');
    const { body, served } = await run(example?.query ?? '', { ...example?.variables }, demo);
    const participants = (body.data?.conversation as { participants: { nodes: unknown[] } } | null)
      ?.participants.nodes.length;
    // The conversation, its participant page, its message page, and a user per participant.
    expect(served).toBe(3 + (participants ?? 0));
    expect(upstreamOf(body).estimate).toBe(3 + 20);
  });

  it('of a next page after endCursor is the one request it costs (the cursor says its page ended)', async () => {
    const paging = playgroundExamples.find((e) => e.title === 'Paging');
    const first = await run(paging?.query ?? '', { first: 3, after: null }, demo);
    const { endCursor } = (first.body.data?.conversations as { pageInfo: { endCursor: string } })
      .pageInfo;
    const next = await run(paging?.query ?? '', { first: 3, after: endCursor }, demo);
    expect(next.body.errors).toBeUndefined();
    expect(upstreamOf(next.body)).toMatchObject({ estimate: 1, requests: 1 });
    expect(next.served).toBe(1);
  });

  it('counts the default service lookup while the gateway does not know it', async () => {
    const cold = await startStack({ graph: graphBinding({ defaultServiceTtlMs: 0 }) });
    try {
      for (const { title, query, variables, twilioCalls } of posted) {
        if (twilioCalls === undefined) continue;
        const { body, served } = await run(query, { ...variables }, cold);
        expect(served, title).toBe(twilioCalls + 1);
        expect(upstreamOf(body).estimate, title).toBe(twilioCalls + 1);
      }
    } finally {
      await cold.close();
    }
  });

  it('equals the requests of the README queries, which fit the limit', async () => {
    const readme = readFileSync('README.md', 'utf8');
    // Its queries; its mutation points a real account's webhooks, its subscription is WebSocket's.
    const queries = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
      .map((m) => m[1] ?? '')
      .filter((text) => kindOf(text) === 'query');
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      const { body, served } = await run(query, {}, demo);
      expect(body.errors).toBeUndefined();
      expect(upstreamOf(body).estimate).toBe(served);
      expect(upstreamOf(body).estimate).toBeLessThanOrEqual(defaultLimits.maxUpstreamRequests);
    }
  });

  it('is reported on every answer, 0 when the operation never ran', async () => {
    const invalid = await run('{ nope }');
    expect(upstreamOf(invalid.body)).toMatchObject({ estimate: 0, requests: 0 });
    const cheap = await run('{ configuration { defaultChatServiceSid } }');
    expect(upstreamOf(cheap.body)).toMatchObject({ estimate: 1, requests: 1 });
  });

  it('fits a federated _entities batch of 60 references, and is not below what it costs', async () => {
    const listed = await run(
      '{ conversations(first: 50) { nodes { sid serviceSid } } users(first: 10) { nodes { identity serviceSid } } }',
    );
    const data = listed.body.data as {
      conversations: { nodes: { sid: string; serviceSid: string }[] };
      users: { nodes: { identity: string; serviceSid: string }[] };
    };
    const reps = [
      ...data.conversations.nodes.map((n) => ({ __typename: 'Conversation', ...n })),
      ...data.users.nodes.map((n) => ({ __typename: 'User', ...n })),
    ];
    expect(reps).toHaveLength(60);
    const { body, served } = await run(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Conversation { friendlyName state } ... on User { friendlyName } } }`,
      { reps },
    );
    expect(body.errors).toBeUndefined();
    expect(upstreamOf(body).estimate).toBe(60);
    expect(served).toBe(60);
  });
});

describe('the budget while an operation runs', () => {
  let tight: Stack;
  beforeAll(async () => {
    // One retry per call, so an injected 429 spends a request the estimate did not count.
    tight = await startStack({
      emulator: SEED,
      tuning: { maxAttempts: 2 },
      gateway: { guards: { maxUpstreamRequests: 3 } },
    });
  });
  afterAll(async () => {
    await tight?.close();
  });

  const view = `{ conversation(uniqueName: "general") {
    friendlyName
    participants(first: 2) { nodes { identity } }
    messages(last: 2) { nodes { body } }
  } }`;

  it('fits the limit when nothing is retried', async () => {
    const { body, served } = await run(view, {}, tight);
    expect(body.errors).toBeUndefined();
    expect(upstreamOf(body)).toMatchObject({ estimate: 3, requests: 3 });
    expect(served).toBe(3);
  });

  it('sends no request past the limit: the field that needed one gets UPSTREAM_BUDGET_EXHAUSTED', async () => {
    tight.emulator.setFaults([{ kind: 'rate-limit', count: 1 }]);
    const { body, served } = await run(view, {}, tight);
    expect(served).toBe(3);
    expect(upstreamOf(body)).toMatchObject({ estimate: 3, requests: 3, retries: 1 });
    expect(body.errors).toHaveLength(1);
    const error = body.errors?.[0];
    expect(error?.extensions).toMatchObject({
      code: 'UPSTREAM_BUDGET_EXHAUSTED',
      retryable: false,
    });
    expect(['participants', 'messages']).toContain(error?.path?.[1]);
    const conversation = body.data?.conversation as Record<string, unknown>;
    expect(conversation.friendlyName).toEqual(expect.any(String));
    expect(conversation[String(error?.path?.[1])]).toBeNull();
  });

  it('refuses an operation over the limit before any call', async () => {
    const { status, body, served } = await run(
      '{ conversations(first: 3) { nodes { messages(last: 1) { nodes { body } } } } }',
      {},
      tight,
    );
    expect(status).toBe(400);
    expect(served).toBe(0);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'COST_ESTIMATED_TOO_EXPENSIVE',
      estimate: 4,
      limit: 3,
    });
  });
});

describe('the subgraph SDL', () => {
  it('carries @cost and @listSize (Federation 2.9) for a Router’s demand control', async () => {
    const { body, served } = await run('{ _service { sdl } }');
    const sdl = (body.data?._service as { sdl: string }).sdl;
    expect(served).toBe(0);
    expect(sdl).toMatch(
      /@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.9"[^)]*"@cost"/,
    );
    expect(sdl).toContain('"@listSize"');
    expect(sdl).toMatch(/\): MessageConnection\s+@cost\(weight: 1\)\s+@listSize\(/);
    expect(sdl).toMatch(/type Conversation implements Node[^{]*@cost\(weight: 0\)/);
  });
});
