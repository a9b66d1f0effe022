/**
 * The AIMD limit on its own, fed answers one by one: every step is a count, no clock but the
 * injected one.
 */
import { describe, expect, it } from 'vitest';
import { AdaptiveLimit, type AdaptiveLimitSettings } from '../../src/twilio/adaptive-limit.js';

function limitWith(changes: Partial<AdaptiveLimitSettings> = {}) {
  let now = 0;
  const limit = new AdaptiveLimit({
    ceiling: 100,
    floor: 2,
    initial: 20,
    capacityMemoryMs: 1_000,
    now: () => now,
    ...changes,
  });
  const answer = (
    sample: Partial<{
      throttled: boolean;
      concurrent: number | null;
      ours: number;
      demand: boolean;
    }> = {},
  ) =>
    limit.record({
      epoch: limit.epoch,
      throttled: false,
      concurrent: null,
      ours: limit.current,
      demand: true,
      ...sample,
    });
  return {
    limit,
    answer,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('adaptive per-account limit (AIMD)', () => {
  it('starts at the initial limit and rises by one per unthrottled answer while calls wait', () => {
    const { limit, answer } = limitWith();
    expect(limit.current).toBe(20);
    for (let i = 0; i < 5; i += 1) answer();
    expect(limit.current).toBe(25);
  });

  it('does not rise when no call is waiting', () => {
    const { limit, answer } = limitWith();
    for (let i = 0; i < 5; i += 1) answer({ demand: false });
    expect(limit.current).toBe(20);
  });

  it('halves on a 429, once for all the requests admitted under the old limit', () => {
    const { limit, answer } = limitWith({ initial: 40 });
    const epoch = limit.epoch;
    answer({ throttled: true, ours: 40 });
    expect(limit.current).toBe(20);
    // Two more 429s and a success from requests sent before the decrease change nothing.
    limit.record({ epoch, throttled: true, concurrent: null, ours: 39, demand: true });
    limit.record({ epoch, throttled: true, concurrent: null, ours: 38, demand: true });
    limit.record({ epoch, throttled: false, concurrent: null, ours: 37, demand: true });
    expect(limit.current).toBe(20);
    answer({ ours: 20 });
    expect(limit.current).toBe(21);
  });

  it('never rises above the ceiling nor falls below the floor', () => {
    const { limit, answer } = limitWith({ ceiling: 22, floor: 3 });
    for (let i = 0; i < 10; i += 1) answer();
    expect(limit.current).toBe(22);
    for (let i = 0; i < 10; i += 1) answer({ throttled: true, concurrent: 1 });
    expect(limit.current).toBe(3);
  });

  it('learns the account capacity from Twilio-Concurrent-Requests on a 429 and stays under it', () => {
    const { limit, answer } = limitWith();
    for (let i = 0; i < 11; i += 1) answer({ concurrent: limit.current });
    expect(limit.current).toBe(31);
    answer({ throttled: true, concurrent: 31, ours: 31 });
    expect(limit.learntCapacity).toBe(30);
    expect(limit.current).toBe(15);
    for (let i = 0; i < 40; i += 1) answer({ concurrent: limit.current });
    expect(limit.current).toBe(30);
  });

  it('leaves to other processes what the header says they hold', () => {
    const { limit, answer } = limitWith();
    // Twilio refused at 31 in flight, 21 of them ours: the account takes 30, others hold 10.
    answer({ throttled: true, concurrent: 31, ours: 21 });
    for (let i = 0; i < 40; i += 1) answer({ concurrent: limit.current + 10 });
    expect(limit.current).toBe(20);
    // The others leave: our room grows back to the whole capacity.
    for (let i = 0; i < 40; i += 1) answer({ concurrent: limit.current });
    expect(limit.current).toBe(30);
  });

  it('without the header, counts its own requests in flight as the account total', () => {
    const { limit, answer } = limitWith();
    for (let i = 0; i < 5; i += 1) answer();
    answer({ throttled: true, ours: 25 });
    expect(limit.learntCapacity).toBe(24);
    for (let i = 0; i < 40; i += 1) answer();
    expect(limit.current).toBe(24);
  });

  it('raises a learnt capacity when Twilio accepts more, and forgets it after a while', () => {
    const { limit, answer, advance } = limitWith();
    answer({ throttled: true, concurrent: 26, ours: 26 });
    expect(limit.learntCapacity).toBe(25);
    answer({ concurrent: 28, ours: 10 });
    expect(limit.learntCapacity).toBe(28);
    advance(999);
    expect(limit.learntCapacity).toBe(28);
    advance(1);
    expect(limit.learntCapacity).toBeNull();
    for (let i = 0; i < 60; i += 1) answer();
    expect(limit.current).toBeGreaterThan(28);
  });
});
