/**
 * Issue 10, items 2 and 3 through HTTP: the real gateway in `access-token` mode in front of the
 * real emulator. Every refused credential is a 401 that reached no Twilio API (the emulator's
 * request log stays empty) and never repeats the credential.
 */
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, postGraphQL, type Stack } from './support/stack.js';
import {
  adminSecret,
  bearer,
  emulatorKey,
  goodClaims,
  nowSeconds,
  rotatedKey,
  shapedToken,
  twilioNodeToken,
  unsignedToken,
  withPayload,
} from './support/tokens.js';

const viewerQuery = '{ viewer { identity } }';
const otherAccount = 'AC' + 'f'.repeat(32);
const hour = 3600;

let stack: Stack;
let accountSid: string;

beforeAll(async () => {
  stack = await startStack({
    access: { mode: 'access-token', adminSecret, keys: [emulatorKey, rotatedKey] },
  });
  accountSid = stack.emulator.accountSid;
});
afterAll(() => stack.close());
// The warm-up call at start is the gateway's own; each test counts from zero.
beforeEach(() => stack.emulator.clearRequests());

async function expectRefused(headers: Record<string, string>, reason: RegExp): Promise<void> {
  const { status, body, headers: answer } = await post(headers);
  expect(status).toBe(401);
  expect(answer.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(body.errors?.[0]?.message).toMatch(reason);
  expect(body.extensions?.upstream).toEqual({
    estimate: 0,
    requests: 0,
    retries: 0,
    durationMs: 0,
  });
  const credential = (headers.authorization ?? '').replace(/^\S+\s+/, '');
  for (const part of credential.split('.').filter((segment) => segment.length >= 8)) {
    expect(JSON.stringify(body)).not.toContain(part);
  }
  expect(stack.emulator.requestLog().total).toBe(0);
}

async function post(headers: Record<string, string>) {
  const response = await fetch(stack.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: viewerQuery }),
  });
  const body = (await response.json()) as {
    data?: { viewer: { identity: string } | null } | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
  return { status: response.status, headers: response.headers, body };
}

function claims(change: (claims: JWTPayload) => JWTPayload): JWTPayload {
  return change(goodClaims(accountSid));
}

describe('Twilio Access Tokens: what verifies', () => {
  it('accepts a token minted by twilio-node (AccessToken + ChatGrant with serviceSid)', async () => {
    const services = await postGraphQL(
      stack.gateway,
      '{ services(first: 1) { nodes { sid } } }',
      {},
      bearer(adminSecret),
    );
    const serviceSid = (services.body.data?.services as { nodes: { sid: string }[] }).nodes[0]?.sid;
    stack.emulator.clearRequests();
    const token = twilioNodeToken({ accountSid, identity: 'alice', serviceSid });
    const { status, body } = await post(bearer(token));
    expect(status).toBe(200);
    expect(body.data?.viewer).toEqual({ identity: 'alice' });
  });

  it('accepts a twilio-node token whose chat grant names no service', async () => {
    const { status, body } = await post(
      bearer(twilioNodeToken({ accountSid, identity: 'bob', ttl: 24 * hour })),
    );
    expect(status).toBe(200);
    expect(body.data?.viewer).toEqual({ identity: 'bob' });
  });

  it('accepts the older ip_messaging grant key', async () => {
    const payload = claims((c) => ({ ...c, grants: { identity: 'carol', ip_messaging: {} } }));
    const { status, body } = await post(bearer(await shapedToken({ payload })));
    expect(status).toBe(200);
    expect(body.data?.viewer).toEqual({ identity: 'carol' });
  });

  it('looks the key up by iss, so a second key verifies during a rotation', async () => {
    const token = twilioNodeToken({ accountSid, identity: 'alice', key: rotatedKey });
    expect((await post(bearer(token))).body.data?.viewer).toEqual({ identity: 'alice' });
  });

  it('accepts the same token in a GET request', async () => {
    const url = new URL(stack.gateway.graphqlUrl);
    url.searchParams.set('query', viewerQuery);
    const response = await fetch(url, {
      // Apollo's CSRF rule: a GET runs only with a preflight-forcing header.
      headers: {
        ...bearer(twilioNodeToken({ accountSid, identity: 'alice' })),
        'apollo-require-preflight': 'true',
      },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { viewer: { identity: 'alice' } } });
  });
});

