import { describe, expect, it } from 'vitest';
import { createDomain } from '../../../src/emulator/resources/index.js';
import {
  ACCOUNT_SID,
  defaultServiceSid,
  errorOf,
  failure,
  items,
  record,
  text,
} from './support.js';

function withPublicChannel() {
  const domain = createDomain({ accountSid: ACCOUNT_SID });
  const service = defaultServiceSid(domain);
  const channel = record(domain, 'chat.v2.CreateChannel', {
    path: { ServiceSid: service },
    body: { FriendlyName: 'Town hall', UniqueName: 'town-hall', Type: 'public' },
  });
  record(domain, 'chat.v2.CreateMember', {
    path: { ServiceSid: service, ChannelSid: 'town-hall' },
    body: { Identity: 'alice' },
  });
  return { domain, service, sid: text(channel.sid) };
}

const conversationSids = (domain: ReturnType<typeof createDomain>, id: string, options = {}) =>
  items(domain, id, options).map((item) => item.conversation_sid ?? item.sid);

describe('public channels and Conversations', () => {
  it('a public channel is invisible to Conversations: fetch 404, absent from every list', () => {
    const { domain, service, sid } = withPublicChannel();
    expect(
      errorOf(failure(domain, 'conversations.v1.FetchConversation', { path: { Sid: sid } })),
    ).toMatchObject({ status: 404, code: 20404 });
    expect(
      errorOf(
        failure(domain, 'conversations.v1.FetchServiceConversation', {
          path: { ChatServiceSid: service, Sid: 'town-hall' },
        }),
      ).status,
    ).toBe(404);
    expect(conversationSids(domain, 'conversations.v1.ListConversation')).not.toContain(sid);
    expect(
      conversationSids(domain, 'conversations.v1.ListParticipantConversation', {
        query: { Identity: 'alice' },
      }),
    ).not.toContain(sid);
    expect(
      conversationSids(domain, 'conversations.v1.ListUserConversation', {
        path: { UserSid: 'alice' },
      }),
    ).not.toContain(sid);
    expect(
      errorOf(
        failure(domain, 'conversations.v1.ListConversationMessage', {
          path: { ConversationSid: sid },
        }),
      ).status,
    ).toBe(404);
  });

  it('Chat v3 Type=private makes the channel a visible conversation everywhere', () => {
    const { domain, service, sid } = withPublicChannel();
    const updated = record(domain, 'chat.v3.UpdateChannel', {
      path: { ServiceSid: service, Sid: sid },
      body: { Type: 'private', MessagingServiceSid: 'MG00000000000000000000000000000001' },
    });
    expect(updated).toMatchObject({
      type: 'private',
      messaging_service_sid: 'MG00000000000000000000000000000001',
    });
    expect(
      record(domain, 'conversations.v1.FetchConversation', { path: { Sid: sid } }),
    ).toMatchObject({ sid, messaging_service_sid: 'MG00000000000000000000000000000001' });
    expect(conversationSids(domain, 'conversations.v1.ListConversation')).toContain(sid);
    expect(
      conversationSids(domain, 'conversations.v1.ListParticipantConversation', {
        query: { Identity: 'alice' },
      }),
    ).toContain(sid);
    expect(
      conversationSids(domain, 'conversations.v1.ListUserConversation', {
        path: { UserSid: 'alice' },
      }),
    ).toContain(sid);
  });

  it('the seeded public channels show in Chat but not in Conversations', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    const publicSids = items(domain, 'chat.v2.ListChannel', {
      path: { ServiceSid: service },
      query: { Type: 'public' },
    }).map((c) => c.sid);
    expect(publicSids).toHaveLength(2);
    const conversations = conversationSids(domain, 'conversations.v1.ListConversation');
    expect(conversations).toHaveLength(6);
    for (const sid of publicSids) expect(conversations).not.toContain(sid);
  });
});
