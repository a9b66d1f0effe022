/**
 * Honest write outcomes over HTTP: a mutation whose POST reached Twilio and then failed without a
 * refusal (timeout, reset connection, 5xx) may have been carried out, so it reports
 * UPSTREAM_OUTCOME_UNKNOWN, not retryable, and says how to check. Only failures where Twilio
 * certainly did nothing (429, a refused connection) are retryable.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, afterEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/server/app.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { createTwilioConfig } from '../../src/twilio/index.js';
import { configFor, postGraphQL, startStack, type Stack } from './support/stack.js';

const SEND = `mutation ($input: SendMessageInput!) {
  sendMessage(input: $input) { message { sid } userErrors { code message } }
}`;
const CREATE = `mutation ($serviceSid: String!) {
  createConversation(input: { serviceSid: $serviceSid, friendlyName: "Outcome" }) {
    conversation { sid } userErrors { code }
  }
}`;
const SEND_OP = 'conversations.v1.CreateServiceConversationMessage';

let stack: Stack;
let conversationId: string;
let serviceSid: string;

beforeAll(async () => {
  // A hung POST ends at the headers timeout; 429s are repeated up to three attempts.
  stack = await startStack({
    emulator: { seed: { conversationsPerService: 1, messagesPerConversation: 1 } },
    tuning: { maxAttempts: 3, headersTimeoutMs: 1_000 },
  });
  const { body } = await postGraphQL(
    stack.gateway,
    '{ configuration { defaultChatServiceSid } conversations(first: 1) { nodes { id } } }',
  );
  const data = body.data as {
    configuration: { defaultChatServiceSid: string };
    conversations: { nodes: { id: string }[] };
  };
  serviceSid = data.configuration.defaultChatServiceSid;
  conversationId = data.conversations.nodes[0]?.id ?? '';
});
afterEach(() => {
  stack.emulator.setFaults([]);
  stack.emulator.clearRequests();
});
afterAll(() => stack.close());

async function send(body: string) {
  stack.emulator.clearRequests();
  const response = await postGraphQL(stack.gateway, SEND, { input: { conversationId, body } });
  const writes = stack.emulator.requestLog().requests.filter((r) => r.method === 'POST');
  return { ...response.body, writes };
}

describe('a mutation whose outcome is unknown', () => {
  it.each([
    ['hangs until the timeout', 'hang', 0],
    ['has its connection reset', 'reset', 0],
    ['is answered 500', 'server-error', 500],
  ] as const)(
    'reports UPSTREAM_OUTCOME_UNKNOWN when its POST %s, sent once',
    async (_what, kind, status) => {
      stack.emulator.setFaults([{ kind, count: 1, operationId: SEND_OP }]);
      const result = await send(`Outcome of ${kind}`);
      expect(result.data?.sendMessage ?? null).toBeNull();
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors ?? [];
      expect(error?.path).toEqual(['sendMessage']);
      expect(error?.extensions).toMatchObject({
        code: 'UPSTREAM_OUTCOME_UNKNOWN',
        retryable: false,
      });
      expect(error?.message).toContain('Twilio may have carried out this change');
      expect(error?.message).toContain("list the conversation's most recent messages");
      expect(result.writes.map((w) => w.status)).toEqual([status]);
      if (kind === 'server-error') {
        expect(error?.extensions?.twilio).toMatchObject({ status: 500, code: 20500 });
      }
    },
  );

  it('a 429 beyond the retries stays UPSTREAM_RATE_LIMITED and retryable', async () => {
    stack.emulator.setFaults([{ kind: 'rate-limit', count: 3, operationId: SEND_OP }]);
    const result = await send('Throttled');
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      retryable: true,
    });
    expect(result.writes.map((w) => w.status)).toEqual([429, 429, 429]);
  });

  it('the same write succeeds when nothing is in the way', async () => {
    const result = await send('Plain');
    expect(result.errors).toBeUndefined();
    expect(result.data?.sendMessage).toMatchObject({ userErrors: [] });
    expect(result.writes.map((w) => w.status)).toEqual([201]);
  });
});

const DELETE = `mutation ($id: ID!) {
  deleteConversation(input: { id: $id }) { deletedConversationId userErrors { field code } }
}`;
const DELETE_OP = 'conversations.v1.DeleteServiceConversation';

async function newConversationId(): Promise<string> {
  const { body } = await postGraphQL(
    stack.gateway,
    `mutation { createConversation(input: { friendlyName: "To delete" }) { conversation { id } } }`,
  );
  return (body.data?.createConversation as { conversation: { id: string } }).conversation.id;
}

describe('a DELETE whose outcome is unknown', () => {
  it.each([
    ['is answered 500', 'server-error', 500],
    ['has its connection reset', 'reset', 0],
  ] as const)(
    'reports UPSTREAM_OUTCOME_UNKNOWN, not retryable, when it %s, sent once',
    async (_what, kind, status) => {
      const id = await newConversationId();
      stack.emulator.setFaults([{ kind, count: 1, operationId: DELETE_OP }]);
      stack.emulator.clearRequests();
      const { body } = await postGraphQL(stack.gateway, DELETE, { id });
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'UPSTREAM_OUTCOME_UNKNOWN',
        retryable: false,
      });
      expect(body.errors?.[0]?.message).toContain('Twilio may have carried out this change');
      expect(body.errors?.[0]?.message).toContain('fetch it: NOT_FOUND means it was deleted');
      const deletes = stack.emulator.requestLog().requests.filter((r) => r.method === 'DELETE');
      expect(deletes.map((r) => r.status)).toEqual([status]);
    },
  );

  it('is not called retryable because a repeat after a delete Twilio did carry out is NOT_FOUND', async () => {
    const id = await newConversationId();
    const first = await postGraphQL(stack.gateway, DELETE, { id });
    expect(first.body.data?.deleteConversation).toMatchObject({ userErrors: [] });
    const repeat = await postGraphQL(stack.gateway, DELETE, { id });
    expect(repeat.body.data?.deleteConversation).toEqual({
      deletedConversationId: null,
      userErrors: [{ field: ['input', 'id'], code: 'NOT_FOUND' }],
    });
  });
});

describe('a mutation Twilio certainly did not act on', () => {
  it('a rejected input is a user error and sends nothing', async () => {
    const result = await send('x'.repeat(40_000));
    expect(result.errors).toBeUndefined();
    expect(result.data?.sendMessage).toMatchObject({
      message: null,
      userErrors: [{ code: 'TOO_LONG' }],
    });
    expect(result.writes).toEqual([]);
  });
});

describe('a mutation whose connection is refused', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    gateway = await createGateway({
      twilio: createTwilioConfig({
        ...configFor(stack.emulator),
        baseUrls: { conversations: `http://127.0.0.1:${port}` },
      }),
      graph: graphBinding(),
      warmUp: false,
    });
  });
  afterAll(() => gateway.close());

  it('is retryable: Twilio never saw it', async () => {
    const { body } = await postGraphQL(gateway, CREATE, { serviceSid });
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      retryable: true,
    });
  });
});
