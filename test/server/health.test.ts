import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { createGateway, type Gateway } from '../../src/server/app.js';
import { configFor, postGraphQL, startStack, type Stack } from './support/stack.js';
import { tinyGraph } from './support/tiny-graph.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stack(options: Parameters<typeof startStack>[0] = {}): Promise<Stack> {
  const started = await startStack(options);
  cleanups.push(() => started.close());
  return started;
}

/** A gateway whose configured upstream is a port nobody listens on any more. */
async function gatewayWithDeadUpstream(): Promise<Gateway> {
  const emulator = await startEmulator();
  const config = configFor(emulator);
  await emulator.close();
  const gateway = await createGateway({
    twilio: config,
    graph: tinyGraph(),
    readiness: { cacheMs: 0 },
  });
  cleanups.push(() => gateway.close());
  return gateway;
}

describe('/healthz', () => {
  it('answers 200 while the process serves', async () => {
    const { gateway } = await stack();
    const response = await fetch(new URL('/healthz', gateway.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers 200 even when the upstream is down', async () => {
    const gateway = await gatewayWithDeadUpstream();
    const response = await fetch(new URL('/healthz', gateway.url));
    expect(response.status).toBe(200);
  });

  it('refuses POST with 405 and Allow', async () => {
    const { gateway } = await stack();
    const response = await fetch(new URL('/healthz', gateway.url), { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('/readyz', () => {
  it('answers 200 when the upstream answers a cheap call', async () => {
    const { gateway, emulator } = await stack();
    emulator.clearRequests();
    const response = await fetch(new URL('/readyz', gateway.url));
    expect(response.status).toBe(200);
    expect(emulator.requestLog().byOperation).toEqual({
      'conversations.v1.FetchConfiguration': 1,
    });
  });

  it('answers 503 when the upstream is down', async () => {
    const gateway = await gatewayWithDeadUpstream();
    const response = await fetch(new URL('/readyz', gateway.url));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'not ready', reason: 'upstream unreachable' });
  });

  it('answers 503 when the upstream answers with errors', async () => {
    const { gateway, emulator } = await stack({ readiness: { cacheMs: 0 } });
    emulator.setFaults([{ kind: 'unavailable', rate: 1 }]);
    const response = await fetch(new URL('/readyz', gateway.url));
    expect(response.status).toBe(503);
  });

  it('reuses a recent result instead of calling the upstream again', async () => {
    const { gateway, emulator } = await stack({ readiness: { cacheMs: 60_000 } });
    emulator.clearRequests();
    for (let i = 0; i < 3; i += 1) {
      expect((await fetch(new URL('/readyz', gateway.url))).status).toBe(200);
    }
    expect(emulator.requestLog().total).toBe(1);
  });
});

describe('/metrics', () => {
  it('counts HTTP requests and upstream calls by operation and status', async () => {
    const { gateway } = await stack();
    await postGraphQL(gateway, '{ configuration { defaultChatServiceSid } }');
    const response = await fetch(new URL('/metrics', gateway.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain(
      'gateway_http_requests_total{route="/graphql",method="POST",status="200"} 1',
    );
    // One call warms the default-service cache at start, one answers the query.
    expect(text).toContain(
      'gateway_upstream_calls_total{operation="conversations.v1.FetchConfiguration",status="200",outcome="ok"} 2',
    );
  });
});
