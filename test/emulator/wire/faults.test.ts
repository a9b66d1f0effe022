import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { agent, basic, call, record } from './helpers.js';

let emulator: RunningEmulator;
const path = '/conversations/v1/Services';

beforeAll(async () => {
  emulator = await startEmulator({ seed: false });
});

afterEach(() => {
  emulator.setFaults([]);
  emulator.setLatency({ fixedMs: 0, jitterMs: 0 });
});

afterAll(async () => {
  await emulator.close();
});

const twilioBody = (status: number, code: number) =>
  expect.objectContaining({
    status,
    code,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
  });

describe('injected faults', () => {
  it('answers 429 with code 20429', async () => {
    emulator.setFaults([{ kind: 'rate-limit', count: 1 }]);
    const answer = await call(emulator, { path });
    expect(answer.status).toBe(429);
    expect(answer.json).toEqual(twilioBody(429, 20429));
  });

  it('answers 500 with code 20500', async () => {
    emulator.setFaults([{ kind: 'server-error', count: 1 }]);
    const answer = await call(emulator, { path });
    expect(answer.status).toBe(500);
    expect(answer.json).toEqual(twilioBody(500, 20500));
  });

  it('answers 503 with code 20503', async () => {
    emulator.setFaults([{ kind: 'unavailable', count: 1 }]);
    const answer = await call(emulator, { path });
    expect(answer.status).toBe(503);
    expect(answer.json).toEqual(twilioBody(503, 20503));
  });

  it('answers 200 with a body that is not valid JSON', async () => {
    emulator.setFaults([{ kind: 'malformed', count: 1 }]);
    const response = await request(`${emulator.url}${path}`, {
      dispatcher: agent,
      headers: { authorization: basic(emulator.accountSid, emulator.credentials.authToken) },
    });
    expect(response.statusCode).toBe(200);
    const text = await response.body.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('resets the connection', async () => {
    emulator.setFaults([{ kind: 'reset', count: 1 }]);
    await expect(call(emulator, { path })).rejects.toThrow();
    expect((await call(emulator, { path })).status).toBe(200);
  });

  it('hangs until the client times out, and still closes promptly', async () => {
    const hanging = await startEmulator({ seed: false, faults: [{ kind: 'hang', count: 1 }] });
    const answer = request(`${hanging.url}${path}`, {
      dispatcher: agent,
      headersTimeout: 300,
      headers: { authorization: basic(hanging.accountSid, hanging.credentials.authToken) },
    });
    await expect(answer).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    const again = request(`${hanging.url}${path}`, {
      dispatcher: agent,
      headers: { authorization: basic(hanging.accountSid, hanging.credentials.authToken) },
    });
    expect((await again).statusCode).toBe(200);
    hanging.setFaults([{ kind: 'hang', count: 1 }]);
    const held = request(`${hanging.url}${path}`, {
      dispatcher: agent,
      headers: { authorization: basic(hanging.accountSid, hanging.credentials.authToken) },
    });
    const heldOutcome = held.then(
      () => 'answered',
      () => 'dropped',
    );
    while (hanging.requestLog().total < 3) await new Promise((r) => setTimeout(r, 5));
    await hanging.close();
    expect(await heldOutcome).toBe('dropped');
  });

  it('applies a count rule only to its operation and method, then stops', async () => {
    emulator.setFaults([
      { kind: 'unavailable', count: 2, operationId: 'conversations.v1.ListService', method: 'GET' },
    ]);
    expect((await call(emulator, { path: '/chat/v2/Services' })).status).toBe(200);
    expect((await call(emulator, { path })).status).toBe(503);
    expect(emulator.faults()).toEqual([
      { kind: 'unavailable', count: 1, operationId: 'conversations.v1.ListService', method: 'GET' },
    ]);
    expect((await call(emulator, { path })).status).toBe(503);
    expect((await call(emulator, { path })).status).toBe(200);
    expect(emulator.faults()).toEqual([]);
  });

  it('applies a rate rule to that share of requests (rate 1 all, rate 0 none)', async () => {
    emulator.setFaults([{ kind: 'server-error', rate: 1 }]);
    for (let i = 0; i < 3; i++) expect((await call(emulator, { path })).status).toBe(500);
    emulator.setFaults([{ kind: 'server-error', rate: 0 }]);
    for (let i = 0; i < 3; i++) expect((await call(emulator, { path })).status).toBe(200);
  });

  it('uses the injected randomness for rates', async () => {
    const draws = [0.1, 0.9, 0.4, 0.6];
    const seeded = await startEmulator({
      seed: false,
      random: () => draws.shift() ?? 1,
      faults: [{ kind: 'server-error', rate: 0.5 }],
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(seeded, { path })).status);
      expect(statuses).toEqual([500, 200, 500, 200]);
    } finally {
      await seeded.close();
    }
  });
});

describe('concurrency limit', () => {
  it('answers 429/20429 beyond N requests in flight', async () => {
    // Latency waits on a gate the test opens, so the in-flight set is known exactly.
    const gate: Array<() => void> = [];
    const limited = await startEmulator({
      seed: false,
      concurrencyLimit: 2,
      latency: { fixedMs: 1 },
      sleep: () => new Promise<void>((resolve) => gate.push(resolve)),
    });
    try {
      const answers = Array.from({ length: 10 }, () => call(limited, { path }));
      while (limited.requestLog().total < 8 || gate.length < 2) {
        await new Promise((r) => setTimeout(r, 5));
      }
      for (const open of gate) open();
      const results = await Promise.all(answers);
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 429)).toHaveLength(8);
      expect(statuses.filter((s) => s === 200)).toHaveLength(2);
      const rejected = results.find((r) => r.status === 429);
      expect(record(rejected?.json).code).toBe(20429);
    } finally {
      await limited.close();
    }
  });
});

describe('latency', () => {
  it('waits fixed + jitter before handling, using the injected clock and randomness', async () => {
    const waits: number[] = [];
    const delayed = await startEmulator({
      seed: false,
      latency: { fixedMs: 40, jitterMs: 10 },
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    try {
      await call(delayed, { path });
      await call(delayed, { path: '/__emulator/requests' });
      expect(waits).toEqual([45]);
    } finally {
      await delayed.close();
    }
  });

  it('answers no earlier than the fixed latency with the real clock', async () => {
    emulator.setLatency({ fixedMs: 60 });
    const started = performance.now();
    const answer = await call(emulator, { path });
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(60);
  });
});
