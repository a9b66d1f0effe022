/**
 * The gateway remembers each account's default chat service across operations: after start
 * (the warm-up read the account configuration) an operation without `serviceSid` makes no
 * `GET /v1/Configuration`, and a change of the default made through the gateway is seen by the
 * next operation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphBinding } from '../../src/server/graph-binding.js';
import { postGraphQL, startStack, type GraphQLBody, type Stack } from './support/stack.js';

let stack: Stack;

// Everyone takes part in all 20 conversations, so alice's inbox is a full first page.
const seed = {
  conversationsPerService: 20,
  participantsPerConversation: 10,
  messagesPerConversation: 2,
  publicChannelsPerService: 0,
};

beforeAll(async () => {
  stack = await startStack({ emulator: { seed } });
});
afterAll(async () => {
  await stack?.close();
});

const INBOX = `{ user(identity: "alice") { conversations(first: 20) { edges { unreadMessagesCount node { friendlyName messages(last: 1) { nodes { body author } } } } } } }`;

function upstreamRequests(body: GraphQLBody): number {
  return (body.extensions?.upstream as { requests: number }).requests;
}

async function measured(query: string, variables: Record<string, unknown> = {}) {
  stack.emulator.clearRequests();
  const { body } = await postGraphQL(stack.gateway, query, variables);
  expect(body.errors).toBeUndefined();
  const served = stack.emulator.requestLog().requests.map((e) => e.operationId);
  return { body, served };
}

describe('default service across operations', () => {
  it('serves the literal inbox query in at most 22 requests, without a configuration or conversation fetch', async () => {
    const { body, served } = await measured(INBOX);
    const edges = (body.data?.user as { conversations: { edges: unknown[] } }).conversations.edges;
    expect(edges).toHaveLength(20);
    expect(served.length).toBeLessThanOrEqual(22);
    expect(upstreamRequests(body)).toBe(served.length);
    expect(served).not.toContain('conversations.v1.FetchConfiguration');
    expect(
      served.filter(
        (id) => id?.endsWith('FetchServiceConversation') || id?.endsWith('FetchChannel'),
      ),
    ).toEqual([]);
    expect(
      served.filter((id) => id === 'conversations.v1.ListServiceConversationMessage'),
    ).toHaveLength(20);
  });

  it('sees a default service changed through updateAccountConfiguration in the next operation', async () => {
    const before = await measured('{ service { sid friendlyName } }');
    const original = (before.body.data?.service as { sid: string }).sid;
    expect(before.served).toEqual(['conversations.v1.FetchService']);

    const created = await postGraphQL(
      stack.gateway,
      'mutation { createService(input: { friendlyName: "Second" }) { service { sid } } }',
    );
    const second = (created.body.data?.createService as { service: { sid: string } }).service.sid;
    const update = `mutation ($sid: String!) { updateAccountConfiguration(input: { defaultChatServiceSid: $sid }) { userErrors { message } } }`;
    try {
      const changed = await postGraphQL(stack.gateway, update, { sid: second });
      expect(changed.body.errors).toBeUndefined();

      const after = await measured('{ service { sid friendlyName } }');
      expect(after.body.data?.service).toMatchObject({ sid: second });
      expect(after.served).toEqual(['conversations.v1.FetchService']);
    } finally {
      await postGraphQL(stack.gateway, update, { sid: original });
    }
    const restored = await measured('{ service { sid friendlyName } }');
    expect(restored.body.data?.service).toMatchObject({ sid: original });
  });

  it('costs one configuration read more per operation with the cache turned off', async () => {
    const uncached = await startStack({
      emulator: { seed },
      graph: graphBinding({ defaultServiceTtlMs: 0 }),
    });
    try {
      uncached.emulator.clearRequests();
      const { body } = await postGraphQL(uncached.gateway, INBOX);
      expect(body.errors).toBeUndefined();
      const served = uncached.emulator.requestLog().requests.map((e) => e.operationId);
      expect(served).toContain('conversations.v1.FetchConfiguration');
      expect(upstreamRequests(body)).toBe(served.length);
      expect(served.length).toBe(23);
    } finally {
      await uncached.close();
    }
  });
});
