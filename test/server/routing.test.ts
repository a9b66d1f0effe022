/**
 * The routing variables reach the graph the gateway serves: the environment's `ApiRouting`,
 * bound as main.ts binds it, decides which Twilio operations a query costs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadServerEnv } from '../../src/server/env.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { postGraphQL, startStack, type Stack } from './support/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function servedFor(variables: Record<string, string>, query: string) {
  const env = loadServerEnv(variables);
  stack = await startStack({
    graph: graphBinding({ routing: env.routing, defaultServiceTtlMs: env.defaultServiceTtlMs }),
  });
  stack.emulator.clearRequests();
  const { body } = await postGraphQL(stack.gateway, query);
  expect(body.errors).toBeUndefined();
  return stack.emulator.requestLog().requests.map((e) => [e.operationId, e.host]);
}

const CONVERSATION = `{ conversation(uniqueName: "general") {
  friendlyName participants(first: 2) { nodes { identity } } } }`;

describe('routing from the environment', () => {
  it('GRAPH_PRIMARY_API=chat-v1 reads through Chat v1', async () => {
    const served = await servedFor({ GRAPH_PRIMARY_API: 'chat-v1' }, CONVERSATION);
    expect(served).toEqual([
      ['chat.v1.FetchChannel', 'chat'],
      ['chat.v1.ListMember', 'chat'],
    ]);
  });

  it('GRAPH_PRIMARY_API=chat-v2 with GRAPH_CHAT_HOST=ip-messaging reads on the IP Messaging host', async () => {
    const served = await servedFor(
      { GRAPH_PRIMARY_API: 'chat-v2', GRAPH_CHAT_HOST: 'ip-messaging' },
      CONVERSATION,
    );
    expect(served).toEqual([
      ['chat.v2.FetchChannel', 'ip-messaging'],
      ['chat.v2.ListMember', 'ip-messaging'],
    ]);
  });

  it('GRAPH_CONVERSATIONS_PATHS=default-service reads the default service through its paths', async () => {
    const served = await servedFor({ GRAPH_CONVERSATIONS_PATHS: 'default-service' }, CONVERSATION);
    expect(served).toEqual([
      ['conversations.v1.FetchConversation', 'conversations'],
      ['conversations.v1.ListConversationParticipant', 'conversations'],
    ]);
  });
});
