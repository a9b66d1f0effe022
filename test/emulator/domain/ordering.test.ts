import { describe, expect, it } from 'vitest';
import { createDomain } from '../../../src/emulator/resources/index.js';
import {
  ACCOUNT_SID,
  call,
  defaultServiceSid,
  items,
  keysOf,
  listOf,
  ManualClock,
  record,
  renderAll,
  text,
} from './support.js';

describe('ordering and filters', () => {
  it('messages list by index ascending by default and descending with Order=desc', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const asc = items(domain, 'conversations.v1.ListConversationMessage', {
      path: { ConversationSid: 'general' },
    }).map((m) => Number(m.index));
    const desc = items(domain, 'conversations.v1.ListConversationMessage', {
      path: { ConversationSid: 'general' },
      query: { Order: 'desc' },
    }).map((m) => Number(m.index));
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(desc).toEqual([...asc].reverse());
  });

  it('message indexes keep increasing after deletes (gaps are allowed)', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const path = { ConversationSid: 'general' };
    const last = items(domain, 'conversations.v1.ListConversationMessage', {
      path,
      query: { Order: 'desc' },
    })[0];
    call(domain, 'conversations.v1.DeleteConversationMessage', {
      path: { ...path, Sid: text(last?.sid) },
    });
    const next = record(domain, 'conversations.v1.CreateConversationMessage', {
      path,
      body: { Body: 'after delete' },
    });
    expect(next.index).toBe(Number(last?.index) + 1);
  });

  it('other lists follow creation time then sid, and key items by sid', () => {
    const clock = new ManualClock();
    const domain = createDomain({ accountSid: ACCOUNT_SID, now: clock.now });
    const made: string[] = [];
    for (const name of ['c', 'a', 'b']) {
      clock.advance(1000);
      made.push(
        text(
          record(domain, 'conversations.v1.CreateConversation', { body: { FriendlyName: name } })
            .sid,
        ),
      );
    }
    const result = listOf(call(domain, 'conversations.v1.ListConversation'));
    const sids = renderAll(result).map((c) => c.sid);
    expect(sids.slice(-3)).toEqual(made);
    expect(keysOf(result)).toEqual(sids);
  });

  it('keeps list order across creates, deletes and a rewritten DateCreated', () => {
    const clock = new ManualClock();
    const domain = createDomain({ accountSid: ACCOUNT_SID, seed: false, now: clock.now });
    const create = (name: string) => {
      clock.advance(1000);
      return text(
        record(domain, 'conversations.v1.CreateConversation', { body: { FriendlyName: name } }).sid,
      );
    };
    const sids = () => items(domain, 'conversations.v1.ListConversation').map((c) => c.sid);
    const [a, b, c] = [create('a'), create('b'), create('c')];
    expect(sids()).toEqual([a, b, c]);
    // The store keeps the ordered collection between requests: each change must show.
    const d = create('d');
    call(domain, 'conversations.v1.DeleteConversation', { path: { Sid: b } });
    expect(sids()).toEqual([a, c, d]);
    record(domain, 'conversations.v1.UpdateConversation', {
      path: { Sid: a },
      body: { DateCreated: new Date(clock.ms + 60_000).toISOString() },
    });
    expect(sids()).toEqual([c, d, a]);
  });

  it('membership rows are keyed by conversation sid', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const result = listOf(
      call(domain, 'conversations.v1.ListUserConversation', { path: { UserSid: 'alice' } }),
    );
    expect(keysOf(result)).toEqual(renderAll(result).map((r) => r.conversation_sid));
  });

  it('StartDate / EndDate filter on creation date, inclusive, a bare EndDate covering its day', () => {
    const clock = new ManualClock(Date.UTC(2030, 2, 10, 12, 0, 0));
    const domain = createDomain({ accountSid: ACCOUNT_SID, now: clock.now });
    const created = record(domain, 'conversations.v1.CreateConversation', { body: {} });
    const sidsFor = (query: Record<string, string>) =>
      items(domain, 'conversations.v1.ListConversation', { query }).map((c) => c.sid);
    expect(sidsFor({ StartDate: '2030-03-10', EndDate: '2030-03-10' })).toEqual([created.sid]);
    expect(sidsFor({ StartDate: '2030-03-11' })).toEqual([]);
    expect(sidsFor({ EndDate: '2030-03-09T23:59:59Z' })).not.toContain(created.sid);
  });

  it('Type[] filters channels, Identity[] members and invites, BindingType[] bindings, Type addresses', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    const at = { ServiceSid: service };
    const types = (query: Record<string, string | string[]>) =>
      new Set(items(domain, 'chat.v2.ListChannel', { path: at, query }).map((c) => c.type));
    expect(types({ Type: 'public' })).toEqual(new Set(['public']));
    expect(types({ Type: ['public', 'private'] })).toEqual(new Set(['public', 'private']));
    const members = items(domain, 'chat.v1.ListMember', {
      path: { ...at, ChannelSid: 'general' },
      query: { Identity: ['alice', 'nobody'] },
    });
    expect(members.map((m) => m.identity)).toEqual(['alice']);
    const apn = items(domain, 'chat.v2.ListBinding', { path: at, query: { BindingType: 'apn' } });
    expect(apn.length).toBeGreaterThan(0);
    expect(new Set(apn.map((b) => b.binding_type))).toEqual(new Set(['apn']));
    expect(
      items(domain, 'conversations.v1.ListConfigurationAddress', { query: { Type: 'whatsapp' } }),
    ).toEqual([]);
    expect(
      items(domain, 'conversations.v1.ListConfigurationAddress', { query: { Type: 'sms' } }),
    ).toHaveLength(1);
  });
});