describe('Twilio Access Tokens: the verification matrix (401, no Twilio request)', () => {
  it('refuses an expired token', async () => {
    const payload = claims((c) => ({
      ...c,
      iat: nowSeconds() - 2 * hour,
      exp: nowSeconds() - hour,
    }));
    await expectRefused(bearer(await shapedToken({ payload })), /expired/);
  });

  it('refuses a token that is not valid yet (nbf)', async () => {
    const payload = claims((c) => ({
      ...c,
      nbf: nowSeconds() + hour,
      exp: nowSeconds() + 2 * hour,
    }));
    await expectRefused(bearer(await shapedToken({ payload })), /not valid yet/);
  });

  it('refuses a lifetime over 24 hours, counted from iat or from now', async () => {
    const long = claims((c) => ({ ...c, exp: nowSeconds() + 25 * hour }));
    await expectRefused(bearer(await shapedToken({ payload: long })), /longer than 24 hours/);
    const backdated = claims((c) => ({ ...c, iat: nowSeconds() - 30 * hour }));
    await expectRefused(bearer(await shapedToken({ payload: backdated })), /longer than 24 hours/);
    const noStart = claims(({ iat: _iat, ...c }) => ({ ...c, exp: nowSeconds() + 48 * hour }));
    await expectRefused(bearer(await shapedToken({ payload: noStart })), /longer than 24 hours/);
  });

  it('refuses a token without exp', async () => {
    const payload = claims(({ exp: _exp, ...c }) => c);
    await expectRefused(bearer(await shapedToken({ payload })), /expiry \(exp\)/);
  });

  it('refuses alg none', async () => {
    await expectRefused(bearer(unsignedToken(goodClaims(accountSid))), /HS256/);
  });

  it('refuses RS256, even with a valid RSA signature', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(goodClaims(accountSid))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', cty: 'twilio-fpa;v=1' })
      .sign(privateKey);
    await expectRefused(bearer(token), /HS256/);
  });

  it('refuses HS512, even signed with the right secret (twilio-node can mint it)', async () => {
    const token = await shapedToken({ payload: goodClaims(accountSid), header: { alg: 'HS512' } });
    await expectRefused(bearer(token), /HS256/);
  });

  it('refuses a token signed with the wrong secret', async () => {
    const token = await shapedToken({
      payload: goodClaims(accountSid),
      secret: 'not-the-secret-of-this-key-0123456789',
    });
    await expectRefused(bearer(token), /signature does not verify/);
  });

  it('refuses an unknown iss', async () => {
    const payload = claims((c) => ({ ...c, iss: 'SK' + 'e'.repeat(32) }));
    await expectRefused(
      bearer(await shapedToken({ payload })),
      /API key this gateway does not know/,
    );
    const none = claims(({ iss: _iss, ...c }) => c);
    await expectRefused(bearer(await shapedToken({ payload: none })), /does not know/);
  });

  it('refuses a token for another account (sub)', async () => {
    const token = twilioNodeToken({ accountSid: otherAccount, identity: 'alice' });
    await expectRefused(bearer(token), /another account/);
  });

  it('refuses a token without identity, or without a chat grant', async () => {
    const noIdentity = claims((c) => ({ ...c, grants: { chat: {} } }));
    await expectRefused(bearer(await shapedToken({ payload: noIdentity })), /no identity/);
    const empty = claims((c) => ({ ...c, grants: { identity: '', chat: {} } }));
    await expectRefused(bearer(await shapedToken({ payload: empty })), /no identity/);
    const video = claims((c) => ({ ...c, grants: { identity: 'alice', video: {} } }));
    await expectRefused(bearer(await shapedToken({ payload: video })), /no chat grant/);
    const badService = claims((c) => ({
      ...c,
      grants: { identity: 'alice', chat: { service_sid: '../Services' } },
    }));
    await expectRefused(bearer(await shapedToken({ payload: badService })), /invalid chat service/);
  });

  it('refuses a token without the Twilio content type', async () => {
    const token = await shapedToken({ payload: goodClaims(accountSid), header: { cty: 'JWT' } });
    await expectRefused(bearer(token), /not a Twilio Access Token/);
  });

  it('refuses a tampered payload (another identity under the original signature)', async () => {
    const token = twilioNodeToken({ accountSid, identity: 'alice' });
    const forged = withPayload(
      token,
      claims((c) => ({ ...c, grants: { identity: 'mallory', chat: {} } })),
    );
    await expectRefused(bearer(forged), /signature does not verify/);
  });

  it('refuses garbage', async () => {
    await expectRefused(bearer('not-a-token'), /neither the admin secret nor a well-formed/);
    await expectRefused(bearer('aaaaaaaa.bbbbbbbb.cccccccc'), /neither the admin secret/);
    await expectRefused(bearer('{}.{}.{}'), /neither the admin secret/);
    await expectRefused({ authorization: 'Basic YWxpY2U6c2VjcmV0' }, /must be "Bearer <token>"/);
    await expectRefused({ authorization: 'Bearer' }, /must be "Bearer <token>"/);
  });
});

