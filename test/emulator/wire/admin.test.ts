import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { isLoopback } from '../../../src/emulator/http/admin.js';
import { RequestLog } from '../../../src/emulator/http/request-log.js';
import { call, record } from './helpers.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: { services: 1 } });
});

afterAll(async () => {
  await emulator.close();
});

const admin = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown) =>
  call(emulator, {
    method,
    path: `/__emulator${path}`,
    auth: false,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

const serviceCount = async () => {
  const answer = await call(emulator, { path: '/conversations/v1/Services' });
  const services = record(answer.json).services;
  return Array.isArray(services) ? services.length : -1;
};

describe('request log', () => {
  it('counts requests per operation and lists them, until cleared', async () => {
    emulator.clearRequests();
    await call(emulator, { path: '/conversations/v1/Services' });
    await call(emulator, { path: '/conversations/v1/Services' });
    await call(emulator, { path: '/chat/v2/Services', headers: {} });
    await call(emulator, { path: '/conversations/v1/Nope' });
    const log = record((await admin('GET', '/requests')).json);
    expect(log.total).toBe(4);
    // One after the other: never more than one in flight.
    expect(log.peakInFlight).toBe(1);
    expect(log.byOperation).toEqual({
      'conversations.v1.ListService': 2,
      'chat.v2.ListService': 1,
    });
    expect(log.requests).toEqual([
      {
        operationId: 'conversations.v1.ListService',
        method: 'GET',
        path: '/conversations/v1/Services',
        status: 200,
        host: 'conversations',
      },
      expect.objectContaining({ operationId: 'conversations.v1.ListService' }),
      expect.objectContaining({ operationId: 'chat.v2.ListService', host: 'chat' }),
      expect.objectContaining({ operationId: null, status: 404 }),
    ]);
    expect(emulator.requestLog().total).toBe(4);

    expect((await admin('DELETE', '/requests')).status).toBe(204);
    expect(emulator.requestLog()).toEqual({
      total: 0,
      peakInFlight: 0,
      byOperation: {},
      requests: [],
    });
  });

  it('keeps only the newest entries but counts every request', () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 10; i++) {
      log.record({ operationId: 'x', method: 'GET', path: `/${i}`, status: 200, host: 'chat' });
    }
    const snapshot = log.snapshot();
    expect(snapshot.total).toBe(10);
    expect(snapshot.byOperation).toEqual({ x: 10 });
    expect(snapshot.requests.map((r) => r.path)).toEqual(['/7', '/8', '/9']);
  });

  it('keeps the most requests in flight at once until cleared', () => {
    const log = new RequestLog(3);
    for (const count of [1, 2, 3, 2, 1]) log.inFlight(count);
    expect(log.snapshot().peakInFlight).toBe(3);
    log.clear();
    expect(log.snapshot().peakInFlight).toBe(0);
  });

  it('does not log admin calls', async () => {
    emulator.clearRequests();
    await admin('GET', '/requests');
    expect(emulator.requestLog().total).toBe(0);
  });
});

describe('admin API', () => {
  it('restores the seed data on POST /__emulator/reset and clears faults', async () => {
    const before = await serviceCount();
    await call(emulator, { path: '/conversations/v1/Services', form: { FriendlyName: 'extra' } });
    expect(await serviceCount()).toBe(before + 1);
    emulator.setFaults([{ kind: 'server-error', rate: 0 }]);
    expect((await admin('POST', '/reset')).status).toBe(204);
    expect(emulator.faults()).toEqual([]);
    expect(await serviceCount()).toBe(before);
  });

  it('reads and replaces faults, which then apply', async () => {
    const rules = [{ kind: 'unavailable', count: 1, operationId: 'conversations.v1.ListService' }];
    const put = await admin('PUT', '/faults', { faults: rules });
    expect(put.status).toBe(200);
    expect(record((await admin('GET', '/faults')).json)).toEqual({ faults: rules });
    expect((await call(emulator, { path: '/conversations/v1/Services' })).status).toBe(503);
    expect(record((await admin('GET', '/faults')).json)).toEqual({ faults: [] });
  });

  it('reads and sets latency and the concurrency limit', async () => {
    expect((await admin('PUT', '/latency', { fixedMs: 5, jitterMs: 2 })).json).toEqual({
      fixedMs: 5,
      jitterMs: 2,
    });
    expect(emulator.latency()).toEqual({ fixedMs: 5, jitterMs: 2 });
    expect((await admin('GET', '/latency')).json).toEqual({ fixedMs: 5, jitterMs: 2 });
    await admin('PUT', '/latency', { fixedMs: 0, jitterMs: 0 });
    expect((await admin('PUT', '/concurrency', { limit: 7 })).json).toEqual({ limit: 7 });
    expect((await admin('PUT', '/concurrency', { limit: null })).json).toEqual({ limit: null });
  });

  it('rejects invalid admin input with a 400 naming the field', async () => {
    const badKind = await admin('PUT', '/faults', { faults: [{ kind: 'explode', count: 1 }] });
    expect(badKind.status).toBe(400);
    expect(String(record(badKind.json).message)).toContain('faults.0.kind');
    const notJson = await call(emulator, {
      method: 'PUT',
      path: '/__emulator/latency',
      auth: false,
      body: '{',
    });
    expect(notJson.status).toBe(400);
    const unknown = await admin('GET', '/nothing');
    expect(unknown.status).toBe(404);
  });

  it('answers loopback clients only', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['10.0.0.1', '::ffff:192.168.1.2', 'fe80::1', undefined].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('describes itself at GET /__emulator', async () => {
    const answer = record((await admin('GET', '')).json);
    expect(answer).toEqual({
      accountSid: emulator.accountSid,
      operations: 198,
      baseUrls: emulator.baseUrls,
    });
  });
});
