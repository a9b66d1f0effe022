/**
 * Live updates for token callers, end to end: a real gateway in `GATEWAY_AUTH=access-token` mode
 * in front of the emulator, real graphql-ws and graphql-sse clients holding Twilio Access Tokens
 * minted by twilio-node. Membership filtering, removal, the inbox stream, the per-identity cap
 * and token expiry (its clock is fired by hand: no test waits for wall time).
 */
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExpirySchedule } from '../../src/server/realtime/index.js';
import { adminSecret, emulatorKey, twilioNodeToken } from '../server/support/tokens.js';
import { startFakeRouter } from './support/fake-router.js';
import {
  metricValue,
  startLive,
  subscribe,
  untilOpen,
  wsClient,
  type Live,
} from './support/live.js';

interface Expiry {
  readonly atMs: number;
  readonly fire: () => void;
  cancelled: boolean;
}

let live: Live;
let expiries: Expiry[] = [];
const clients: { dispose(): unknown }[] = [];
const expiry: ExpirySchedule = (atMs, fire) => {
  const entry: Expiry = { atMs, fire, cancelled: false };
  expiries.push(entry);
  return () => {
    entry.cancelled = true;
  };
};

beforeAll(async () => {
  live = await startLive({
    access: { mode: 'access-token', adminSecret, keys: [emulatorKey] },
    realtime: { expiry, limits: { subscriptionsPerIdentity: 3 } },
  });
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.dispose();
  expiries = [];
  await untilOpen(live.gateway, 0);
  await untilOpen(live.gateway, 0, 'sse');
});

afterAll(async () => {
  await live?.close();
});

const token = (identity: string) =>
  twilioNodeToken({ accountSid: live.gateway.client.config.credentials.accountSid, identity });

/** A graphql-ws client speaking for `identity` (its token in `connectionParams`). */
function as(identity: string | null, params?: Record<string, unknown>): Client {
  const client = wsClient(live, {
    connectionParams: params ?? (identity ? { Authorization: `Bearer ${token(identity)}` } : {}),
  });
  clients.push(client);
  return client;
}

function sseAs(identity: string): SseClient {
  const client = createSseClient({
    url: `${live.gateway.url}graphql/stream`,
    retryAttempts: 0,
    headers: { authorization: `Bearer ${token(identity)}` },
  });
  clients.push(client);
  return client;
}

async function conversationWith(name: string, identities: readonly string[]) {
  const data = await live.run(
    `mutation ($name: String!) { createConversation(input: { friendlyName: $name }) { conversation { id sid } } }`,
    { name },
  );
  const conversation = (data.createConversation as { conversation: { id: string; sid: string } })
    .conversation;
  const participants: Record<string, string> = {};
  for (const identity of identities) participants[identity] = await join(conversation.id, identity);
  return { ...conversation, participants };
}

async function join(conversationId: string, identity: string): Promise<string> {
  const data = await live.run(
    `mutation ($id: ID!, $who: String!) { addParticipant(input: { conversationId: $id, identity: $who }) { participant { id } } }`,
    { id: conversationId, who: identity },
  );
  return (data.addParticipant as { participant: { id: string } }).participant.id;
}

async function send(conversationId: string, body: string, author = 'bob'): Promise<void> {
  await live.run(
    `mutation ($id: ID!, $body: String!, $author: String!) {
      sendMessage(input: { conversationId: $id, author: $author, body: $body }) { message { id } }
    }`,
    { id: conversationId, body, author },
  );
}

const operations = () => live.emulator.requestLog().requests.map((r) => r.operationId);

/** Subscription payloads executed, and reused from another caller group, so far (/metrics). */
async function executions(): Promise<{ executed: number; shared: number }> {
  const count = async (outcome: string) =>
    (await metricValue(
      live.gateway,
      `gateway_subscription_executions_total{outcome="${outcome}"}`,
    )) ?? 0;
  return { executed: await count('executed'), shared: await count('shared') };
}
const MESSAGES = 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body author } }';

