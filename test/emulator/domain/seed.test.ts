import { describe, expect, it } from 'vitest';
import { createDomain } from '../../../src/emulator/resources/index.js';
import { ACCOUNT_SID, defaultServiceSid, items, record } from './support.js';

function snapshot(domain: ReturnType<typeof createDomain>) {
  const service = defaultServiceSid(domain);
  return {
    services: items(domain, 'conversations.v1.ListService'),
    channels: items(domain, 'chat.v2.ListChannel', { path: { ServiceSid: service } }),
    users: items(domain, 'conversations.v1.ListUser'),
    messages: items(domain, 'conversations.v1.ListConversationMessage', {
      path: { ConversationSid: 'general' },
    }),
  };
}

describe('seed data', () => {
  it('is deterministic: two domains with the same seed are identical', () => {
    const a = createDomain({ accountSid: ACCOUNT_SID });
    const b = createDomain({ accountSid: ACCOUNT_SID });
    expect(snapshot(b)).toEqual(snapshot(a));
  });

  it('a different seed string gives different SIDs', () => {
    const a = createDomain({ accountSid: ACCOUNT_SID, seed: { seed: 'one' } });
    const b = createDomain({ accountSid: ACCOUNT_SID, seed: { seed: 'two' } });
    expect(defaultServiceSid(a)).not.toBe(defaultServiceSid(b));
  });

  it('defaults: 1 service, 10 users, 6 private conversations of 3-5 with 30 messages, 2 public channels', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    expect(items(domain, 'chat.v2.ListService')).toHaveLength(1);
    expect(
      items(domain, 'conversations.v1.ListUser')
        .map((u) => u.identity)
        .slice(0, 3),
    ).toEqual(['alice', 'bob', 'carol']);
    expect(items(domain, 'chat.v2.ListUser', { path: { ServiceSid: service } })).toHaveLength(10);
    const channels = items(domain, 'chat.v2.ListChannel', { path: { ServiceSid: service } });
    const priv = channels.filter((c) => c.type === 'private');
    expect(priv).toHaveLength(6);
    expect(channels.filter((c) => c.type === 'public')).toHaveLength(2);
    for (const channel of priv) {
      expect(channel.messages_count).toBe(30);
      expect(Number(channel.members_count)).toBeGreaterThanOrEqual(3);
      expect(Number(channel.members_count)).toBeLessThanOrEqual(6);
    }
    expect(items(domain, 'chat.v2.ListRole', { path: { ServiceSid: service } })).toHaveLength(4);
  });

  it('sizes follow the options, e.g. 50 conversations of 50 participants', () => {
    const domain = createDomain({
      accountSid: ACCOUNT_SID,
      seed: {
        conversationsPerService: 50,
        participantsPerConversation: 50,
        messagesPerConversation: 120,
      },
    });
    const conversations = items(domain, 'conversations.v1.ListConversation');
    expect(conversations).toHaveLength(50);
    const participants = items(domain, 'conversations.v1.ListConversationParticipant', {
      path: { ConversationSid: String(conversations[49]?.sid) },
    });
    expect(participants.filter((p) => p.identity !== null)).toHaveLength(50);
    expect(
      items(domain, 'conversations.v1.ListConversationMessage', {
        path: { ConversationSid: String(conversations[0]?.sid) },
      }),
    ).toHaveLength(120);
  });

  it('reset() restores the seed and drops later writes', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const before = snapshot(domain);
    record(domain, 'conversations.v1.CreateConversation', { body: { UniqueName: 'scratch' } });
    record(domain, 'conversations.v1.CreateUser', { body: { Identity: 'temp' } });
    domain.reset();
    expect(snapshot(domain)).toEqual(before);
  });

  it('seed: false starts empty', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID, seed: false });
    expect(items(domain, 'chat.v2.ListService')).toHaveLength(0);
    expect(items(domain, 'chat.v2.ListCredential')).toHaveLength(0);
  });
});
