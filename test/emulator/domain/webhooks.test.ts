import { describe, expect, it } from 'vitest';
import { createDomain } from '../../../src/emulator/resources/index.js';
import { ACCOUNT_SID, defaultServiceSid, record } from './support.js';

const POST_URL = 'https://hooks.example.com/post';

function withPostWebhook(filters: string[] = []) {
  const domain = createDomain({ accountSid: ACCOUNT_SID });
  const service = defaultServiceSid(domain);
  record(domain, 'conversations.v1.UpdateServiceWebhookConfiguration', {
    path: { ChatServiceSid: service },
    body: {
      PostWebhookUrl: POST_URL,
      Method: 'POST',
      ...(filters.length ? { Filters: filters } : {}),
    },
  });
  return { domain, service };
}

describe('post-event webhooks', () => {
  it('are queued only when the request carries the webhook header', () => {
    const { domain } = withPostWebhook();
    record(domain, 'conversations.v1.CreateConversationMessage', {
      path: { ConversationSid: 'general' },
      body: { Author: 'alice', Body: 'quiet' },
    });
    expect(domain.drainWebhooks()).toEqual([]);
    const message = record(domain, 'conversations.v1.CreateConversationMessage', {
      path: { ConversationSid: 'general' },
      body: { Author: 'alice', Body: 'loud' },
      webhookEnabled: true,
    });
    const [delivery, ...rest] = domain.drainWebhooks();
    expect(rest).toEqual([]);
    expect(delivery).toMatchObject({
      url: POST_URL,
      method: 'POST',
      params: {
        EventType: 'onMessageAdded',
        AccountSid: ACCOUNT_SID,
        ConversationSid: message.conversation_sid,
        MessageSid: message.sid,
        Author: 'alice',
        Body: 'loud',
        Attributes: '{}',
        Index: String(message.index),
        Source: 'API',
        RetryCount: '0',
      },
    });
    expect(domain.drainWebhooks()).toEqual([]);
  });

  it('are not queued when the service has no post-event URL', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    record(domain, 'conversations.v1.CreateConversation', {
      body: { FriendlyName: 'x' },
      webhookEnabled: true,
    });
    expect(domain.drainWebhooks()).toEqual([]);
  });

  it('speak Chat event names when the write came through Chat, set through the Chat service', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    record(domain, 'chat.v2.UpdateService', {
      path: { Sid: service },
      body: { PostWebhookUrl: POST_URL, WebhookMethod: 'GET' },
    });
    record(domain, 'chat.v2.CreateMessage', {
      path: { ServiceSid: service, ChannelSid: 'general' },
      body: { From: 'bob', Body: 'hi' },
      webhookEnabled: true,
    });
    const [delivery] = domain.drainWebhooks();
    expect(delivery).toMatchObject({
      method: 'GET',
      params: { EventType: 'onMessageSent', From: 'bob', ServiceSid: service },
    });
  });

  it('honour the service filters', () => {
    const { domain } = withPostWebhook(['onParticipantAdded']);
    record(domain, 'conversations.v1.CreateConversationMessage', {
      path: { ConversationSid: 'general' },
      body: { Body: 'filtered out' },
      webhookEnabled: true,
    });
    record(domain, 'conversations.v1.CreateConversationParticipant', {
      path: { ConversationSid: 'general' },
      body: { Identity: 'newcomer' },
      webhookEnabled: true,
    });
    expect(domain.drainWebhooks().map((d) => d.params.EventType)).toEqual(['onParticipantAdded']);
  });

  it('conversation-scoped webhooks receive their filtered events too', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    record(domain, 'conversations.v1.CreateConversationScopedWebhook', {
      path: { ConversationSid: 'general' },
      body: {
        Target: 'webhook',
        'Configuration.Url': 'https://hooks.example.com/scoped',
        'Configuration.Method': 'get',
        'Configuration.Filters': ['onMessageAdded'],
      },
    });
    record(domain, 'conversations.v1.CreateConversationMessage', {
      path: { ConversationSid: 'general' },
      body: { Body: 'scoped' },
      webhookEnabled: true,
    });
    expect(domain.drainWebhooks()).toEqual([
      expect.objectContaining({ url: 'https://hooks.example.com/scoped', method: 'GET' }),
    ]);
  });
});

describe('Chat v1 per-event webhooks', () => {
  it('a Webhooks.OnMemberAdded.Url receives that event from Chat writes', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    record(domain, 'chat.v1.UpdateService', {
      path: { Sid: service },
      body: { 'Webhooks.OnMemberAdded.Url': 'https://hooks.example.com/member-added' },
    });
    record(domain, 'chat.v2.CreateMember', {
      path: { ServiceSid: service, ChannelSid: 'general' },
      body: { Identity: 'newcomer' },
      webhookEnabled: true,
    });
    expect(domain.drainWebhooks()).toEqual([
      expect.objectContaining({
        url: 'https://hooks.example.com/member-added',
        params: expect.objectContaining({ EventType: 'onMemberAdded', Identity: 'newcomer' }),
      }),
    ]);
  });
});
