/**
 * The account's global adaptive limit against a real Redis: replicas lease slots of one limit
 * kept in Redis, never hold more than it together, give back what exceeds their fair share while
 * another waits; a 429 seen by one replica lowers the limit every replica uses (once for a burst
 * of 429s); the limit rises by one per window of unthrottled answers up to the ceiling; a replica
 * that dies frees its share once its lease expires; with Redis down the limiter falls back to
 * its own limit and shares again when Redis returns.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSlotLeaser, type BudgetSettings } from '../../src/shared-state/budget.js';
import { openConnections, type Connections } from '../../src/shared-state/connection.js';
import type { AccountLease, LeaseAnswer } from '../../src/twilio/index.js';
import { AccountLimiter } from '../../src/twilio/limiter.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

const logger = pino({ level: 'silent' });
let redis: RedisServer;
let accounts = 0;
const open: Connections[] = [];

/** A fresh account per test, so each starts from the initial limit. */
function account(): string {
  accounts += 1;
  return `AC${String(accounts).padStart(32, '0')}`;
}

async function replica(
  sid: string,
  ceiling: number,
  settings: BudgetSettings = {},
): Promise<{ lease: AccountLease; connections: Connections }> {
  const connections = openConnections(redis.url, logger, { reconnectStepMs: 20 });
  open.push(connections);
  await until(() => connections.state() === 'up');
  const leaser = new RedisSlotLeaser(connections, 'budget-test:', {
    ttlMs: 300,
    heartbeatMs: 50,
    retryMs: 5,
    initial: ceiling,
    // Long enough that no second decrease in a test comes from the clock.
    decreaseWindowMs: 60_000,
    ...settings,
  });
  return { lease: leaser.lease(sid, ceiling), connections };
}

/** An answer while every slot the replica holds is in use and one more call waits. */
function answer(lease: AccountLease, changes: Partial<LeaseAnswer> = {}): void {
  lease.want(lease.held + 1, lease.held);
  lease.observe({
    epoch: lease.epoch,
    throttled: false,
    concurrent: null,
    demand: true,
    ...changes,
  });
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  await Promise.all(open.map((connections) => connections.close()));
  await redis?.stop();
});

