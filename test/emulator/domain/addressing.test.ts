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

const CH_LIKE = 'CH0123456789abcdef0123456789abcdef';
const US_LIKE = 'US0123456789abcdef0123456789abcdef';

describe('addressing by friendly keys', () => {
  it('channels and conversations by unique name, users by identity, members by identity (Chat v2)', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    const at = { ServiceSid: service };
    const channel = record(domain, 'chat.v2.FetchChannel', { path: { ...at, Sid: 'general' } });
    expect(
      record(domain, 'conversations.v1.FetchConversation', { path: { Sid: 'general' } }).sid,
    ).toBe(channel.sid);
    const alice = record(domain, 'chat.v1.FetchUser', { path: { ...at, Sid: 'alice' } });
    expect(record(domain, 'conversations.v1.FetchUser', { path: { Sid: 'alice' } }).sid).toBe(
      alice.sid,
    );
    const member = record(domain, 'chat.v2.FetchMember', {
      path: { ...at, ChannelSid: 'general', Sid: 'alice' },
    });
    expect(member.identity).toBe('alice');
    expect(
      record(domain, 'conversations.v1.FetchServiceUserConversation', {
        path: { ChatServiceSid: service, UserSid: 'alice', ConversationSid: 'general' },
      }).participant_sid,
    ).toBe(member.sid);
  });

  it('where the API takes SIDs only, a friendly key is a 404', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    expect(
      errorOf(
        failure(domain, 'chat.v1.FetchMember', {
          path: { ServiceSid: service, ChannelSid: 'general', Sid: 'alice' },
        }),
      ).status,
    ).toBe(404);
    expect(
      errorOf(
        failure(domain, 'chat.v1.ListUserChannel', {
          path: { ServiceSid: service, UserSid: 'alice' },
        }),
      ).status,
    ).toBe(404);
    expect(
      errorOf(
        failure(domain, 'conversations.v1.FetchConversationParticipant', {
          path: { ConversationSid: 'general', Sid: 'alice' },
        }),
      ).status,
    ).toBe(404);
  });

  it('an address configuration by its address', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const found = record(domain, 'conversations.v1.FetchConfigurationAddress', {
      path: { Sid: '+15005550006' },
    });
    expect(found.sid).toMatch(/^IG[0-9a-f]{32}$/);
  });

  it('a 404 names the requested path without the version, as Twilio does', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    expect(
      errorOf(
        failure(domain, 'chat.v2.FetchChannel', { path: { ServiceSid: service, Sid: 'ciao' } }),
      ),
    ).toEqual({
      status: 404,
      code: 20404,
      message: `The requested resource /Services/${service}/Channels/ciao was not found`,
    });
  });
});

