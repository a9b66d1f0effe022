/**
 * Production defaults: under NODE_ENV=production introspection, field suggestions and the
 * playground are off unless GATEWAY_INTROSPECTION=true; cross-site GET queries need a
 * preflight-forcing header (Apollo's CSRF rule); Host names are checked against DNS rebinding.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerEnv } from '../../src/server/env.js';
import { hostCheck } from '../../src/server/guards/http.js';
import { postGraphQL, startStack, type GraphQLBody, type Stack } from './support/stack.js';
import { preflight } from './support/preflight.js';

let production: Stack;
let development: Stack;

beforeAll(async () => {
  production = await startStack({
    gateway: { guards: loadServerEnv({ NODE_ENV: 'production' }).guards },
  });
  development = await startStack({ gateway: { guards: loadServerEnv({}).guards } });
});

afterAll(async () => {
  await production?.close();
  await development?.close();
});

const introspection = '{ __schema { queryType { name } } }';
const misspelt = '{ conversatons(first: 1) { nodes { sid } } }';

describe('NODE_ENV=production', () => {
  it('refuses introspection with INTROSPECTION_DISABLED, naming GATEWAY_INTROSPECTION', async () => {
    for (const query of [introspection, '{ __type(name: "User") { name } }']) {
      const { status, body } = await postGraphQL(production.gateway, query);
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({
        message:
          'Introspection is off (NODE_ENV=production); set GATEWAY_INTROSPECTION=true to allow it.',
        extensions: { code: 'INTROSPECTION_DISABLED' },
      });
    }
  });

  it('gives no field suggestions', async () => {
    const { body } = await postGraphQL(production.gateway, misspelt);
    expect(body.errors?.[0]?.message).toBe('Cannot query field "conversatons" on type "Query".');
    const dev = await postGraphQL(development.gateway, misspelt);
    expect(dev.body.errors?.[0]?.message).toMatch(/Did you mean "conversations"/);
  });

  it('does not serve the playground, which needs introspection', async () => {
    expect((await fetch(production.gateway.url)).status).toBe(404);
    expect((await fetch(new URL('/playground/graphiql.css', production.gateway.url))).status).toBe(
      404,
    );
    expect((await fetch(development.gateway.url)).status).toBe(200);
  });

  it('still answers ordinary queries and federation’s _service', async () => {
    const { body } = await postGraphQL(
      production.gateway,
      '{ _service { sdl } users(first: 1) { nodes { identity } } }',
    );
    expect(body.errors).toBeUndefined();
  });

  it('turns introspection, suggestions and the playground on with GATEWAY_INTROSPECTION=true', async () => {
    const guards = loadServerEnv({ NODE_ENV: 'production', GATEWAY_INTROSPECTION: 'true' }).guards;
    const opened = await startStack({ gateway: { guards } });
    try {
      const { body } = await postGraphQL(opened.gateway, introspection);
      expect(body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const suggested = await postGraphQL(opened.gateway, misspelt);
      expect(suggested.body.errors?.[0]?.message).toMatch(/Did you mean/);
      expect((await fetch(opened.gateway.url)).status).toBe(200);
    } finally {
      await opened.close();
    }
  });
});

describe('CSRF (Apollo csrfPrevention)', () => {
  function getUrl(query: string): URL {
    const url = new URL(development.gateway.graphqlUrl);
    url.searchParams.set('query', query);
    return url;
  }
  const query = '{ users(first: 1) { nodes { identity } } }';

  it('refuses a cross-site GET query without a preflight-forcing header, before any Twilio call', async () => {
    development.emulator.clearRequests();
    const response = await fetch(getUrl(query), {
      headers: { origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as GraphQLBody;
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(body.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);
    expect(development.emulator.requestLog().total).toBe(0);
  });

  it('runs a GET query that carries apollo-require-preflight', async () => {
    const response = await fetch(getUrl(query), { headers: preflight });
    expect(response.status).toBe(200);
    expect(((await response.json()) as GraphQLBody).errors).toBeUndefined();
  });

  it('refuses a simple-content-type POST (a cross-site form) with 415', async () => {
    const response = await fetch(development.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query }),
    });
    expect(response.status).toBe(415);
  });
});

/** node:http, because fetch does not let a caller choose the Host header. */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Host check (DNS rebinding)', () => {
  it('on a loopback bind, serves loopback names only by default', async () => {
    const { url, graphqlUrl } = development.gateway;
    const port = new URL(url).port;
    const health = new URL('/healthz', url).href;
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      'app.localhost',
    ]) {
      expect((await getWithHost(health, host)).status, host).toBe(200);
      expect((await getWithHost(`${graphqlUrl}?query={__typename}`, host)).status, host).not.toBe(
        403,
      );
    }
    const rebound = await getWithHost(url, `rebind.attacker.example:${port}`);
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({
      errors: [
        {
          message: 'This Host name is not served; add it to GATEWAY_ALLOWED_HOSTS.',
          extensions: { code: 'HOST_NOT_ALLOWED' },
        },
      ],
    });
    const graphql = await getWithHost(
      `${graphqlUrl}?query={__typename}`,
      'rebind.attacker.example',
    );
    expect(graphql.status).toBe(403);
    // Probes carry no data and are addressed by IP in clusters.
    expect((await getWithHost(health, 'rebind.attacker.example')).status).toBe(200);
  });

  it('serves exactly the names of GATEWAY_ALLOWED_HOSTS', async () => {
    const guards = loadServerEnv({
      GATEWAY_ALLOWED_HOSTS: 'chat.example.com, .example.org',
    }).guards;
    const listed = await startStack({ gateway: { guards } });
    try {
      const url = listed.gateway.url;
      expect((await getWithHost(url, 'chat.example.com')).status).toBe(200);
      expect((await getWithHost(url, 'api.example.org:443')).status).toBe(200);
      expect((await getWithHost(url, 'example.org')).status).toBe(200);
      expect((await getWithHost(url, 'example.com')).status).toBe(403);
      expect((await getWithHost(url, '127.0.0.1')).status).toBe(403);
    } finally {
      await listed.close();
    }
  });

  it('accepts any name on a non-loopback bind unless GATEWAY_ALLOWED_HOSTS says otherwise', () => {
    expect(hostCheck('bind', '0.0.0.0')('gateway.internal:4000')).toBe(true);
    expect(hostCheck('bind', '::')('gateway.internal')).toBe(true);
    expect(hostCheck('bind', '::1')('gateway.internal')).toBe(false);
    expect(hostCheck('bind', '127.0.0.1')(undefined)).toBe(false);
    expect(hostCheck('any', '127.0.0.1')('anything.example')).toBe(true);
  });
});