describe('membership filtering (token callers)', () => {
  it('a participant receives the conversation’s messages; after one check, no Twilio request per event', async () => {
    const conversation = await conversationWith('Members only', ['alice', 'bob']);
    live.emulator.clearRequests();
    const alice = subscribe(as('alice'), MESSAGES, { id: conversation.id });
    const first = alice.next();
    await untilOpen(live.gateway, 1);
    await send(conversation.id, 'one');
    await send(conversation.id, 'two');
    expect(await first).toEqual({ data: { messageAdded: { body: 'one', author: 'bob' } } });
    expect(await alice.next()).toEqual({ data: { messageAdded: { body: 'two', author: 'bob' } } });
    await live.settled();
    // The membership check at subscribe time, then only the writes.
    expect(operations()).toEqual([
      'conversations.v1.FetchServiceUserConversation',
      'conversations.v1.CreateServiceConversationMessage',
      'conversations.v1.CreateServiceConversationMessage',
    ]);
  });

  it('a non-participant’s subscription answers exactly like one to a conversation that does not exist', async () => {
    const conversation = await conversationWith('Private', ['alice']);
    const gone = await conversationWith('Gone', []);
    await live.run(
      'mutation ($id: ID!) { deleteConversation(input: { id: $id }) { deletedConversationId } }',
      {
        id: gone.id,
      },
    );
    const client = as('mallory');
    const notMine = subscribe(client, MESSAGES, { id: conversation.id });
    const missing = subscribe(client, MESSAGES, { id: gone.id });
    const expected = {
      errors: [
        {
          message: 'No conversation with this id.',
          path: ['messageAdded'],
          extensions: { code: 'NOT_FOUND', argument: 'conversationId', retryable: false },
        },
      ],
    };
    expect(await notMine.next()).toMatchObject(expected);
    expect(await missing.next()).toMatchObject(expected);
    await notMine.completed();
    await missing.completed();
  });

  it('the admin still watches any conversation without a membership check', async () => {
    const conversation = await conversationWith('Admin view', []);
    live.emulator.clearRequests();
    const admin = subscribe(as(null, { Authorization: `Bearer ${adminSecret}` }), MESSAGES, {
      id: conversation.id,
    });
    const first = admin.next();
    await untilOpen(live.gateway, 1);
    await send(conversation.id, 'for the admin');
    expect(await first).toEqual({
      data: { messageAdded: { body: 'for the admin', author: 'bob' } },
    });
    await live.settled();
    expect(operations()).toEqual(['conversations.v1.CreateServiceConversationMessage']);
  });

  it('a removed participant is told (REMOVED_FROM_CONVERSATION) and receives nothing more', async () => {
    const conversation = await conversationWith('Leaving', ['alice', 'bob']);
    const client = as('alice');
    const messages = subscribe(client, MESSAGES, { id: conversation.id });
    const removals = subscribe(
      client,
      'subscription ($id: ID!) { participantRemoved(conversationId: $id) { identity } }',
      { id: conversation.id },
    );
    const firstMessage = messages.next();
    const firstRemoval = removals.next();
    await untilOpen(live.gateway, 2);
    await send(conversation.id, 'before');
    expect(await firstMessage).toEqual({
      data: { messageAdded: { body: 'before', author: 'bob' } },
    });
    await live.run(
      'mutation ($id: ID!) { removeParticipant(input: { id: $id }) { deletedParticipantId } }',
      {
        id: conversation.participants.alice,
      },
    );
    expect(await messages.next()).toMatchObject({
      data: null,
      errors: [
        {
          message:
            'You are no longer a participant of this conversation; the subscription has ended.',
          extensions: { code: 'REMOVED_FROM_CONVERSATION', retryable: false },
        },
      ],
    });
    await messages.completed();
    // A stream that asked for removals gets its own as data, then ends.
    expect(await firstRemoval).toEqual({ data: { participantRemoved: { identity: 'alice' } } });
    await removals.completed();
    await untilOpen(live.gateway, 0);
  });

  it('groups never mix callers: a field the webhook lacks is fetched once per caller, not per subscriber', async () => {
    const conversation = await conversationWith('Two callers', ['alice', 'bob']);
    const query =
      'subscription ($id: ID!) { messageAdded(conversationId: $id) { body contentSid } }';
    const alice = as('alice');
    const streams = [
      subscribe(alice, query, { id: conversation.id }),
      subscribe(alice, query, { id: conversation.id }),
      subscribe(as('bob'), query, { id: conversation.id }),
    ];
    const firsts = streams.map((s) => s.next());
    await untilOpen(live.gateway, 3);
    live.emulator.clearRequests();
    await send(conversation.id, 'shared');
    for (const first of firsts) {
      expect(await first).toEqual({ data: { messageAdded: { body: 'shared', contentSid: null } } });
    }
    await live.settled();
    expect(
      operations().filter((o) => o === 'conversations.v1.FetchServiceConversationMessage'),
    ).toHaveLength(2);
  });
  it('callers share one execution per event when the webhook alone answers; never when their access is read', async () => {
    const conversation = await conversationWith('One answer', ['alice', 'bob', 'carol']);
    const fromEvent = MESSAGES;
    const loaded =
      'subscription ($id: ID!) { messageAdded(conversationId: $id) { body contentSid } }';
    const streams = [
      subscribe(as('alice'), fromEvent, { id: conversation.id }),
      subscribe(as('bob'), fromEvent, { id: conversation.id }),
      subscribe(as('carol'), fromEvent, { id: conversation.id }),
      subscribe(as('alice'), loaded, { id: conversation.id }),
      subscribe(as('bob'), loaded, { id: conversation.id }),
    ];
    const firsts = streams.map((s) => s.next());
    await untilOpen(live.gateway, 5);
    const before = await executions();
    live.emulator.clearRequests();
    await send(conversation.id, 'shared');
    for (const first of firsts.slice(0, 3)) {
      expect(await first).toEqual({ data: { messageAdded: { body: 'shared', author: 'bob' } } });
    }
    for (const first of firsts.slice(3)) {
      expect(await first).toEqual({ data: { messageAdded: { body: 'shared', contentSid: null } } });
    }
    await live.settled();
    // Three identities, one execution; the fetched field is read by each caller on their own.
    expect(await executions()).toEqual({
      executed: before.executed + 3,
      shared: before.shared + 2,
    });
    expect(
      operations().filter((o) => o === 'conversations.v1.FetchServiceConversationMessage'),
    ).toHaveLength(2);
  });
});

