import { describe, expect, it } from 'vitest';
import { createDomain } from '../../../src/emulator/resources/index.js';
import { ACCOUNT_SID, defaultServiceSid, items, record, text } from './support.js';

describe('one store behind every API', () => {
  it('a conversation created via Conversations is a private channel in Chat v2 and IP Messaging', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    const created = record(domain, 'conversations.v1.CreateConversation', {
      body: { FriendlyName: 'Launch', UniqueName: 'launch', Attributes: '{"x":1}' },
    });
    const path = { ServiceSid: service, Sid: text(created.sid) };
    const chat = record(domain, 'chat.v2.FetchChannel', { path });
    const ipm = record(domain, 'chat.v2.FetchChannel', { path, host: 'ip-messaging' });
    expect(chat).toMatchObject({
      sid: created.sid,
      service_sid: service,
      unique_name: 'launch',
      attributes: '{"x":1}',
      type: 'private',
      created_by: 'system',
    });
    expect(created.chat_service_sid).toBe(service);
    expect('service_sid' in created).toBe(false);
    expect('type' in created).toBe(false);
    expect(text(chat.url)).toBe(
      `http://127.0.0.1:4010/chat/v2/Services/${service}/Channels/${text(created.sid)}`,
    );
    expect(text(ipm.url)).toBe(
      `http://127.0.0.1:4010/ip-messaging/v2/Services/${service}/Channels/${text(created.sid)}`,
    );
    expect(record(domain, 'chat.v1.FetchChannel', { path }).sid).toBe(created.sid);
  });

  it('a Chat message is a Conversations message with from/author and media in each shape', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    const chatMessage = record(domain, 'chat.v2.CreateMessage', {
      path: { ServiceSid: service, ChannelSid: 'general' },
      body: { From: 'alice', Body: 'photo', MediaSid: 'ME00000000000000000000000000000001' },
    });
    const conversationMessage = record(domain, 'conversations.v1.FetchConversationMessage', {
      path: { ConversationSid: 'general', Sid: text(chatMessage.sid) },
    });
    expect(chatMessage).toMatchObject({ from: 'alice', type: 'media' });
    expect(chatMessage.media).toMatchObject({ sid: 'ME00000000000000000000000000000001' });
    expect(conversationMessage).toMatchObject({ author: 'alice', index: chatMessage.index });
    expect(conversationMessage.media).toEqual([
      expect.objectContaining({ sid: 'ME00000000000000000000000000000001' }),
    ]);
    expect(conversationMessage.participant_sid).toMatch(/^MB/);
    expect('chat_service_sid' in conversationMessage).toBe(false);
    const scoped = record(domain, 'conversations.v1.FetchServiceConversationMessage', {
      path: { ChatServiceSid: service, ConversationSid: 'general', Sid: text(chatMessage.sid) },
    });
    expect(scoped.chat_service_sid).toBe(service);
    expect(text(scoped.url)).toContain(`/v1/Services/${service}/Conversations/`);
  });

  it('members are participants with the read horizon under both names', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    const participant = record(domain, 'conversations.v1.CreateConversationParticipant', {
      path: { ConversationSid: 'general' },
      body: { Identity: 'zoe' },
    });
    record(domain, 'conversations.v1.UpdateConversationParticipant', {
      path: { ConversationSid: 'general', Sid: text(participant.sid) },
      body: { LastReadMessageIndex: '4' },
    });
    const member = record(domain, 'chat.v2.FetchMember', {
      path: { ServiceSid: service, ChannelSid: 'general', Sid: 'zoe' },
    });
    expect(member).toMatchObject({ sid: participant.sid, last_consumed_message_index: 4 });
    expect(member.channel_sid).toBe(participant.conversation_sid);
  });

  it('users, roles, credentials and bindings are the same rows in Chat and Conversations', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    const user = record(domain, 'chat.v2.CreateUser', {
      path: { ServiceSid: service },
      body: { Identity: 'walt', FriendlyName: 'Walt' },
    });
    expect(record(domain, 'conversations.v1.FetchUser', { path: { Sid: 'walt' } })).toMatchObject({
      sid: user.sid,
      chat_service_sid: service,
      friendly_name: 'Walt',
    });
    const chatRoles = items(domain, 'chat.v2.ListRole', { path: { ServiceSid: service } });
    const conversationRoles = items(domain, 'conversations.v1.ListRole');
    expect(conversationRoles.map((r) => r.sid)).toEqual(chatRoles.map((r) => r.sid));
    expect(new Set(chatRoles.map((r) => r.type))).toEqual(new Set(['channel', 'deployment']));
    expect(new Set(conversationRoles.map((r) => r.type))).toEqual(
      new Set(['conversation', 'service']),
    );
    const credential = record(domain, 'conversations.v1.CreateCredential', {
      body: { Type: 'apn', Sandbox: 'true' },
    });
    expect(
      record(domain, 'chat.v1.FetchCredential', { path: { Sid: text(credential.sid) } }),
    ).toMatchObject({ type: 'apn', sandbox: 'True' });
    const chatBindings = items(domain, 'chat.v2.ListBinding', { path: { ServiceSid: service } });
    const serviceBindings = items(domain, 'conversations.v1.ListServiceBinding', {
      path: { ChatServiceSid: service },
    });
    expect(serviceBindings.map((b) => b.sid)).toEqual(chatBindings.map((b) => b.sid));
  });

  it('Chat v2 service settings are the Conversations service configuration, notifications and webhooks', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    record(domain, 'chat.v2.UpdateService', {
      path: { Sid: service },
      body: {
        PostWebhookUrl: 'https://hooks.example.com/post',
        WebhookFilters: ['onMessageSent'],
        ReachabilityEnabled: 'true',
        'Notifications.NewMessage.Enabled': 'true',
      },
    });
    const at = { ChatServiceSid: service };
    expect(
      record(domain, 'conversations.v1.FetchServiceWebhookConfiguration', { path: at }),
    ).toMatchObject({
      post_webhook_url: 'https://hooks.example.com/post',
      filters: ['onMessageSent'],
    });
    expect(
      record(domain, 'conversations.v1.FetchServiceConfiguration', { path: at }),
    ).toMatchObject({
      reachability_enabled: true,
    });
    expect(
      record(domain, 'conversations.v1.FetchServiceNotification', { path: at }).new_message,
    ).toMatchObject({ enabled: true });
    record(domain, 'conversations.v1.UpdateServiceConfiguration', {
      path: at,
      body: { ReachabilityEnabled: 'false' },
    });
    expect(
      record(domain, 'chat.v2.FetchService', { path: { Sid: service } }).reachability_enabled,
    ).toBe(false);
  });

  it('a user channel and a user conversation are the same membership row', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    const userChannel = record(domain, 'chat.v2.FetchUserChannel', {
      path: { ServiceSid: service, UserSid: 'alice', ChannelSid: 'general' },
    });
    const userConversation = record(domain, 'conversations.v1.FetchUserConversation', {
      path: { UserSid: 'alice', ConversationSid: 'general' },
    });
    expect(userConversation.participant_sid).toBe(userChannel.member_sid);
    expect(userConversation.conversation_sid).toBe(userChannel.channel_sid);
    expect(userConversation.unread_messages_count).toBe(userChannel.unread_messages_count);
    expect(userConversation.last_read_message_index).toBe(userChannel.last_consumed_message_index);
  });
});
