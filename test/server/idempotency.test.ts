/**
 * Issue 11, item 7: `idempotencyKey` on sendMessage and createConversation, through HTTP against
 * the emulator. A repeat within the window answers with the first outcome (the emulator's log
 * shows one create), a concurrent repeat waits for the first, another input with the same key
 * is a user error, and after the window the key writes again. The window's clock is moved by
 * hand.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/graph/index.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { postGraphQL, startStack, type GraphQLBody, type Stack } from './support/stack.js';
import { CREATE_CONVERSATION, ObservedStore } from './support/observed-idempotency.js';
import { adminSecret, bearer } from './support/tokens.js';
import { UpstreamGate } from './support/upstream-gate.js';

const SEND = `mutation ($input: SendMessageInput!) {
  sendMessage(input: $input) {
    message { sid body }
    userErrors { field code message }
  }
}`;
const CREATE = CREATE_CONVERSATION;
const SEND_OP = 'conversations.v1.CreateServiceConversationMessage';
const TTL_MS = 60_000;

let stack: Stack;
let conversationId: string;
// Not 0: lru-cache reads a start time of 0 as "no expiry".
let clockMs = 1_000_000;
const gate = new UpstreamGate();
gate.open = true;

const store = new ObservedStore(
  new MemoryIdempotencyStore({ ttlMs: TTL_MS, maxKeys: 100, now: () => clockMs }),
);

beforeAll(async () => {
  stack = await startStack({
    emulator: {
      seed: { conversationsPerService: 1, messagesPerConversation: 1 },
      latency: { fixedMs: 1 },
      sleep: gate.sleep,
    },
    graph: graphBinding({ idempotencyStore: store }),
    access: { mode: 'none', adminSecret, keys: [] },
  });
  const { body } = await postGraphQL(stack.gateway, '{ conversations(first: 1) { nodes { id } } }');
  conversationId =
    (body.data as { conversations: { nodes: { id: string }[] } }).conversations.nodes[0]?.id ?? '';
});
afterEach(() => {
  gate.release();
  stack.emulator.setFaults([]);
});
afterAll(() => stack.close());

let keys = 0;
const newKey = () => `key-${(keys += 1)}`;

/** Sends the same keyed message twice, the first create meeting `fault`. */
async function twiceAfter(kind: 'server-error' | 'rate-limit', body: string) {
  const key = newKey();
  stack.emulator.setFaults([{ kind, count: 1, operationId: SEND_OP }]);
  stack.emulator.clearRequests();
  const first = await send({ body, idempotencyKey: key });
  return { first, again: await send({ body, idempotencyKey: key }) };
}

function creates(): number {
  return stack.emulator.requestLog().requests.filter((r) => r.method === 'POST').length;
}