describe('global adaptive Twilio limit', () => {
  it('shares a limit of 10 fairly, and frees a dead replica’s share after its lease expires', async () => {
    const sid = account();
    const a = await replica(sid, 10);
    const b = await replica(sid, 10);
    // What Redis grants the two together, read at every change either replica sees (a replica's
    // own view lags its grant by one reply).
    const sums: Promise<number>[] = [];
    const granted = async () => {
      const held = await a.connections.commands.hvals(`budget-test:budget:${sid}:held`);
      return held.reduce((sum, slots) => sum + Number(slots), 0);
    };
    // Only while both are connected: A's connection closes below, and B keeps changing.
    let watching = true;
    for (const { lease } of [a, b]) {
      lease.onChange(() => {
        if (watching) sums.push(granted());
      });
    }

    a.lease.want(10, 0);
    await until(() => a.lease.held === 10);
    // B would use 10 too; A holds them all but uses none, so it gives back down to a fair 5.
    b.lease.want(10, 0);
    await until(() => a.lease.held === 5 && b.lease.held === 5);

    // Never more than the limit usable by the two together while both are connected.
    expect(sums.length).toBeGreaterThan(2);
    watching = false;
    const readings = await Promise.all(sums);
    expect(Math.max(...readings)).toBeLessThanOrEqual(10);
    // The reads found the grants: A's grant of all 10 was read before B asked for any.
    expect(readings).toContain(10);

    // A dies holding 5 (its connection ends; nothing is released): B gets the whole limit once
    // A's lease lapses.
    await a.connections.close();
    b.lease.want(10, 0);
    await until(() => b.lease.held === 10);
    expect(b.lease.limit).toBe(10);
  });

  it('lowers the limit replica B uses when replica A sees a 429, once for a burst of 429s', async () => {
    const sid = account();
    const a = await replica(sid, 40);
    const b = await replica(sid, 40);
    b.lease.want(40, 0);
    await until(() => b.lease.held === 40);
    expect(b.lease.limit).toBe(40);

    // Twilio refused A's request while counting 31 in flight: half of 40, under the learnt 30.
    answer(a.lease, { throttled: true, concurrent: 31 });
    await until(() => a.lease.epoch === 1);
    expect(a.lease.limit).toBe(20);
    // B's next round trip (its heartbeat) brings the new limit and shrinks its grant.
    await until(() => b.lease.limit === 20 && b.lease.held <= 20);
    expect(b.lease.epoch).toBe(1);

    // More 429s to requests B admitted before the decrease, and one more to A within the
    // decrease window: the limit is not halved again.
    answer(b.lease, { epoch: 0, throttled: true, concurrent: null });
    answer(a.lease, { throttled: true, concurrent: null });
    await until(() => b.lease.held > 0);
    const epochBefore = a.lease.epoch;
    a.lease.want(40, 0);
    b.lease.want(40, 0);
    await until(() => a.lease.held + b.lease.held === 20);
    expect([a.lease.limit, b.lease.limit, a.lease.epoch]).toEqual([20, 20, epochBefore]);
  });

  it('rises by one per window of unthrottled answers while calls wait, up to the ceiling, never above a learnt capacity', async () => {
    const sid = account();
    const a = await replica(sid, 14, { initial: 10 });
    a.lease.want(14, 0);
    await until(() => a.lease.held === 10);
    // Ten answers with calls waiting: one window of a limit of 10.
    for (let i = 0; i < 10; i += 1) answer(a.lease);
    await until(() => a.lease.limit === 11);
    // Answers without waiting calls teach nothing, nor do answers while slots are free.
    for (let i = 0; i < 30; i += 1) answer(a.lease, { demand: false });
    a.lease.want(14, 0);
    for (let i = 0; i < 30; i += 1) {
      a.lease.observe({ epoch: a.lease.epoch, throttled: false, concurrent: null, demand: true });
    }
    a.lease.want(14, 0);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(a.lease.limit).toBe(11);
    // Many windows: the ceiling holds.
    for (let i = 0; i < 200; i += 1) answer(a.lease);
    await until(() => a.lease.limit === 14);

    // A 429 at 13 in flight: the account takes 12, and the limit stays there however many
    // answers follow (Twilio-Concurrent-Requests never showed more).
    answer(a.lease, { throttled: true, concurrent: 13 });
    await until(() => a.lease.epoch === 1);
    expect(a.lease.limit).toBe(7);
    for (let i = 0; i < 400; i += 1) answer(a.lease, { concurrent: 12 });
    await until(() => a.lease.limit === 12);
    for (let i = 0; i < 400; i += 1) answer(a.lease, { concurrent: 12 });
    a.lease.want(14, 0);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(a.lease.limit).toBe(12);
  });

  it('falls back to the per-process limit while Redis is down and shares again when it returns', async () => {
    const sid = account();
    const a = await replica(sid, 30, { initial: 24 });
    const b = await replica(sid, 30, { initial: 24 });
    const limiter = new AccountLimiter(
      {
        ceiling: 30,
        floor: 2,
        initial: 20,
        capacityMemoryMs: 60_000,
        now: () => 0,
        maxShare: 1,
      },
      a.lease,
    );
    const signal = new AbortController().signal;
    b.lease.want(1, 0);
    // The limiter asks its lease for the slot: it is granted from the global limit.
    const first = await limiter.acquire({}, signal);
    expect(a.lease.shared).toBe(true);
    expect(limiter.state().limit).toBe(24);
    first.release();
    await until(() => b.lease.held === 1);

    await redis.kill();
    await until(() => !a.lease.shared);
    // Its share of the global limit (24 / 2 replicas), then its own AIMD.
    expect(limiter.state().limit).toBe(12);
    const permits = await Promise.all(
      Array.from({ length: 12 }, () => limiter.acquire({}, signal)),
    );
    const waiting = limiter.acquire({}, signal);
    expect(limiter.state()).toEqual({ limit: 12, inFlight: 12, queued: 1 });
    for (const permit of permits) permit.release();
    (await waiting).release();

    await redis.start();
    await until(() => a.lease.shared && a.connections.state() === 'up');
    // Redis restarted empty: the account's limit starts again from its initial value.
    expect(limiter.state().limit).toBe(24);
    const again = await limiter.acquire({}, signal);
    expect(a.lease.held).toBeGreaterThanOrEqual(1);
    again.release();
  });
});