describe('token authentication on the real-time transports (GATEWAY_AUTH=access-token)', () => {
  it('graphql-ws: a missing or invalid token in connectionParams closes the connection with 4401', async () => {
    for (const [params, reason] of [
      [{}, 'This gateway needs a credential: send "Authorization: Bearer <Twilio Access Token>".'],
      [{ Authorization: 'Bearer not-a-token' }, expect.stringMatching(/token/i)],
    ] as const) {
      const stream = subscribe(as(null, params), MESSAGES, { id: live.conversation.id });
      await expect(stream.next()).rejects.toMatchObject({ code: 4401, reason });
    }
  });

  it('SSE: a missing or invalid Authorization header is a 401 with a Bearer challenge', async () => {
    const url = `${live.gateway.url}graphql/stream`;
    for (const headers of [{}, { authorization: 'Bearer not-a-token' }] as Record<
      string,
      string
    >[]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: MESSAGES, variables: { id: live.conversation.id } }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('SSE: a token in the Authorization header subscribes as its identity', async () => {
    const conversation = await conversationWith('Over SSE', ['alice']);
    const results = sseAs('alice').iterate({ query: MESSAGES, variables: { id: conversation.id } });
    const first = results.next();
    await untilOpen(live.gateway, 1, 'sse');
    await send(conversation.id, 'hello SSE');
    expect((await first).value).toEqual({
      data: { messageAdded: { body: 'hello SSE', author: 'bob' } },
    });
    await results.return?.();
  });
});

describe('limits and token expiry', () => {
  it('caps one identity’s subscriptions over all its connections and transports', async () => {
    const conversation = await conversationWith('Capped', ['alice', 'bob']);
    const first = as('alice');
    const second = as('alice');
    const held = [
      subscribe(first, MESSAGES, { id: conversation.id }),
      subscribe(first, MESSAGES, { id: conversation.id }),
      subscribe(second, MESSAGES, { id: conversation.id }),
    ];
    for (const stream of held) void stream.next().catch(() => undefined);
    await untilOpen(live.gateway, 3);
    const refusal = {
      message:
        'Too many subscriptions for this identity (at most 3 over all its connections); end one first.',
      extensions: { code: 'TOO_MANY_IDENTITY_SUBSCRIPTIONS', limit: 3 },
    };
    await expect(subscribe(second, MESSAGES, { id: conversation.id }).next()).rejects.toMatchObject(
      [refusal],
    );
    const response = await fetch(`${live.gateway.url}graphql/stream`, {
      method: 'POST',
      headers: {
        accept: 'text/event-stream',
        'content-type': 'application/json',
        authorization: `Bearer ${token('alice')}`,
      },
      body: JSON.stringify({ query: MESSAGES, variables: { id: conversation.id } }),
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ errors: [refusal] });
    // Another identity is not held back; ending one of alice's frees a place.
    const bob = subscribe(as('bob'), MESSAGES, { id: conversation.id });
    void bob.next().catch(() => undefined);
    await untilOpen(live.gateway, 4);
    await held[0]?.stop();
    await untilOpen(live.gateway, 3);
    const again = subscribe(second, MESSAGES, { id: conversation.id });
    const next = again.next();
    await untilOpen(live.gateway, 4);
    await send(conversation.id, 'room again');
    expect(await next).toEqual({ data: { messageAdded: { body: 'room again', author: 'bob' } } });
  });

  it('graphql-ws: the connection closes with 4419 when the token’s exp passes', async () => {
    const conversation = await conversationWith('Expiring', ['alice']);
    const stream = subscribe(as('alice'), MESSAGES, { id: conversation.id });
    const first = stream.next();
    await untilOpen(live.gateway, 1);
    const [scheduled] = expiries;
    const exp = JSON.parse(
      Buffer.from(token('alice').split('.')[1] ?? '', 'base64url').toString(),
    ) as { exp: number };
    expect(scheduled?.atMs).toBeGreaterThan(Date.now());
    expect(Math.abs((scheduled?.atMs ?? 0) - exp.exp * 1000)).toBeLessThan(5_000);
    scheduled?.fire();
    await expect(first).rejects.toMatchObject({
      code: 4419,
      reason: 'The access token expired; subscribe again with a new one.',
    });
    await untilOpen(live.gateway, 0);
    expect(scheduled?.cancelled).toBe(true);
  });

  it('SSE: the stream ends with a TOKEN_EXPIRED error when the token’s exp passes', async () => {
    const conversation = await conversationWith('Expiring SSE', ['alice']);
    const results = sseAs('alice').iterate({ query: MESSAGES, variables: { id: conversation.id } });
    const first = results.next();
    await untilOpen(live.gateway, 1, 'sse');
    expiries[0]?.fire();
    expect((await first).value).toEqual({
      errors: [
        {
          message: 'The access token expired; subscribe again with a new one.',
          extensions: { code: 'TOKEN_EXPIRED' },
        },
      ],
    });
    expect((await results.next()).done).toBe(true);
    await untilOpen(live.gateway, 0, 'sse');
  });
  it('Router callback: a token caller’s subscription completes when the token’s exp passes', async () => {
    const router = await startFakeRouter();
    try {
      const conversation = await conversationWith('Expiring callback', ['alice']);
      const response = await fetch(live.gateway.graphqlUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: `Bearer ${token('alice')}`,
        },
        body: JSON.stringify({
          query: MESSAGES,
          variables: { id: conversation.id },
          extensions: {
            subscription: {
              callbackUrl: `${router.url}/callback/exp-1`,
              subscriptionId: 'exp-1',
              verifier: 'verifier-exp-1',
              heartbeatIntervalMs: 0,
            },
          },
        }),
      });
      expect(response.status).toBe(200);
      expect((await router.next('exp-1')).body).toMatchObject({ action: 'check', id: 'exp-1' });
      await untilOpen(live.gateway, 1, 'callback');
      expiries[0]?.fire();
      expect((await router.next('exp-1')).body).toMatchObject({ action: 'complete', id: 'exp-1' });
      await untilOpen(live.gateway, 0, 'callback');
    } finally {
      await router.close();
    }
  });
});

