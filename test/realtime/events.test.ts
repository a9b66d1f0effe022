import { describe, expect, it } from 'vitest';
import {
  BoundedQueue,
  conversationTopic,
  deliveryIdentity,
  eventFromWebhook,
  InProcessEventBus,
  MemoryDedup,
  serviceTopic,
  SlowConsumerError,
  type ChatEvent,
} from '../../src/events/index.js';

const AC = 'AC00000000000000000000000000000001';
const IS = 'IS00000000000000000000000000000002';
const CH = 'CH00000000000000000000000000000003';
const IM = 'IM00000000000000000000000000000004';
const MB = 'MB00000000000000000000000000000005';

const at = { id: 'x', receivedAt: 1 };

describe('webhook parameters → events', () => {
  it('Conversations onMessageAdded becomes messageAdded with the carried fields known', () => {
    const event = eventFromWebhook({
      ...at,
      params: {
        EventType: 'onMessageAdded',
        AccountSid: AC,
        ChatServiceSid: IS,
        ConversationSid: CH,
        MessageSid: IM,
        ParticipantSid: MB,
        Author: 'alice',
        Body: 'Hi & welcome',
        Attributes: '{"pinned":true}',
        Index: '7',
        DateCreated: '2024-01-15T09:00:00.312Z',
        Media:
          '[{"Sid":"ME00000000000000000000000000000006","ContentType":"image/png","Filename":"a.png","Size":42}]',
        Source: 'API',
        RetryCount: '0',
      },
    });
    expect(event).toMatchObject({
      kind: 'messageAdded',
      source: 'conversations',
      accountSid: AC,
      serviceSid: IS,
      conversationSid: CH,
      message: {
        serviceSid: IS,
        conversationSid: CH,
        sid: IM,
        index: 7,
        author: 'alice',
        body: 'Hi & welcome',
        attributes: { pinned: true },
        participantSid: MB,
        createdAt: '2024-01-15T09:00:00.312Z',
        media: [
          {
            sid: 'ME00000000000000000000000000000006',
            contentType: 'image/png',
            filename: 'a.png',
            size: 42,
          },
        ],
        delivery: null,
      },
    });
    expect([...(event && 'known' in event ? event.known : [])].sort()).toEqual(
      ['attributes', 'author', 'body', 'createdAt', 'index', 'media', 'participantSid'].sort(),
    );
  });

  it('Chat names map onto the same events (onMessageSent, onMemberAdded, onChannelDestroyed)', () => {
    const chat = { AccountSid: AC, ServiceSid: IS, InstanceSid: IS, ChannelSid: CH };
    const sent = eventFromWebhook({
      ...at,
      params: {
        ...chat,
        EventType: 'onMessageSent',
        MessageSid: IM,
        From: 'bob',
        Body: 'yo',
        Index: '3',
      },
    });
    expect(sent).toMatchObject({
      kind: 'messageAdded',
      source: 'chat',
      message: { author: 'bob', index: 3 },
    });
    expect(sent && 'known' in sent ? sent.known : []).not.toContain('participantSid');

    const member = eventFromWebhook({
      ...at,
      params: {
        ...chat,
        EventType: 'onMemberAdded',
        MemberSid: MB,
        Identity: 'bob',
        RoleSid: 'RL00000000000000000000000000000007',
      },
    });
    expect(member).toMatchObject({
      kind: 'participantAdded',
      participant: { serviceSid: IS, conversationSid: CH, sid: MB, identity: 'bob' },
    });
    expect(member && 'participant' in member ? Object.keys(member.participant).sort() : []).toEqual(
      ['conversationSid', 'identity', 'roleSid', 'serviceSid', 'sid'],
    );

    const destroyed = eventFromWebhook({
      ...at,
      params: { ...chat, EventType: 'onChannelDestroyed', FriendlyName: 'Old' },
    });
    expect(destroyed).toMatchObject({
      kind: 'conversationRemoved',
      conversation: { serviceSid: IS, sid: CH, friendlyName: 'Old' },
    });
  });

  it('pre-events, unused events and deliveries without their SIDs map to nothing', () => {
    const base = { AccountSid: AC, ChatServiceSid: IS, ConversationSid: CH, MessageSid: IM };
    expect(eventFromWebhook({ ...at, params: { ...base, EventType: 'onMessageAdd' } })).toBeNull();
    expect(eventFromWebhook({ ...at, params: { ...base, EventType: 'onMessageSend' } })).toBeNull();
    expect(
      eventFromWebhook({ ...at, params: { ...base, EventType: 'onDeliveryUpdated' } }),
    ).toBeNull();
    expect(eventFromWebhook({ ...at, params: { ...base, EventType: 'toString' } })).toBeNull();
    expect(
      eventFromWebhook({
        ...at,
        params: { EventType: 'onMessageAdded', AccountSid: AC, ChatServiceSid: IS },
      }),
    ).toBeNull();
    expect(
      eventFromWebhook({ ...at, params: { ...base, EventType: 'onMessageAdded', MessageSid: [] } }),
    ).toBeNull();
  });

  it('a retry has the identity of the first delivery; another event does not', () => {
    const params = { EventType: 'onMessageAdded', MessageSid: IM, Body: 'a', RetryCount: '0' };
    const retry = { RetryCount: '1', Body: 'a', MessageSid: IM, EventType: 'onMessageAdded' };
    expect(deliveryIdentity(retry)).toBe(deliveryIdentity(params));
    expect(deliveryIdentity({ ...params, Body: 'b' })).not.toBe(deliveryIdentity(params));
    expect(deliveryIdentity(params, 'tok-1')).toBe('token:tok-1');
    expect(deliveryIdentity({ ...params, Body: 'b' }, 'tok-1')).toBe('token:tok-1');
  });
});

