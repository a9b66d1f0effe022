import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLive, untilOpen, type Live } from './support/live.js';

let live: Live;
let streamUrl: string;

beforeAll(async () => {
  live = await startLive();
  streamUrl = `${live.gateway.url}graphql/stream`;
});

afterAll(async () => {
  await live?.close();
});

describe('graphql-sse subscriptions at /graphql/stream', () => {
  it('a real graphql-sse client receives messageAdded from the emulator webhook', async () => {
    const client = createClient({ url: streamUrl, retryAttempts: 0 });
    try {
      const results = client.iterate({
        query: 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body author } }',
        variables: { id: live.conversation.id },
      });
      const first = results.next();
      await untilOpen(live.gateway, 1, 'sse');
      live.emulator.clearRequests();
      await live.run(
        `mutation ($id: ID!) { sendMessage(input: { conversationId: $id, author: "carol", body: "over SSE", webhookEnabled: true }) { message { id } } }`,
        { id: live.conversation.id },
      );
      expect((await first).value).toEqual({
        data: { messageAdded: { body: 'over SSE', author: 'carol' } },
      });
      await live.settled();
      expect(live.emulator.requestLog().total).toBe(1);
      await results.return?.();
      await untilOpen(live.gateway, 0, 'sse');
    } finally {
      client.dispose();
    }
  });

  it('refuses queries, invalid documents and requests that do not ask for a stream', async () => {
    const post = (body: unknown, accept = 'text/event-stream') =>
      fetch(streamUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify(body),
      });
    const query = await post({ query: '{ configuration { defaultChatServiceSid } }' });
    expect(query.status).toBe(400);
    expect(await query.json()).toEqual({
      errors: [
        {
          message: 'Only subscriptions are served here; send query operations to POST /graphql.',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
    const invalid = await post({ query: 'subscription { nope }' });
    expect(invalid.status).toBe(400);
    expect(
      ((await invalid.json()) as { errors: { message: string }[] }).errors[0]?.message,
    ).toContain('Cannot query field "nope"');
    const plain = await post({ query: 'subscription { x }' }, 'application/json');
    expect(plain.status).toBe(406);
    const huge = await post({ query: `subscription { ${'x'.repeat(2 * 1024 * 1024)} }` });
    expect(huge.status).toBe(413);
  });
});
