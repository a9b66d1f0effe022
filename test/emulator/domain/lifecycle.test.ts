import { describe, expect, it } from 'vitest';
import { createDomain } from '../../../src/emulator/resources/index.js';
import {
  ACCOUNT_SID,
  call,
  defaultServiceSid,
  errorOf,
  failure,
  items,
  ManualClock,
  record,
  text,
} from './support.js';

const MINUTE = 60_000;

describe('deletes cascade', () => {
  it('deleting a conversation removes its participants, messages, webhooks, invites and memberships', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    const channel = record(domain, 'chat.v2.FetchChannel', {
      path: { ServiceSid: service, Sid: 'general' },
    });
    const inChannel = { ServiceSid: service, ChannelSid: text(channel.sid) };
    const message = items(domain, 'chat.v2.ListMessage', { path: inChannel })[0];
    const invite = record(domain, 'chat.v2.CreateInvite', {
      path: inChannel,
      body: { Identity: 'zed' },
    });
    const before = record(domain, 'chat.v2.FetchUser', {
      path: { ServiceSid: service, Sid: 'alice' },
    });
    call(domain, 'conversations.v1.DeleteConversation', { path: { Sid: 'general' } });
    expect(
      errorOf(
        failure(domain, 'chat.v2.FetchChannel', { path: { ServiceSid: service, Sid: 'general' } }),
      ).status,
    ).toBe(404);
    expect(
      errorOf(
        failure(domain, 'chat.v2.FetchMessage', {
          path: { ...inChannel, Sid: text(message?.sid) },
        }),
      ).status,
    ).toBe(404);
    expect(
      errorOf(
        failure(domain, 'chat.v2.FetchInvite', { path: { ...inChannel, Sid: text(invite.sid) } }),
      ).status,
    ).toBe(404);
    const after = record(domain, 'chat.v2.FetchUser', {
      path: { ServiceSid: service, Sid: 'alice' },
    });
    expect(after.joined_channels_count).toBe(Number(before.joined_channels_count) - 1);
    expect(
      items(domain, 'conversations.v1.ListUserConversation', { path: { UserSid: 'alice' } }).map(
        (row) => row.conversation_sid,
      ),
    ).not.toContain(channel.sid);
  });

  it('deleting a user removes its participants and memberships', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const general = record(domain, 'conversations.v1.FetchConversation', {
      path: { Sid: 'general' },
    });
    const before = items(domain, 'conversations.v1.ListConversationParticipant', {
      path: { ConversationSid: 'general' },
    });
    expect(before.map((p) => p.identity)).toContain('alice');
    call(domain, 'conversations.v1.DeleteUser', { path: { Sid: 'alice' } });
    const after = items(domain, 'conversations.v1.ListConversationParticipant', {
      path: { ConversationSid: text(general.sid) },
    });
    expect(after.map((p) => p.identity)).not.toContain('alice');
    expect(after).toHaveLength(before.length - 1);
  });

  it('deleting a service removes everything under it', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    const channel = text(
      record(domain, 'chat.v2.FetchChannel', { path: { ServiceSid: service, Sid: 'general' } }).sid,
    );
    call(domain, 'chat.v1.DeleteService', { path: { Sid: service } });
    expect(items(domain, 'conversations.v1.ListService')).toHaveLength(0);
    expect(
      errorOf(
        failure(domain, 'chat.v2.FetchChannel', { path: { ServiceSid: service, Sid: channel } }),
      ).status,
    ).toBe(404);
    expect(
      record(domain, 'conversations.v1.FetchConfiguration').default_chat_service_sid,
    ).toBeNull();
  });
});

describe('conversation state and timers', () => {
  it('a closed conversation rejects updates, messages and participants with 50377', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    record(domain, 'conversations.v1.UpdateConversation', {
      path: { Sid: 'general' },
      body: { State: 'closed' },
    });
    for (const [id, options] of [
      [
        'conversations.v1.UpdateConversation',
        { path: { Sid: 'general' }, body: { State: 'active' } },
      ],
      [
        'conversations.v1.CreateConversationMessage',
        { path: { ConversationSid: 'general' }, body: { Body: 'late' } },
      ],
      [
        'conversations.v1.CreateConversationParticipant',
        { path: { ConversationSid: 'general' }, body: { Identity: 'late' } },
      ],
    ] as const) {
      expect(errorOf(failure(domain, id, options))).toMatchObject({ status: 400, code: 50377 });
    }
  });

  it('State moves between active and inactive and is filterable', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const updated = record(domain, 'conversations.v1.UpdateConversation', {
      path: { Sid: 'support' },
      body: { State: 'inactive' },
    });
    expect(updated.state).toBe('inactive');
    const inactive = items(domain, 'conversations.v1.ListConversation', {
      query: { State: 'inactive' },
    });
    expect(inactive.map((c) => c.sid)).toEqual([updated.sid]);
    expect(
      record(domain, 'conversations.v1.UpdateConversation', {
        path: { Sid: 'support' },
        body: { State: 'active' },
      }).state,
    ).toBe('active');
  });

  it('timers render as absolute instants from the time of the write', () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1, 10, 0, 0));
    const domain = createDomain({ accountSid: ACCOUNT_SID, now: clock.now });
    const created = record(domain, 'conversations.v1.CreateConversation', {
      body: { State: 'active', 'Timers.Inactive': 'PT5M', 'Timers.Closed': 'P1D' },
    });
    expect(created.timers).toEqual({
      date_inactive: '2025-01-01T10:05:00Z',
      date_closed: '2025-01-02T10:00:00Z',
    });
    expect(created.date_created).toBe('2025-01-01T10:00:00Z');
  });

  it('elapsed timers move the conversation to inactive, then closed', () => {
    const clock = new ManualClock();
    const domain = createDomain({ accountSid: ACCOUNT_SID, now: clock.now });
    const created = record(domain, 'conversations.v1.CreateConversation', {
      body: { State: 'active', 'Timers.Inactive': 'PT1M', 'Timers.Closed': 'PT10M' },
    });
    const path = { Sid: text(created.sid) };
    clock.advance(2 * MINUTE);
    expect(record(domain, 'conversations.v1.FetchConversation', { path }).state).toBe('inactive');
    clock.advance(10 * MINUTE);
    expect(record(domain, 'conversations.v1.FetchConversation', { path })).toMatchObject({
      state: 'closed',
      timers: {},
    });
  });

  it('timers without State on create are rejected with 50382', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    expect(
      errorOf(
        failure(domain, 'conversations.v1.CreateConversation', {
          body: { 'Timers.Closed': 'PT1H' },
        }),
      ),
    ).toMatchObject({ status: 400, code: 50382 });
  });

  it('a timer that is not an ISO 8601 duration is rejected with 50380', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    for (const value of ['10 minutes', 'PT', 'P1X']) {
      expect(
        errorOf(
          failure(domain, 'conversations.v1.UpdateConversation', {
            path: { Sid: 'general' },
            body: { 'Timers.Closed': value },
          }),
        ),
      ).toMatchObject({ status: 400, code: 50380 });
    }
  });

  it('timers shorter than the minimum (1 minute inactive, 10 minutes closed) are rejected', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const error = errorOf(
      failure(domain, 'conversations.v1.UpdateConversation', {
        path: { Sid: 'general' },
        body: { 'Timers.Closed': 'PT5M' },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toContain('Timers.Closed');
  });
});