describe('de-duplication memory', () => {
  it('claims once, forgets the oldest past its bound and repeats after its window', () => {
    let now = 0;
    const dedup = new MemoryDedup({ maxEntries: 3, ttlMs: 100, now: () => now });
    expect(dedup.claim('a')).toBe(true);
    expect(dedup.claim('a')).toBe(false);
    for (const key of ['b', 'c', 'd']) expect(dedup.claim(key)).toBe(true);
    expect(dedup.size).toBe(3);
    // 'a' was the oldest and went when 'd' came.
    expect(dedup.claim('a')).toBe(true);
    expect(dedup.claim('d')).toBe(false);
    now = 100;
    expect(dedup.claim('d')).toBe(true);
  });
});

describe('bounded per-subscriber buffer', () => {
  it('hands items in order and reports each once the consumer comes back', async () => {
    const delivered: number[] = [];
    const queue = new BoundedQueue<number>({ capacity: 3, onDelivered: (n) => delivered.push(n) });
    queue.push(1);
    queue.push(2);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    expect(delivered).toEqual([]);
    expect(await queue.next()).toEqual({ value: 2, done: false });
    expect(delivered).toEqual([1]);
    const waiting = queue.next();
    queue.push(3);
    expect(await waiting).toEqual({ value: 3, done: false });
    await queue.return();
    expect(delivered).toEqual([1, 2, 3]);
  });

  it('fails the consumer and calls onOverflow once more than capacity items wait', async () => {
    const overflows: SlowConsumerError[] = [];
    let closed = 0;
    const queue = new BoundedQueue<number>({
      capacity: 2,
      onOverflow: (error) => overflows.push(error),
      onClose: () => (closed += 1),
    });
    expect(queue.push(1)).toBe(true);
    expect(queue.push(2)).toBe(true);
    expect(queue.push(3)).toBe(false);
    expect(queue.push(4)).toBe(false);
    expect(overflows).toHaveLength(1);
    expect(overflows[0]?.message).toBe(
      'Subscriber too slow: more than 2 events were waiting to be sent.',
    );
    await expect(queue.next()).rejects.toBeInstanceOf(SlowConsumerError);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    await queue.return();
    expect(closed).toBe(1);
  });

  it('ends after what already waits (endAfterPending) or at once (end)', async () => {
    const draining = new BoundedQueue<string>({ capacity: 5 });
    draining.push('a');
    draining.endAfterPending();
    expect(draining.push('b')).toBe(false);
    expect(await draining.next()).toEqual({ value: 'a', done: false });
    expect((await draining.next()).done).toBe(true);

    const ending = new BoundedQueue<string>({ capacity: 5 });
    ending.push('a');
    ending.end();
    expect((await ending.next()).done).toBe(true);
  });
});

describe('in-process bus', () => {
  const event = (conversationSid: string): ChatEvent => ({
    kind: 'conversationUpdated',
    id: conversationSid,
    accountSid: AC,
    serviceSid: IS,
    source: 'conversations',
    receivedAt: 0,
    conversationSid,
    conversation: { serviceSid: IS, sid: conversationSid },
  });

  it('delivers on the conversation and service topics, isolates a failing listener, unsubscribes', async () => {
    const failures: unknown[] = [];
    const bus = new InProcessEventBus({ onListenerError: (error) => failures.push(error) });
    const seen: string[] = [];
    bus.subscribe(conversationTopic(CH), () => {
      throw new Error('boom');
    });
    const off = bus.subscribe(conversationTopic(CH), (e) => seen.push(`conversation:${e.id}`));
    bus.subscribe(serviceTopic(IS), (e) => seen.push(`service:${e.id}`));
    await bus.publish(event(CH));
    await bus.publish(event('CH00000000000000000000000000000009'));
    expect(seen).toEqual([
      `conversation:${CH}`,
      `service:${CH}`,
      'service:CH00000000000000000000000000000009',
    ]);
    expect(failures).toHaveLength(1);
    off();
    expect(bus.listenerCount(conversationTopic(CH))).toBe(1);
    expect(await bus.claim('k')).toBe(true);
    expect(await bus.claim('k')).toBe(false);
  });
});
