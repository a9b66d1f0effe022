/**
 * CORS on /graphql (issue 10, item 6), through HTTP: preflights, actual requests, origins that
 * are not listed, and `*` in access-token mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';
import { bearer, emulatorKey, twilioNodeToken } from './support/tokens.js';

const app = 'https://app.example.com';
const query = JSON.stringify({ query: '{ viewer { identity } }' });

function preflight(stack: Stack, origin: string, requestHeaders: string) {
  return fetch(stack.gateway.graphqlUrl, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': requestHeaders,
    },
  });
}

function corsHeaders(response: Response): Record<string, string> {
  const found: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name.startsWith('access-control-')) found[name] = value;
  });
  return found;
}

describe('exact origins', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ cors: { origins: [app, 'http://localhost:5173'] } });
  });
  afterAll(() => stack.close());

  it('answers a preflight from a listed origin with 204, the methods, headers and a max-age', async () => {
    const response = await preflight(stack, app, 'authorization, content-type');
    expect(response.status).toBe(204);
    expect(corsHeaders(response)).toEqual({
      'access-control-allow-origin': app,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization, content-type, apollo-require-preflight',
      'access-control-max-age': '600',
    });
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('lets a listed origin read the answer of an actual request', async () => {
    const response = await fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { origin: app, 'content-type': 'application/json' },
      body: query,
    });
    expect(response.status).toBe(200);
    expect(corsHeaders(response)).toEqual({ 'access-control-allow-origin': app });
    expect(await response.json()).toMatchObject({ data: { viewer: null } });
  });

  it('gives other origins no CORS header, on preflights and on actual requests', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.com:8443', 'null']) {
      const answered = await preflight(stack, origin, 'authorization');
      expect(answered.status).toBe(204);
      expect(corsHeaders(answered), origin).toEqual({});
      const actual = await fetch(stack.gateway.graphqlUrl, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: query,
      });
      expect(corsHeaders(actual), origin).toEqual({});
    }
  });

  it('keeps other routes and non-preflight OPTIONS as they were', async () => {
    const health = await fetch(new URL('/healthz', stack.gateway.url), {
      headers: { origin: app },
    });
    expect(corsHeaders(health)).toEqual({});
    const options = await fetch(stack.gateway.graphqlUrl, { method: 'OPTIONS' });
    expect(options.status).toBe(405);
  });
});

describe('* with access tokens', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      access: { mode: 'access-token', adminSecret: null, keys: [emulatorKey] },
      cors: { origins: '*' },
    });
  });
  afterAll(() => stack.close());

  it('answers any origin with *, and a preflight needs no credential', async () => {
    const response = await preflight(stack, 'https://anywhere.example', 'authorization');
    expect(response.status).toBe(204);
    expect(corsHeaders(response)['access-control-allow-origin']).toBe('*');
    expect(corsHeaders(response)['access-control-allow-credentials']).toBeUndefined();
  });

  it('lets the page read a 401 and a token answer', async () => {
    const refused = await fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { origin: app, 'content-type': 'application/json' },
      body: query,
    });
    expect(refused.status).toBe(401);
    expect(corsHeaders(refused)).toEqual({ 'access-control-allow-origin': '*' });
    const token = twilioNodeToken({ accountSid: stack.emulator.accountSid, identity: 'alice' });
    const served = await fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { origin: app, 'content-type': 'application/json', ...bearer(token) },
      body: query,
    });
    expect(served.status).toBe(200);
    expect(corsHeaders(served)).toEqual({ 'access-control-allow-origin': '*' });
    expect(await served.json()).toMatchObject({ data: { viewer: { identity: 'alice' } } });
  });
});
