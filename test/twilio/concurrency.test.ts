import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallLedger, type TwilioClient, type TwilioConfigInput } from '../../src/twilio/index.js';
import { API_KEY, API_SECRET, SERVICE_SID, caught, clientFor } from './support/fixtures.js';
import { ScriptedServer, delay } from './support/scripted-server.js';

let server: ScriptedServer;
let client: TwilioClient;

beforeEach(async () => {
  server = await ScriptedServer.start();
});
afterEach(async () => {
  await client.close();
  await server.close();
});

function makeClient(overrides: Partial<TwilioConfigInput>): TwilioClient {
  client = clientFor(server, overrides);
  return client;
}

const fetch = ['conversations.v1.FetchService', { Sid: SERVICE_SID }] as const;

describe('concurrency cap per account', () => {
  it('never has more than N requests in flight (50 parallel calls, N=3)', async () => {
    // The server holds every request until the test answers it, and the test answers one only
    // when as many are in flight as the cap allows: no race against a timer decides the peak.
    const held: (() => void)[] = [];
    server.handler = () =>
      new Promise((resolve) => held.push(() => resolve({ status: 200, body: {} })));
    makeClient({ maxInFlightPerAccount: 3 });
    const calls = Promise.all(Array.from({ length: 50 }, () => client.request(...fetch)));
    for (let answered = 0; answered < 50; answered += 1) {
      while (held.length < Math.min(3, 50 - answered)) await delay(1);
      held.shift()?.();
    }
    await calls;
    expect(server.requests).toHaveLength(50);
    expect(server.maxInFlight).toBe(3);
  });

  it('starts queued calls in FIFO order', async () => {
    const releases: (() => void)[] = [];
    server.handler = () =>
      new Promise((resolve) => releases.push(() => resolve({ status: 200, body: {} })));
    makeClient({ maxInFlightPerAccount: 1 });
    const sids = ['IS' + '1'.repeat(32), 'IS' + '2'.repeat(32), 'IS' + '3'.repeat(32)];
    const calls = sids.map((Sid) => client.request('conversations.v1.FetchService', { Sid }));
    for (let i = 0; i < sids.length; i += 1) {
      while (releases.length <= i) await delay(1);
      releases[i]?.();
    }
    await Promise.all(calls);
    expect(server.requests.map((r) => r.url.split('/').at(-1))).toEqual(sids);
  });

  it('drops a queued call whose signal aborts: it rejects as aborted and is never sent', async () => {
    const releases: (() => void)[] = [];
    server.handler = () =>
      new Promise((resolve) => releases.push(() => resolve({ status: 200, body: {} })));
    makeClient({ maxInFlightPerAccount: 1 });
    const first = client.request(...fetch);
    const controller = new AbortController();
    const queued = caught(() => client.request(...fetch, { signal: controller.signal }));
    const third = client.request('conversations.v1.FetchService', { Sid: 'IS' + '3'.repeat(32) });
    while (releases.length === 0) await delay(1);
    controller.abort();
    expect(await queued).toMatchObject({ kind: 'aborted', attempts: 0 });
    releases[0]?.();
    await first;
    while (releases.length < 2) await delay(1);
    releases[1]?.();
    await third;
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.url).toContain('IS' + '3'.repeat(32));
  });

  it('fails a call that waits in the queue past its deadline with kind timeout, unsent', async () => {
    const releases: (() => void)[] = [];
    server.handler = () =>
      new Promise((resolve) => releases.push(() => resolve({ status: 200, body: {} })));
    makeClient({ maxInFlightPerAccount: 1 });
    const first = client.request(...fetch);
    const queued = await caught(() => client.request(...fetch, { deadlineMs: 30 }));
    expect(queued).toMatchObject({ kind: 'timeout', attempts: 0 });
    while (releases.length === 0) await delay(1);
    releases[0]?.();
    await first;
    expect(server.requests).toHaveLength(1);
  });

  it('keeps a separate cap for each account', async () => {
    const otherAccount = {
      accountSid: `AC${'f'.repeat(32)}`,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
    };
    // Held until both accounts have one in flight; with a shared cap of 1 that never happens
    // and the test times out instead of passing.
    const held: (() => void)[] = [];
    server.handler = () =>
      new Promise((resolve) => held.push(() => resolve({ status: 200, body: {} })));
    makeClient({ maxInFlightPerAccount: 1 });
    const calls = Promise.all([
      ...Array.from({ length: 4 }, () => client.request(...fetch)),
      ...Array.from({ length: 4 }, () => client.request(...fetch, { credentials: otherAccount })),
    ]);
    for (let answered = 0; answered < 8; answered += 2) {
      while (held.length < 2) await delay(1);
      held.splice(0).forEach((answer) => answer());
    }
    await calls;
    expect(server.maxInFlight).toBe(2);
    const accounts = server.requests.map((request) => request.headers.authorization);
    expect(new Set(accounts).size).toBe(2);
  });
});

