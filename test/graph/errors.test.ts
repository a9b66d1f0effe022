/**
 * Errors as clients see them: upstream failures become coded, sanitised errors with partial
 * data; bad arguments fail before any request; missing objects are null.
 */
import type { GraphQLError } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toGraphQLError } from '../../src/graph/index.js';
import { TwilioError } from '../../src/twilio/index.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
let serviceSid = '';
let sid = '';

beforeAll(async () => {
  h = await startHarness({ seed: { conversationsPerService: 1, messagesPerConversation: 2 } });
  const r = await h.run(
    '{ configuration { defaultChatServiceSid } conversations(first: 1) { nodes { sid } } }',
  );
  const data = r.data as {
    configuration: { defaultChatServiceSid: string };
    conversations: { nodes: { sid: string }[] };
  };
  serviceSid = data.configuration.defaultChatServiceSid;
  sid = data.conversations.nodes[0]?.sid ?? '';
});
afterEach(() => h.emulator.setFaults([]));
afterAll(() => h.close());

const WITH_USERS = `query ($serviceSid: String!, $sid: String!) {
  conversation(serviceSid: $serviceSid, sid: $sid) {
    friendlyName
    participants(first: 10) { nodes { identity user { friendlyName } } }
  }
}`;

function expectSanitised(errors: readonly GraphQLError[] | undefined): void {
  const text = JSON.stringify(errors?.map((e) => e.toJSON()));
  expect(text).not.toMatch(/https?:\/\/(?!www\.twilio\.com\/docs\/errors)/);
  expect(text).not.toContain(h.emulator.accountSid);
  expect(text).not.toContain(h.emulator.credentials.authToken);
}

describe('upstream failures', () => {
  it('throttling of one user fetch is UPSTREAM_RATE_LIMITED on that field, with the rest of the data', async () => {
    h.emulator.setFaults([
      { kind: 'rate-limit', count: 1, operationId: 'conversations.v1.FetchServiceUser' },
    ]);
    const run = await h.run(WITH_USERS, { serviceSid, sid });
    expect(run.result.errors).toHaveLength(1);
    const error = run.result.errors?.[0];
    expect(error?.path?.slice(-1)).toEqual(['user']);
    expect(error?.extensions).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      retryable: true,
      twilio: { code: 20429, status: 429 },
    });
    const nodes = (run.data.conversation as { participants: { nodes: { user: unknown }[] } })
      .participants.nodes;
    expect(nodes.filter((n) => n.user === null)).toHaveLength(1);
    expect(nodes.filter((n) => n.user !== null).length).toBeGreaterThan(0);
    expectSanitised(run.result.errors);
  });

  it('an outage is UPSTREAM_UNAVAILABLE and retryable', async () => {
    h.emulator.setFaults([
      { kind: 'unavailable', count: 1, operationId: 'conversations.v1.FetchServiceConversation' },
    ]);
    const run = await h.run(WITH_USERS, { serviceSid, sid });
    expect(run.data.conversation).toBeNull();
    expect(run.result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      retryable: true,
      twilio: { status: 503 },
    });
    expectSanitised(run.result.errors);
  });

  it('an unreadable answer is UPSTREAM_BAD_RESPONSE without the body', async () => {
    h.emulator.setFaults([
      { kind: 'malformed', count: 1, operationId: 'conversations.v1.FetchServiceConversation' },
    ]);
    const run = await h.run(WITH_USERS, { serviceSid, sid });
    expect(run.result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    expectSanitised(run.result.errors);
  });

  it('an unknown failure maps to a masked INTERNAL_SERVER_ERROR', () => {
    const error = toGraphQLError(new Error('secret detail AC123'));
    expect(error.message).toBe('Unexpected error.');
    expect(error.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', retryable: false });
  });

  it('a Twilio 404 maps to NOT_FOUND with sanitised Twilio details only', () => {
    const error = toGraphQLError(
      new TwilioError({
        kind: 'twilio',
        status: 404,
        code: 20404,
        moreInfo: 'https://www.twilio.com/docs/errors/20404',
        message: 'The requested resource /v1/Services/IS1/Conversations/CH1 was not found',
      }),
    );
    expect(error.message).not.toContain('/v1/');
    expect(error.extensions).toEqual({
      code: 'NOT_FOUND',
      retryable: false,
      twilio: { code: 20404, status: 404, moreInfo: 'https://www.twilio.com/docs/errors/20404' },
    });
  });
});

describe('lookups', () => {
  it('a conversation that does not exist is null, not an error', async () => {
    const run = await h.run(WITH_USERS, { serviceSid, sid: `CH${'0'.repeat(32)}` });
    expect(run.result.errors).toBeUndefined();
    expect(run.data.conversation).toBeNull();
  });

  it('a malformed serviceSid is BAD_USER_INPUT naming it, with no request', async () => {
    const run = await h.run(WITH_USERS, { serviceSid: 'IS123', sid });
    expect(run.result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'serviceSid',
    });
    expect(run.served).toHaveLength(0);
  });

  it('giving both sid and uniqueName (or neither) is BAD_USER_INPUT', async () => {
    for (const args of ['sid: "x", uniqueName: "y"', '']) {
      const run = await h.run(`{ conversation(${args || 'serviceSid: null'}) { sid } }`);
      expect(run.result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(run.result.errors?.[0]?.message).toContain('exactly one of `sid` or `uniqueName`');
      expect(run.served).toHaveLength(0);
    }
  });

  it('the default service is used when serviceSid is omitted', async () => {
    const run = await h.run(
      'query ($sid: String!) { conversation(sid: $sid) { serviceSid friendlyName } }',
      { sid },
    );
    expect(run.result.errors).toBeUndefined();
    expect(run.data.conversation).toMatchObject({ serviceSid });
    expect(run.served.map((e) => e.operationId)).toEqual([
      'conversations.v1.FetchConfiguration',
      'conversations.v1.FetchServiceConversation',
    ]);
  });
});
