import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLive, subscribe, untilOpen, wsClient, type Live } from './support/live.js';

let live: Live;

beforeAll(async () => {
  live = await startLive();
});

afterAll(async () => {
  await live?.close();
});

const SEND = `mutation Send($id: ID!, $body: String!) {
  sendMessage(input: { conversationId: $id, author: "alice", body: $body, webhookEnabled: true }) {
    message { sid }
    userErrors { message }
  }
}`;

describe('graphql-ws subscriptions, end to end through the emulator', () => {
  it('messageAdded { body author index } arrives without a Twilio request', async () => {
    const client = wsClient(live);
    try {
      const frames = subscribe(
        client,
        'subscription ($id: ID!) { messageAdded(conversationId: $id) { body author index } }',
        { id: live.conversation.id },
      );
      const first = frames.next();
      await untilOpen(live.gateway, 1);
      live.emulator.clearRequests();
      const sent = await live.run(SEND, { id: live.conversation.id, body: 'Hello, live world' });
      const frame = await first;
      await live.settled();
      expect(frame.errors).toBeUndefined();
      expect(frame.data).toEqual({
        messageAdded: { body: 'Hello, live world', author: 'alice', index: expect.any(Number) },
      });
      expect((sent.sendMessage as { userErrors: unknown[] }).userErrors).toEqual([]);
      // The write itself, and nothing for the event.
      const log = live.emulator.requestLog();
      expect(log.requests.map((r) => r.operationId)).toEqual([
        'conversations.v1.CreateServiceConversationMessage',
      ]);
      await frames.stop();
    } finally {
      await client.dispose();
    }
  });
});