async function send(
  input: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLBody> {
  return (await postGraphQL(stack.gateway, SEND, { input: { conversationId, ...input } }, headers))
    .body;
}

function sentMessage(body: GraphQLBody): { sid: string; body: string } | null {
  const payload = body.data?.sendMessage as { message: { sid: string; body: string } | null };
  return payload.message;
}

function userErrorsOf(body: GraphQLBody, field: string): unknown {
  return (body.data?.[field] as { userErrors: unknown }).userErrors;
}

describe('sendMessage with an idempotencyKey', () => {
  it('answers a repeat with the first message, and Twilio gets one create', async () => {
    stack.emulator.clearRequests();
    const key = newKey();
    const first = await send({ body: 'Once', idempotencyKey: key });
    const again = await send({ body: 'Once', idempotencyKey: key });
    expect(first.errors).toBeUndefined();
    expect(sentMessage(again)).toEqual(sentMessage(first));
    expect(sentMessage(first)?.sid).toMatch(/^IM/);
    expect(creates()).toBe(1);
  });

  it('refuses the same key with a different input as IDEMPOTENCY_KEY_REUSED, writing nothing', async () => {
    const key = newKey();
    await send({ body: 'First', idempotencyKey: key });
    stack.emulator.clearRequests();
    const other = await send({ body: 'Second', idempotencyKey: key });
    expect(sentMessage(other)).toBeNull();
    expect(userErrorsOf(other, 'sendMessage')).toEqual([
      {
        field: ['input', 'idempotencyKey'],
        code: 'IDEMPOTENCY_KEY_REUSED',
        message:
          'This `idempotencyKey` was used for a different sendMessage input within the last 60 s; use a new key for a new sendMessage.',
      },
    ]);
    expect(creates()).toBe(0);
  });

  it('writes again once the window has passed', async () => {
    stack.emulator.clearRequests();
    const key = newKey();
    const first = await send({ body: 'Window', idempotencyKey: key });
    clockMs += TTL_MS - 1;
    expect(sentMessage(await send({ body: 'Window', idempotencyKey: key }))?.sid).toBe(
      sentMessage(first)?.sid,
    );
    clockMs += 2;
    const later = await send({ body: 'Window', idempotencyKey: key });
    expect(sentMessage(later)?.sid).toMatch(/^IM/);
    expect(sentMessage(later)?.sid).not.toBe(sentMessage(first)?.sid);
    expect(creates()).toBe(2);
  });

  it('makes a concurrent repeat wait for the first and answer the same', async () => {
    stack.emulator.clearRequests();
    const key = newKey();
    gate.open = false;
    const before = gate.arrived;
    const first = send({ body: 'Concurrent', idempotencyKey: key });
    await gate.untilArrived(before + 1);
    const seen = store.untilPendingSeen();
    const second = send({ body: 'Concurrent', idempotencyKey: key });
    // The repeat found the first still writing; nothing more went to Twilio.
    await seen;
    expect(gate.arrived).toBe(before + 1);
    gate.release();
    const [a, b] = await Promise.all([first, second]);
    expect(sentMessage(b)).toEqual(sentMessage(a));
    expect(creates()).toBe(1);
  });

  it('scopes keys by caller: the same key from another caller is its own write', async () => {
    stack.emulator.clearRequests();
    const key = newKey();
    const anonymous = await send({ body: 'Scoped', idempotencyKey: key });
    const admin = await send({ body: 'Scoped', idempotencyKey: key }, bearer(adminSecret));
    expect(sentMessage(admin)?.sid).not.toBe(sentMessage(anonymous)?.sid);
    expect(creates()).toBe(2);
  });

  it('replays an unknown outcome instead of writing again', async () => {
    const { first, again } = await twiceAfter('server-error', 'Unknown');
    for (const body of [first, again]) {
      expect(body.errors?.[0]?.extensions).toMatchObject({
        code: 'UPSTREAM_OUTCOME_UNKNOWN',
        retryable: false,
      });
    }
    expect(again.errors?.[0]?.message).toBe(first.errors?.[0]?.message);
    expect(creates()).toBe(1);
  });

  it('forgets a key whose create Twilio refused, so the repeat writes', async () => {
    const { first, again } = await twiceAfter('rate-limit', 'Throttled');
    expect(first.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED' });
    expect(sentMessage(again)?.sid).toMatch(/^IM/);
    expect(stack.emulator.requestLog().requests.map((r) => r.status)).toEqual([429, 201]);
  });

  it('refuses a blank or overlong key as a user error', async () => {
    stack.emulator.clearRequests();
    const blank = await send({ body: 'x', idempotencyKey: ' ' });
    const long = await send({ body: 'x', idempotencyKey: 'k'.repeat(256) });
    expect(userErrorsOf(blank, 'sendMessage')).toMatchObject([
      { field: ['input', 'idempotencyKey'], code: 'INVALID' },
    ]);
    expect(userErrorsOf(long, 'sendMessage')).toMatchObject([
      { field: ['input', 'idempotencyKey'], code: 'TOO_LONG' },
    ]);
    expect(creates()).toBe(0);
  });

  it('writes every time without a key', async () => {
    stack.emulator.clearRequests();
    const a = await send({ body: 'Twice' });
    const b = await send({ body: 'Twice' });
    expect(sentMessage(a)?.sid).not.toBe(sentMessage(b)?.sid);
    expect(creates()).toBe(2);
  });
});

describe('createConversation with an idempotencyKey', () => {
  it('answers a repeat with the first conversation, and Twilio gets one create', async () => {
    stack.emulator.clearRequests();
    const input = { friendlyName: 'Idempotent', idempotencyKey: newKey() };
    const first = await postGraphQL(stack.gateway, CREATE, { input });
    const again = await postGraphQL(stack.gateway, CREATE, { input });
    const sidOf = (body: GraphQLBody) =>
      (body.data?.createConversation as { conversation: { sid: string } }).conversation.sid;
    expect(sidOf(first.body)).toMatch(/^CH/);
    expect(sidOf(again.body)).toBe(sidOf(first.body));
    expect(creates()).toBe(1);
    const other = await postGraphQL(stack.gateway, CREATE, {
      input: { ...input, friendlyName: 'Other' },
    });
    expect(userErrorsOf(other.body, 'createConversation')).toMatchObject([
      { code: 'IDEMPOTENCY_KEY_REUSED' },
    ]);
    expect(creates()).toBe(1);
  });
});