describe('viewerEvents: the inbox stream', () => {
  const INBOX = `subscription { viewerEvents {
    kind conversation { id } message { body } participant { identity lastReadMessageIndex }
    membership { lastReadMessageIndex } unreadMessagesCount
  } }`;

  it('messages of the caller’s conversations with the unread count, joining, leaving and read horizons', async () => {
    const elsewhere = await conversationWith('Not alice’s', ['bob']);
    const home = await conversationWith('Home', ['alice', 'bob']);
    const inbox = subscribe(as('alice'), INBOX);
    const first = inbox.next();
    await untilOpen(live.gateway, 1);
    await send(elsewhere.id, 'not for alice');
    await send(home.id, 'for alice');
    expect(await first).toEqual({
      data: {
        viewerEvents: {
          kind: 'MESSAGE_ADDED',
          conversation: { id: home.id },
          message: { body: 'for alice' },
          participant: null,
          membership: { lastReadMessageIndex: null },
          // The emulator counts every message as unread before the first horizon is set.
          unreadMessagesCount: 1,
        },
      },
    });
    const fresh = await conversationWith('New', []);
    const participantId = await join(fresh.id, 'alice');
    expect(await inbox.next()).toMatchObject({
      data: {
        viewerEvents: {
          kind: 'ADDED_TO_CONVERSATION',
          conversation: { id: fresh.id },
          message: null,
          participant: { identity: 'alice' },
        },
      },
    });
    await send(fresh.id, 'welcome');
    await send(fresh.id, 'again');
    expect(await inbox.next()).toMatchObject({
      data: { viewerEvents: { kind: 'MESSAGE_ADDED', message: { body: 'welcome' } } },
    });
    expect(await inbox.next()).toMatchObject({
      data: { viewerEvents: { kind: 'MESSAGE_ADDED', message: { body: 'again' } } },
    });
    await live.run(
      'mutation ($id: ID!) { updateParticipant(input: { id: $id, lastReadMessageIndex: 0 }) { participant { id } } }',
      { id: participantId },
    );
    expect(await inbox.next()).toEqual({
      data: {
        viewerEvents: {
          kind: 'READ_HORIZON_UPDATED',
          conversation: { id: fresh.id },
          message: null,
          participant: { identity: 'alice', lastReadMessageIndex: 0 },
          membership: { lastReadMessageIndex: 0 },
          unreadMessagesCount: 1,
        },
      },
    });
    await live.run(
      'mutation ($id: ID!) { removeParticipant(input: { id: $id }) { deletedParticipantId } }',
      {
        id: participantId,
      },
    );
    expect(await inbox.next()).toEqual({
      data: {
        viewerEvents: {
          kind: 'REMOVED_FROM_CONVERSATION',
          conversation: { id: fresh.id },
          message: null,
          participant: { identity: 'alice', lastReadMessageIndex: 0 },
          membership: null,
          unreadMessagesCount: null,
        },
      },
    });
    // No longer hers: nothing of it comes; her other conversations still do.
    live.emulator.clearRequests();
    await send(fresh.id, 'after she left');
    await send(home.id, 'still home');
    expect(await inbox.next()).toMatchObject({
      data: { viewerEvents: { kind: 'MESSAGE_ADDED', message: { body: 'still home' } } },
    });
    await live.settled();
    // Membership known from her own events: only the writes and the selected membership reads.
    expect(
      operations().filter((o) => o === 'conversations.v1.FetchServiceUserConversation'),
    ).toHaveLength(1);
  });

  it('has no inbox for the admin: TOKEN_CALLER_REQUIRED', async () => {
    const admin = subscribe(as(null, { Authorization: `Bearer ${adminSecret}` }), INBOX);
    expect(await admin.next()).toMatchObject({
      errors: [
        {
          message: expect.stringContaining('`viewerEvents` is the inbox stream of a token caller'),
          extensions: { code: 'TOKEN_CALLER_REQUIRED' },
        },
      ],
    });
    await admin.completed();
  });
});

describe('webhook-enabled writes can be turned off (GATEWAY_WEBHOOK_ENABLED_WRITES=false)', () => {
  let quiet: Live;
  beforeAll(async () => {
    quiet = await startLive({ webhookEnabledWrites: false });
  });
  afterAll(async () => {
    await quiet?.close();
  });

  it('a plain write then reaches no subscriber; webhookEnabled: true still does', async () => {
    const client = wsClient(quiet);
    clients.push(client);
    const stream = subscribe(client, MESSAGES, { id: quiet.conversation.id });
    const first = stream.next();
    await untilOpen(quiet.gateway, 1);
    const write = (flag: string, body: string) =>
      quiet.run(
        `mutation ($id: ID!, $body: String!) { sendMessage(input: { conversationId: $id, author: "bob", body: $body${flag} }) { message { id } } }`,
        { id: quiet.conversation.id, body },
      );
    await write('', 'plain');
    await write(', webhookEnabled: true', 'asked for');
    expect(await first).toEqual({ data: { messageAdded: { body: 'asked for', author: 'bob' } } });
    await stream.stop();
    await untilOpen(quiet.gateway, 0);
  });
});
