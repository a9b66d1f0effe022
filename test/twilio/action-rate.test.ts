/**
 * Conversations' action rates in one process (no Redis): a sliding window of 30 per second per
 * key, callers of one key served in order, an aborted caller leaving the queue; and which Twilio
 * operations count against which key.
 */
import { describe, expect, it } from 'vitest';
import { findOperation } from '../../src/registry/index.js';
import { actionRateKey, MemoryWindowStore, WindowGate } from '../../src/twilio/index.js';
import { ManualRateClock } from '../support/manual-rate-clock.js';

const AC = 'AC00000000000000000000000000000000';

/** The gate's answer as a promise (it answers undefined when the action may go at once). */
function turn(gate: WindowGate, key: string, signal: AbortSignal): Promise<void> {
  return Promise.resolve(gate.pass(key, signal));
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('WindowGate in process', () => {
  it('lets 30 actions of a key through per second and queues the rest in order', async () => {
    const clock = new ManualRateClock();
    const gate = new WindowGate({ clock, store: new MemoryWindowStore() });
    const passed: number[] = [];
    const signal = new AbortController().signal;
    const all = Array.from({ length: 65 }, (_, i) =>
      turn(gate, 'conversation:CH1', signal).then(() => passed.push(i)),
    );
    // Another key is not held up by the first one's queue.
    await turn(gate, 'conversation:CH2', signal);
    await settle();
    expect(passed).toHaveLength(30);
    expect(clock.sleeping).toBe(1);
    clock.advance(999);
    await settle();
    expect(passed).toHaveLength(30);
    clock.advance(1);
    await settle();
    expect(passed).toHaveLength(60);
    clock.advance(1000);
    await Promise.all(all);
    expect(passed).toEqual(Array.from({ length: 65 }, (_, i) => i));
  });

  it('spaces a steady stream: never more than 30 in any 1 000 ms', async () => {
    const clock = new ManualRateClock();
    const gate = new WindowGate({ clock });
    const times: number[] = [];
    const signal = new AbortController().signal;
    const all = Array.from({ length: 100 }, () =>
      turn(gate, 'service:IS1', signal).then(() => times.push(clock.now())),
    );
    for (let step = 0; step < 40; step += 1) {
      await settle();
      clock.advance(100);
    }
    await Promise.all(all);
    for (let i = 0; i + 30 < times.length; i += 1) {
      expect((times[i + 30] as number) - (times[i] as number)).toBeGreaterThanOrEqual(1000);
    }
  });

  it('drops an aborted caller from the queue without holding the next one', async () => {
    const clock = new ManualRateClock();
    const gate = new WindowGate({ clock, limit: 1 });
    const open = new AbortController().signal;
    await turn(gate, 'k', open);
    const leaving = new AbortController();
    const aborted = turn(gate, 'k', leaving.signal);
    const next = turn(gate, 'k', open);
    await settle();
    leaving.abort(new Error('client went away'));
    await expect(aborted).rejects.toThrow('client went away');
    clock.advance(1000);
    await next;
    await settle();
    expect(gate.queuedKeys).toBe(0);
  });

  it('falls back to its in-process window when the shared store fails', async () => {
    const clock = new ManualRateClock();
    const broken = { take: () => Promise.reject(new Error('Redis is unavailable')) };
    const gate = new WindowGate({ clock, store: broken, limit: 2 });
    const signal = new AbortController().signal;
    await turn(gate, 'k', signal);
    await turn(gate, 'k', signal);
    let third = false;
    void turn(gate, 'k', signal).then(() => (third = true));
    await settle();
    expect(third).toBe(false);
    clock.advance(1000);
    await settle();
    expect(third).toBe(true);
  });
});

describe('actionRateKey', () => {
  const key = (id: string, params: Record<string, string>) => {
    const op = findOperation(id);
    if (!op) throw new Error(id);
    return actionRateKey(op, params, AC);
  };

  it('counts message and participant writes and conversation updates per conversation', () => {
    const inConversation = { ChatServiceSid: 'IS1', ConversationSid: 'CH1' };
    for (const id of [
      'conversations.v1.CreateServiceConversationMessage',
      'conversations.v1.UpdateConversationMessage',
      'conversations.v1.DeleteServiceConversationParticipant',
      'conversations.v1.CreateConversationParticipant',
    ]) {
      expect(key(id, inConversation)).toBe(`${AC}:conversation:CH1`);
    }
    expect(
      key('conversations.v1.UpdateServiceConversation', { ChatServiceSid: 'IS1', Sid: 'CH2' }),
    ).toBe(`${AC}:conversation:CH2`);
  });

  it('counts conversation creates and deletes and user and role writes per service', () => {
    expect(key('conversations.v1.CreateServiceConversation', { ChatServiceSid: 'IS1' })).toBe(
      `${AC}:service:IS1`,
    );
    expect(key('conversations.v1.CreateConversation', {})).toBe(`${AC}:service:default`);
    expect(key('conversations.v1.DeleteServiceUser', { ChatServiceSid: 'IS1', Sid: 'US1' })).toBe(
      `${AC}:service:IS1`,
    );
    expect(key('conversations.v1.UpdateRole', { Sid: 'RL1' })).toBe(`${AC}:service:default`);
  });

  it('leaves reads and undocumented writes alone', () => {
    expect(
      key('conversations.v1.ListServiceConversationMessage', {
        ChatServiceSid: 'IS1',
        ConversationSid: 'CH1',
      }),
    ).toBeNull();
    expect(key('conversations.v1.UpdateConfiguration', {})).toBeNull();
    expect(key('conversations.v1.CreateCredential', {})).toBeNull();
  });
});
