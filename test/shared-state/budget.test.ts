/**
 * The shared Twilio budget against a real Redis: replicas lease blocks of one pool, never hold
 * more than it together, give back what exceeds their fair share while another waits, and a
 * replica that dies frees its share once its lease expires.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSlotLeaser } from '../../src/shared-state/budget.js';
import { openConnections, type Connections } from '../../src/shared-state/connection.js';
import type { AccountLease } from '../../src/twilio/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

const AC1 = 'AC00000000000000000000000000000001';
const AC2 = 'AC00000000000000000000000000000002';
const logger = pino({ level: 'silent' });
let redis: RedisServer;
const open: Connections[] = [];

async function replica(
  account: string,
): Promise<{ lease: AccountLease; connections: Connections }> {
  const connections = openConnections(redis.url, logger);
  open.push(connections);
  await until(() => connections.state() === 'up');
  const leaser = new RedisSlotLeaser(connections, 'budget-test:', {
    ttlMs: 300,
    heartbeatMs: 50,
    retryMs: 5,
  });
  return { lease: leaser.lease(account, 10), connections };
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

describe('shared Twilio budget', () => {
  it('shares a pool of 10 fairly, and frees a dead replica’s share after its lease expires', async () => {
    const a = await replica(AC1);
    const b = await replica(AC1);
    const sums: number[] = [];
    for (const { lease } of [a, b]) lease.onChange(() => sums.push(a.lease.held + b.lease.held));

    a.lease.want(10, 0);
    await until(() => a.lease.held === 10);
    // B would use 10 too; A holds them all but uses none, so it gives back down to a fair 5.
    b.lease.want(10, 0);
    await until(() => a.lease.held === 5 && b.lease.held === 5);

    // Never more than the pool usable by the two together while both are connected.
    expect(Math.max(...sums)).toBeLessThanOrEqual(10);

    // A dies (its connection ends; nothing is released): B gets the pool once A's lease lapses.
    await a.connections.close();
    b.lease.want(10, 0);
    await until(() => b.lease.held === 10);
  });

  it('keeps slots in use when shrinking and lowers the pool for everyone after a 429', async () => {
    const a = await replica(AC2);
    a.lease.want(10, 10);
    await until(() => a.lease.held === 10);
    // Twilio counted 7 in flight when it refused: the account takes 6.
    a.lease.throttled(7);
    const b = await replica(AC2);
    b.lease.want(10, 0);
    a.lease.want(10, 10);
    // A keeps its 10 in use (they cannot be taken back) but uses no more than its fair share of 6.
    await until(() => a.lease.held === 3);
    a.lease.want(0, 0);
    await until(() => b.lease.held === 6);
    expect(a.lease.held).toBe(0);
  });
});
