/**
 * One scenario through the official twilio-node 6 library and its own typed API, redirected to
 * the emulator: Conversations writes, paging as the library does it, the same records seen
 * through Chat v2, Chat v3 turning a public channel into a conversation, and Twilio's errors
 * surfacing as the library's `RestException`.
 */
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { twilioNodeClient } from '../support/twilio-node.js';

const MESSAGES = 120;

let emulator: RunningEmulator;
let client: twilio.Twilio;
let serviceSid: string;
let conversationSid: string;
const participantSids: string[] = [];
const messageSids: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: false, webhooks: false });
  client = twilioNodeClient(emulator);
});

afterAll(async () => {
  await emulator.close();
});

/** Calls of one operation since the last `clearRequests()`. */
const requestsOf = (operationId: string) => emulator.requestLog().byOperation[operationId] ?? 0;

describe('twilio-node 6 against the emulator', () => {
  it('creates a service, a conversation, users and participants, and sends 120 messages', async () => {
    const service = await client.conversations.v1.services.create({ friendlyName: 'Scenario' });
    serviceSid = service.sid;
    const conversations = client.conversations.v1.services(serviceSid).conversations;
    const conversation = await conversations.create({
      friendlyName: 'Launch',
      uniqueName: 'launch',
    });
    conversationSid = conversation.sid;
    expect(conversation.chatServiceSid).toBe(serviceSid);
    await conversations.create({ friendlyName: 'Side topic' });

    for (const identity of ['alice', 'bob']) {
      const user = await client.conversations.v1
        .services(serviceSid)
        .users.create({ identity, friendlyName: identity.toUpperCase() });
      expect(user.identity).toBe(identity);
      const participant = await conversations(conversationSid).participants.create({ identity });
      expect(participant.identity).toBe(identity);
      participantSids.push(participant.sid);
    }

    for (let i = 0; i < MESSAGES; i += 1) {
      const message = await conversations(conversationSid).messages.create({
        author: i % 2 === 0 ? 'alice' : 'bob',
        body: `message ${i}`,
      });
      expect(message.index).toBe(i);
      messageSids.push(message.sid);
    }
  });

  it('lists the 120 messages in order through three pages of 50', async () => {
    emulator.clearRequests();
    const messages = await client.conversations.v1
      .services(serviceSid)
      .conversations(conversationSid)
      .messages.list({ limit: MESSAGES, pageSize: 50 });
    expect(messages.map((m) => m.sid)).toEqual(messageSids);
    expect(messages.map((m) => m.body)).toEqual(messageSids.map((_sid, i) => `message ${i}`));
    expect(requestsOf('conversations.v1.ListServiceConversationMessage')).toBe(3);
    expect(emulator.requestLog().total).toBe(3);
  });

  it('shows the same channel, members and messages through Chat v2', async () => {
    const service = client.chat.v2.services(serviceSid);
    const channel = await service.channels(conversationSid).fetch();
    expect(channel.sid).toBe(conversationSid);
    expect(channel.uniqueName).toBe('launch');
    expect(channel.membersCount).toBe(2);
    expect(channel.messagesCount).toBe(MESSAGES);
    const members = await service.channels(conversationSid).members.list();
    expect(members.map((m) => m.sid).sort()).toEqual([...participantSids].sort());
    expect(members.map((m) => m.identity).sort()).toEqual(['alice', 'bob']);
    const messages = await service.channels(conversationSid).messages.list({ pageSize: 100 });
    expect(messages.map((m) => m.sid)).toEqual(messageSids);
    expect(messages[1]?.from).toBe('bob');
    // Addressed by its unique name, the channel is the same record.
    expect((await service.channels('launch').fetch()).sid).toBe(conversationSid);
  });

  it('makes a public Chat channel private with Chat v3, and it then is a conversation', async () => {
    const publicChannel = await client.chat.v2
      .services(serviceSid)
      .channels.create({ friendlyName: 'Town square', type: 'public' });
    expect(publicChannel.type).toBe('public');
    const conversations = client.conversations.v1.services(serviceSid).conversations;
    // Conversations shows private channels only.
    const before = await conversations.list();
    expect(before.map((c) => c.sid)).not.toContain(publicChannel.sid);

    const updated = await client.chat.v3.channels(serviceSid, publicChannel.sid).update({
      type: 'private',
    });
    expect(updated.sid).toBe(publicChannel.sid);
    expect(updated.type).toBe('private');

    const fetched = await conversations(publicChannel.sid).fetch();
    expect(fetched.sid).toBe(publicChannel.sid);
    expect(fetched.friendlyName).toBe('Town square');
    const after = await conversations.list();
    expect(after.map((c) => c.sid)).toContain(publicChannel.sid);
  });

  it('raises RestException 20404 for a deleted participant', async () => {
    const participants = client.conversations.v1
      .services(serviceSid)
      .conversations(conversationSid).participants;
    const [removed] = participantSids;
    if (removed === undefined) throw new Error('the scenario created no participant');
    await expect(participants(removed).remove()).resolves.toBe(true);
    const failure = await participants(removed)
      .fetch()
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(twilio.RestException);
    expect(failure).toMatchObject({ status: 404, code: 20404 });
  });

  it('answers wrong credentials with 401 and code 20003', async () => {
    const wrong = twilioNodeClient(emulator, 'not-the-auth-token');
    const failure = await wrong.conversations.v1.services.list().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(twilio.RestException);
    expect(failure).toMatchObject({ status: 401, code: 20003 });
  });
});
