import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createGateway } from '../../src/server/app.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { configFor } from './support/stack.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulator(
  options: Parameters<typeof startEmulator>[0] = {},
): Promise<RunningEmulator> {
  const started = await startEmulator(options);
  cleanups.push(() => started.close());
  return started;
}

describe('gateway lifecycle', () => {
  it('fails to start on a port that is taken, with the listen error', async () => {
    const upstream = await emulator();
    const first = await createGateway({ twilio: configFor(upstream), graph: graphBinding() });
    cleanups.push(() => first.close());
    const port = Number(new URL(first.url).port);
    await expect(
      createGateway({ twilio: configFor(upstream), graph: graphBinding(), port }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('stops listening on close, and close can be called twice', async () => {
    const upstream = await emulator();
    const gateway = await createGateway({ twilio: configFor(upstream), graph: graphBinding() });
    expect((await fetch(new URL('/healthz', gateway.url))).status).toBe(200);
    await Promise.all([gateway.close(), gateway.close()]);
    await expect(fetch(new URL('/healthz', gateway.url))).rejects.toThrow();
  });

  it('lets an in-flight request finish while closing', async () => {
    let releaseUpstream: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const upstreamArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const upstream = await emulator({
      latency: { fixedMs: 1 },
      sleep: () =>
        new Promise<void>((resolve) => {
          releaseUpstream = resolve;
          arrived();
        }),
    });
    cleanups.push(async () => releaseUpstream());
    // No warm-up call: every upstream request is held here until the test releases it.
    const gateway = await createGateway({
      twilio: configFor(upstream),
      graph: graphBinding(),
      warmUp: false,
    });
    const pending = fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ configuration { defaultChatServiceSid } }' }),
    });
    await upstreamArrived;
    const closing = gateway.close();
    releaseUpstream();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      data: { configuration: { defaultChatServiceSid: expect.stringMatching(/^IS/) } },
    });
    await closing;
  });
});
