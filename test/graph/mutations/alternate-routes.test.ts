/**
 * The non-default routes of the write table work with the same Conversations-vocabulary
 * parameters the mutation helpers build: Chat v2/v1 and the Conversations default-service paths
 * receive their own parameter names, and the answers read into the same records (the routing
 * configuration chooses these routes; test/graph/api-routing.test.ts runs them through it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphContext, type GraphContext } from '../../../src/graph/index.js';
import { sendWrite } from '../../../src/graph/mutation/write.js';
import type { WriteApi, WriteFamily } from '../../../src/loaders/index.js';
import { isUserErrors } from '../../../src/graph/mutation/user-errors.js';
import { toMessage, toParticipant, toUser } from '../../../src/loaders/index.js';
import { CallLedger } from '../../../src/twilio/index.js';
import {
  EMPTY_SEED,
  createConversation,
  startMutationHarness,
  type MutationHarness,
} from './support/mutations.js';

let h: MutationHarness;
let conversationSid = '';

beforeAll(async () => {
  h = await startMutationHarness(EMPTY_SEED);
  conversationSid = (await createConversation(h, 'Routes')).sid;
});
afterAll(() => h.close());

function context(): GraphContext {
  return createGraphContext({ client: h.client, ledger: new CallLedger() });
}

async function write(
  family: WriteFamily,
  api: WriteApi,
  params: Record<string, unknown>,
  fields: Record<string, readonly string[]> = {},
) {
  h.emulator.clearRequests();
  const result = await sendWrite(context(), { family, api, params, fields });
  return { result, served: h.emulator.requestLog().requests.map((e) => e.operationId) };
}

describe('alternate write routes', () => {
  it('adds a member and sends a message through Chat v2 and v1', async () => {
    const base = { ChatServiceSid: h.serviceSid, ConversationSid: conversationSid };
    const member = await write('participant.create', 'chat-v2', { ...base, Identity: 'via-chat' });
    expect(member.served).toEqual(['chat.v2.CreateMember']);
    expect(toParticipant(member.result.data, { serviceSid: h.serviceSid })).toMatchObject({
      conversationSid,
      identity: 'via-chat',
    });
    for (const api of ['chat-v2', 'chat-v1'] as const) {
      const sent = await write('message.create', api, { ...base, Author: 'via-chat', Body: api });
      expect(sent.served).toEqual([
        api === 'chat-v2' ? 'chat.v2.CreateMessage' : 'chat.v1.CreateMessage',
      ]);
      expect(toMessage(sent.result.data, { serviceSid: h.serviceSid })).toMatchObject({
        author: 'via-chat',
        body: api,
      });
    }
  });

  it('creates a user on the default-service path (no ChatServiceSid) and updates it through Chat', async () => {
    const created = await write('user.create', 'conversations-default', {
      ChatServiceSid: h.serviceSid,
      Identity: 'default-path',
    });
    expect(created.served).toEqual(['conversations.v1.CreateUser']);
    const user = toUser(created.result.data);
    expect(user).toMatchObject({ serviceSid: h.serviceSid, identity: 'default-path' });
    const updated = await write('user.update', 'chat-v2', {
      ChatServiceSid: h.serviceSid,
      Sid: user.sid,
      FriendlyName: 'Renamed',
    });
    expect(updated.served).toEqual(['chat.v2.UpdateUser']);
    expect(toUser(updated.result.data)).toMatchObject({ friendlyName: 'Renamed' });
  });

  it('rejects a Conversations-only setting on a Chat route, naming its input field, with no request', async () => {
    h.emulator.clearRequests();
    const failure = await sendWrite(context(), {
      family: 'conversation.update',
      api: 'chat-v2',
      params: { ChatServiceSid: h.serviceSid, Sid: conversationSid, State: 'closed' },
      fields: { State: ['state'] },
    }).catch((error: unknown) => error);
    expect(isUserErrors(failure)).toBe(true);
    if (!isUserErrors(failure)) return;
    expect(failure.errors).toEqual([
      expect.objectContaining({ field: ['input', 'state'], code: 'INVALID', twilioCode: null }),
    ]);
    expect(failure.errors[0]?.message).toContain('chat.v2.UpdateChannel');
    expect(h.emulator.requestLog().requests).toEqual([]);
  });

  it("keeps the input field of a registry error on a channel's Type (not the webhook Target)", async () => {
    h.emulator.clearRequests();
    const failure = await sendWrite(context(), {
      family: 'channel.create',
      params: { ChatServiceSid: h.serviceSid, FriendlyName: 'Typed', Type: 'secret' },
      fields: { Type: ['type'] },
    }).catch((error: unknown) => error);
    expect(isUserErrors(failure)).toBe(true);
    if (!isUserErrors(failure)) return;
    expect(failure.errors).toEqual([
      expect.objectContaining({ field: ['input', 'type'], code: 'INVALID' }),
    ]);
    expect(h.emulator.requestLog().requests).toEqual([]);
  });
});
