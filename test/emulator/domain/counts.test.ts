import { describe, expect, it } from 'vitest';
import { createDomain } from '../../../src/emulator/resources/index.js';
import { ACCOUNT_SID, call, items, record, text } from './support.js';

/** An empty store with one service set as the account's default. */
function emptyDomain() {
  const domain = createDomain({ accountSid: ACCOUNT_SID, seed: false });
  const service = text(
    record(domain, 'chat.v2.CreateService', { body: { FriendlyName: 'S' } }).sid,
  );
  record(domain, 'conversations.v1.UpdateConfiguration', {
    body: { DefaultChatServiceSid: service },
  });
  return { domain, service };
}

function addMessages(
  domain: ReturnType<typeof createDomain>,
  conversation: string,
  count: number,
): void {
  for (let i = 0; i < count; i += 1) {
    record(domain, 'conversations.v1.CreateConversationMessage', {
      path: { ConversationSid: conversation },
      body: { Author: 'system', Body: `message ${i}` },
    });
  }
}

describe('derived counts', () => {
  it('members_count and messages_count follow adds and deletes from either API', () => {
    const { domain, service } = emptyDomain();
    record(domain, 'conversations.v1.CreateConversation', { body: { UniqueName: 'room' } });
    const path = { ServiceSid: service, Sid: 'room' };
    const ann = record(domain, 'conversations.v1.CreateConversationParticipant', {
      path: { ConversationSid: 'room' },
      body: { Identity: 'ann' },
    });
    record(domain, 'chat.v2.CreateMember', {
      path: { ServiceSid: service, ChannelSid: 'room' },
      body: { Identity: 'ben' },
    });
    addMessages(domain, 'room', 3);
    expect(record(domain, 'chat.v2.FetchChannel', { path })).toMatchObject({
      members_count: 2,
      messages_count: 3,
    });
    call(domain, 'conversations.v1.DeleteConversationParticipant', {
      path: { ConversationSid: 'room', Sid: text(ann.sid) },
    });
    const first = items(domain, 'chat.v1.ListMessage', {
      path: {
        ServiceSid: service,
        ChannelSid: text(record(domain, 'chat.v2.FetchChannel', { path }).sid),
      },
    })[0];
    call(domain, 'chat.v2.DeleteMessage', {
      path: { ServiceSid: service, ChannelSid: 'room', Sid: text(first?.sid) },
    });
    expect(record(domain, 'chat.v1.FetchChannel', { path })).toMatchObject({
      members_count: 1,
      messages_count: 2,
    });
  });

  it('joined_channels_count counts the user memberships, public channels included', () => {
    const { domain, service } = emptyDomain();
    const at = { ServiceSid: service };
    record(domain, 'chat.v2.CreateChannel', {
      path: at,
      body: { UniqueName: 'pub', Type: 'public' },
    });
    record(domain, 'chat.v2.CreateChannel', {
      path: at,
      body: { UniqueName: 'priv', Type: 'private' },
    });
    for (const channel of ['pub', 'priv']) {
      record(domain, 'chat.v2.CreateMember', {
        path: { ...at, ChannelSid: channel },
        body: { Identity: 'cat' },
      });
    }
    const user = record(domain, 'chat.v1.FetchUser', { path: { ...at, Sid: 'cat' } });
    expect(user.joined_channels_count).toBe(2);
    const userSid = text(user.sid);
    expect(
      items(domain, 'chat.v1.ListUserChannel', { path: { ...at, UserSid: userSid } }),
    ).toHaveLength(2);
    expect(
      items(domain, 'chat.v2.ListUserChannel', { path: { ...at, UserSid: 'cat' } }),
    ).toHaveLength(2);
    expect(
      items(domain, 'conversations.v1.ListUserConversation', { path: { UserSid: 'cat' } }),
    ).toHaveLength(1);
  });

  it('unread_messages_count counts the messages after the read horizon', () => {
    const { domain, service } = emptyDomain();
    record(domain, 'conversations.v1.CreateConversation', { body: { UniqueName: 'room' } });
    const dan = record(domain, 'conversations.v1.CreateConversationParticipant', {
      path: { ConversationSid: 'room' },
      body: { Identity: 'dan' },
    });
    addMessages(domain, 'room', 5);
    record(domain, 'conversations.v1.UpdateConversationParticipant', {
      path: { ConversationSid: 'room', Sid: text(dan.sid) },
      body: { LastReadMessageIndex: '1' },
    });
    const row = { UserSid: 'dan', ConversationSid: 'room' };
    expect(record(domain, 'conversations.v1.FetchUserConversation', { path: row })).toMatchObject({
      unread_messages_count: 3,
      last_read_message_index: 1,
    });
    record(domain, 'chat.v2.UpdateUserChannel', {
      path: { ServiceSid: service, UserSid: 'dan', ChannelSid: 'room' },
      body: { LastConsumedMessageIndex: '4' },
    });
    expect(record(domain, 'conversations.v1.FetchUserConversation', { path: row })).toMatchObject({
      unread_messages_count: 0,
    });
  });

  it('a null read horizon means nothing was read: every message is unread in both APIs', () => {
    const { domain, service } = emptyDomain();
    record(domain, 'conversations.v1.CreateConversation', { body: { UniqueName: 'room' } });
    record(domain, 'conversations.v1.CreateConversationParticipant', {
      path: { ConversationSid: 'room' },
      body: { Identity: 'eve' },
    });
    addMessages(domain, 'room', 4);
    const userConversation = record(domain, 'conversations.v1.FetchUserConversation', {
      path: { UserSid: 'eve', ConversationSid: 'room' },
    });
    const userChannel = record(domain, 'chat.v2.FetchUserChannel', {
      path: { ServiceSid: service, UserSid: 'eve', ChannelSid: 'room' },
    });
    expect(userConversation).toMatchObject({
      last_read_message_index: null,
      unread_messages_count: 4,
    });
    expect(userChannel).toMatchObject({
      last_consumed_message_index: null,
      unread_messages_count: 4,
    });
  });

  it('the seed leaves unread messages for most members', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const rows = items(domain, 'conversations.v1.ListUserConversation', {
      path: { UserSid: 'bob' },
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => Number(row.unread_messages_count) > 0)).toBe(true);
  });
});