/**
 * A loopback "Twilio" whose account takes 12 requests in flight, some of them held by other
 * processes. It holds every request and answers the oldest only once all the client's requests
 * in flight have arrived, so each step is one answer and the counts are exact.
 */
class SharedAccount {
  readonly capacity = 12;
  others = 4;
  throttled = 0;
  mostHeld = 0;
  private held: (() => void)[] = [];
  private pumping = true;

  constructor(private readonly withHeader: boolean) {}

  install(target: ScriptedServer, owner: () => TwilioClient): void {
    target.handler = () => {
      const inFlight = this.held.length + 1 + this.others;
      if (inFlight > this.capacity) {
        this.throttled += 1;
        return {
          status: 429,
          headers: this.header(inFlight),
          body: { code: 20429, message: 'Too Many Requests', status: 429 },
        };
      }
      this.mostHeld = Math.max(this.mostHeld, this.held.length + 1);
      return new Promise((resolve) =>
        this.held.push(() =>
          resolve({
            status: 200,
            headers: this.header(this.held.length + 1 + this.others),
            body: {},
          }),
        ),
      );
    };
    const pump = () => {
      if (!this.pumping) return;
      if (this.held.length > 0 && this.held.length === owner().concurrency().inFlight) {
        this.held.shift()?.();
      }
      setImmediate(pump);
    };
    pump();
  }

  stop(): void {
    this.pumping = false;
    for (const answer of this.held.splice(0)) answer();
  }

  private header(inFlight: number): Record<string, string> {
    return this.withHeader ? { 'twilio-concurrent-requests': String(inFlight) } : {};
  }
}

describe('adaptive limit on an account shared with other processes', () => {
  const burst = () =>
    Promise.all(
      Array.from({ length: 60 }, () => client.request(...fetch, { ledger: new CallLedger() })),
    );

  for (const withHeader of [true, false]) {
    it(`finds the room the others leave, and ${withHeader ? 'follows Twilio-Concurrent-Requests when they go' : 'without Twilio-Concurrent-Requests keeps to what it learnt'}`, async () => {
      const account = new SharedAccount(withHeader);
      makeClient({ maxInFlightPerAccount: 50, maxAttempts: 20 });
      account.install(server, () => client);
      try {
        await burst();
        // 12 minus the 4 the others hold. The price: the 12 of the first 20 requests (the
        // starting limit) that found no room; after that, none.
        expect(client.concurrency().limit).toBe(8);
        expect(account.throttled).toBe(12);
        const paid = account.throttled;
        account.others = 0;
        account.mostHeld = 0;
        await burst();
        expect(account.throttled).toBe(paid);
        expect(client.concurrency().limit).toBe(withHeader ? 12 : 8);
        expect(account.mostHeld).toBe(withHeader ? 12 : 8);
      } finally {
        account.stop();
      }
    });
  }
});
