/**
 * The response observer (`observeEmulatorResponses`): what it reports for each kind of answer,
 * that unsubscribing stops it, and that the suite-wide contract check is registered in this
 * worker (vitest `setupFiles`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeEmulatorResponses, startEmulator } from '../../src/emulator/index.js';
import type { EmulatorResponseEvent, RunningEmulator } from '../../src/emulator/index.js';
import { hasResponseObservers } from '../../src/emulator/http/observe.js';

let emulator: RunningEmulator;
let authorization: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: false, webhooks: false });
  authorization = `Basic ${Buffer.from(
    `${emulator.credentials.accountSid}:${emulator.credentials.authToken}`,
  ).toString('base64')}`;
});

afterAll(async () => {
  await emulator.close();
});

async function send(path: string, init: RequestInit = {}): Promise<number> {
  const response = await fetch(`${emulator.url}${path}`, {
    ...init,
    headers: { authorization, ...init.headers },
  });
  await response.arrayBuffer();
  return response.status;
}

/** Collects the events of the calls `run` makes. */
async function observed(run: () => Promise<unknown>): Promise<EmulatorResponseEvent[]> {
  const events: EmulatorResponseEvent[] = [];
  const stop = observeEmulatorResponses((event) => events.push(event));
  try {
    await run();
  } finally {
    stop();
  }
  return events;
}

describe('observeEmulatorResponses', () => {
  it('is already watched by the suite-wide contract check', () => {
    expect(hasResponseObservers()).toBe(true);
  });

  it('reports records, errors and empty answers with operation, host, path and body', async () => {
    let sid = '';
    const events = await observed(async () => {
      const created = await fetch(`${emulator.url}/chat/v2/Services`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'FriendlyName=Observed',
      });
      sid = String(((await created.json()) as { sid?: unknown }).sid);
      await send(`/chat/v2/Services/${sid}`, { method: 'DELETE' });
      await send(`/chat/v2/Services/${sid}`);
      await send('/chat/v9/Nowhere');
    });
    expect(events.map(({ body: _body, ...rest }) => rest)).toEqual([
      {
        operationId: 'chat.v2.CreateService',
        host: 'chat',
        method: 'POST',
        path: '/chat/v2/Services',
        status: 201,
        fault: null,
      },
      {
        operationId: 'chat.v2.DeleteService',
        host: 'chat',
        method: 'DELETE',
        path: `/chat/v2/Services/${sid}`,
        status: 204,
        fault: null,
      },
      {
        operationId: 'chat.v2.FetchService',
        host: 'chat',
        method: 'GET',
        path: `/chat/v2/Services/${sid}`,
        status: 404,
        fault: null,
      },
      {
        operationId: null,
        host: 'chat',
        method: 'GET',
        path: '/chat/v9/Nowhere',
        status: 404,
        fault: null,
      },
    ]);
    expect(events[0]?.body).toMatchObject({ sid, friendly_name: 'Observed' });
    expect(events[1]?.body).toBeUndefined();
    expect(events[2]?.body).toMatchObject({ code: 20404, status: 404 });
  });

  it('marks injected faults, the malformed body as the text sent', async () => {
    emulator.setFaults([
      { kind: 'rate-limit', count: 1 },
      { kind: 'malformed', count: 1 },
    ]);
    const events = await observed(async () => {
      expect(await send('/conversations/v1/Services')).toBe(429);
      expect(await send('/conversations/v1/Services')).toBe(200);
    });
    emulator.setFaults([]);
    expect(events.map((e) => [e.status, e.fault])).toEqual([
      [429, 'rate-limit'],
      [200, 'malformed'],
    ]);
    expect(events[0]?.body).toMatchObject({ code: 20429 });
    expect(typeof events[1]?.body).toBe('string');
  });

  it('stops reporting once unsubscribed, and a throwing observer breaks nothing', async () => {
    const seen: number[] = [];
    const stop = observeEmulatorResponses((event) => seen.push(event.status));
    const stopThrowing = observeEmulatorResponses(() => {
      throw new Error('observer bug');
    });
    const originalError = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      expect(await send('/conversations/v1/Services')).toBe(200);
    } finally {
      console.error = originalError;
      stopThrowing();
    }
    stop();
    expect(await send('/conversations/v1/Services')).toBe(200);
    expect(seen).toEqual([200]);
    expect(logged).toHaveLength(1);
  });
});