describe('guards and duplicates', () => {
  it('a unique name shaped like a CH sid is rejected (50306 Chat, 50390 Conversations)', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    expect(
      errorOf(
        failure(domain, 'chat.v2.CreateChannel', {
          path: { ServiceSid: service },
          body: { UniqueName: CH_LIKE },
        }),
      ),
    ).toMatchObject({ status: 400, code: 50306 });
    expect(
      errorOf(
        failure(domain, 'conversations.v1.CreateConversation', { body: { UniqueName: CH_LIKE } }),
      ),
    ).toMatchObject({ status: 400, code: 50390 });
  });

  it('a taken unique name is a 409 (50307 Chat, 50353 Conversations)', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    expect(
      errorOf(
        failure(domain, 'chat.v1.CreateChannel', {
          path: { ServiceSid: service },
          body: { UniqueName: 'general' },
        }),
      ),
    ).toMatchObject({ status: 409, code: 50307 });
    expect(
      errorOf(
        failure(domain, 'conversations.v1.UpdateConversation', {
          path: { Sid: 'support' },
          body: { UniqueName: 'general' },
        }),
      ),
    ).toMatchObject({ status: 409, code: 50353 });
  });

  it('a user identity is unique (50201) and may not look like a US sid (50206)', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    expect(
      errorOf(failure(domain, 'conversations.v1.CreateUser', { body: { Identity: 'alice' } })),
    ).toMatchObject({ status: 409, code: 50201 });
    expect(
      errorOf(failure(domain, 'conversations.v1.CreateUser', { body: { Identity: US_LIKE } })),
    ).toMatchObject({ status: 400, code: 50206 });
  });

  it('an identity joins a channel once (50404 member, 50433 participant)', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    expect(
      errorOf(
        failure(domain, 'chat.v2.CreateMember', {
          path: { ServiceSid: service, ChannelSid: 'general' },
          body: { Identity: 'alice' },
        }),
      ),
    ).toMatchObject({ status: 409, code: 50404 });
    expect(
      errorOf(
        failure(domain, 'conversations.v1.CreateConversationParticipant', {
          path: { ConversationSid: 'general' },
          body: { Identity: 'alice' },
        }),
      ),
    ).toMatchObject({ status: 409, code: 50433 });
  });

  it('Limits.ChannelMembers on the Chat service caps participants (50417)', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    const current = items(domain, 'conversations.v1.ListConversationParticipant', {
      path: { ConversationSid: 'general' },
    }).length;
    record(domain, 'chat.v2.UpdateService', {
      path: { Sid: service },
      body: { 'Limits.ChannelMembers': String(current) },
    });
    expect(
      errorOf(
        failure(domain, 'conversations.v1.CreateConversationParticipant', {
          path: { ConversationSid: 'general' },
          body: { Identity: 'one-too-many' },
        }),
      ),
    ).toMatchObject({ status: 400, code: 50417 });
  });

  it('Attributes that are not JSON are a 400 with 50304', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const error = errorOf(
      failure(domain, 'conversations.v1.UpdateConversation', {
        path: { Sid: 'general' },
        body: { Attributes: '{not json' },
      }),
    );
    expect(error).toMatchObject({ status: 400, code: 50304 });
    expect(error.message).toContain('Attributes');
  });

  it('an identity is invited to a channel once (50212)', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const path = { ServiceSid: defaultServiceSid(domain), ChannelSid: 'general' };
    record(domain, 'chat.v1.CreateInvite', { path, body: { Identity: 'guest' } });
    expect(
      errorOf(failure(domain, 'chat.v1.CreateInvite', { path, body: { Identity: 'guest' } })),
    ).toMatchObject({ status: 409, code: 50212 });
  });

  it('a participant with both an identity and an address is rejected (50211)', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    expect(
      errorOf(
        failure(domain, 'conversations.v1.CreateConversationParticipant', {
          path: { ConversationSid: 'general' },
          body: { Identity: 'both', 'MessagingBinding.Address': '+15550003333' },
        }),
      ),
    ).toMatchObject({ status: 400, code: 50211 });
  });

  it('a participant needs an identity or an address; addresses are unique per proxy', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    expect(
      errorOf(
        failure(domain, 'conversations.v1.CreateConversationParticipant', {
          path: { ConversationSid: 'general' },
          body: {},
        }),
      ).status,
    ).toBe(400);
    const body = {
      'MessagingBinding.Address': '+15550001111',
      'MessagingBinding.ProxyAddress': '+15005550006',
    };
    const sms = record(domain, 'conversations.v1.CreateConversationParticipant', {
      path: { ConversationSid: 'general' },
      body,
    });
    expect(sms).toMatchObject({
      identity: null,
      messaging_binding: { type: 'sms', address: '+15550001111', proxy_address: '+15005550006' },
    });
    expect(
      errorOf(
        failure(domain, 'conversations.v1.CreateConversationParticipant', {
          path: { ConversationSid: 'general' },
          body,
        }),
      ).status,
    ).toBe(409);
    const found = items(domain, 'conversations.v1.ListParticipantConversation', {
      query: { Address: '+15550001111' },
    });
    expect(found.map((row) => row.participant_sid)).toEqual([text(sms.sid)]);
  });

  it('ConversationWithParticipants creates all or nothing, at most 10 participants', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const before = items(domain, 'conversations.v1.ListConversation').length;
    const created = record(domain, 'conversations.v1.CreateConversationWithParticipants', {
      body: {
        FriendlyName: 'Trio',
        Participant: [
          '{"identity":"alice"}',
          '{"identity":"bob"}',
          '{"messaging_binding":{"address":"+15550002222"}}',
        ],
      },
    });
    expect(
      items(domain, 'conversations.v1.ListConversationParticipant', {
        path: { ConversationSid: text(created.sid) },
      }),
    ).toHaveLength(3);
    const tooMany = Array.from({ length: 11 }, (_, i) => JSON.stringify({ identity: `p${i}` }));
    expect(
      errorOf(
        failure(domain, 'conversations.v1.CreateConversationWithParticipants', {
          body: { Participant: tooMany },
        }),
      ),
    ).toMatchObject({ status: 400, code: 50426 });
    expect(
      failure(domain, 'conversations.v1.CreateConversationWithParticipants', {
        body: { UniqueName: 'dup', Participant: ['{"identity":"x"}', '{"identity":"x"}'] },
      }),
    ).toBeDefined();
    expect(items(domain, 'conversations.v1.ListConversation')).toHaveLength(before + 1);
  });
});