describe('the admin secret and requests without a credential', () => {
  it('gives the admin secret full access, with no viewer', async () => {
    const result = await postGraphQL(
      stack.gateway,
      '{ viewer { identity } services(first: 1) { nodes { sid } } }',
      {},
      bearer(adminSecret),
    );
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.viewer).toBeNull();
    expect((result.body.data?.services as { nodes: unknown[] }).nodes).toHaveLength(1);
  });

  it('refuses a wrong admin secret, without repeating it', async () => {
    await expectRefused(bearer(`${adminSecret}x`), /neither the admin secret/);
    await expectRefused(bearer(adminSecret.slice(0, -1)), /neither the admin secret/);
  });

  it('refuses a request without a credential: the graph is not for anonymous callers', async () => {
    const { status, headers, body } = await post({});
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer realm="twilio-chat-graphql"');
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(stack.emulator.requestLog().total).toBe(0);
  });

  it("takes the playground's empty Authorization header for no credential", async () => {
    const { status, body } = await post({ authorization: '' });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.message).toMatch(/needs a credential/);
  });

  it('keeps /healthz, /metrics and the playground reachable without a credential', async () => {
    const origin = stack.gateway.url;
    for (const path of ['healthz', 'metrics', '']) {
      expect((await fetch(new URL(path, origin))).status, path).toBe(200);
    }
  });
});

describe('GATEWAY_AUTH=none with an admin secret', () => {
  let open: Stack;
  beforeAll(async () => {
    open = await startStack({ access: { mode: 'none', adminSecret, keys: [emulatorKey] } });
  });
  afterAll(() => open.close());

  it('serves requests without a credential, and tokens as their identity', async () => {
    const anonymous = await postGraphQL(open.gateway, viewerQuery);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.data?.viewer).toBeNull();
    const token = twilioNodeToken({ accountSid: open.emulator.accountSid, identity: 'alice' });
    const asAlice = await postGraphQL(open.gateway, viewerQuery, {}, bearer(token));
    expect(asAlice.body.data?.viewer).toEqual({ identity: 'alice' });
  });

  it("serves the playground's empty Authorization header as no credential", async () => {
    const result = await postGraphQL(open.gateway, viewerQuery, {}, { authorization: '' });
    expect(result.status).toBe(200);
    expect(result.body.data?.viewer).toBeNull();
  });

  it('refuses a wrong bearer instead of ignoring it', async () => {
    open.emulator.clearRequests();
    const result = await postGraphQL(open.gateway, viewerQuery, {}, bearer('wrong-secret'));
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(open.emulator.requestLog().total).toBe(0);
  });
});
