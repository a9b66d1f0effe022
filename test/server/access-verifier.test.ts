/**
 * The authenticator on a fixed clock: the 60-second skew tolerance at its edges, and the same
 * decision from real-time connection parameters as from the Authorization header.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_SID } from '../../src/emulator/index.js';
import {
  authorizationFromConnectionParams,
  createAuthenticator,
  UnauthenticatedError,
} from '../../src/server/auth/authenticate.js';
import { mintAccessToken } from '../../src/server/auth/mint.js';
import { adminSecret, emulatorKey, goodClaims, shapedToken } from './support/tokens.js';

const t0 = 1_900_000_000;
const at = (seconds: number) => () => new Date(seconds * 1000);

function authenticator(now: number, mode: 'none' | 'access-token' = 'access-token') {
  return createAuthenticator({
    mode,
    adminSecret,
    keys: [emulatorKey],
    accountSid: DEFAULT_ACCOUNT_SID,
    now: at(now),
  });
}

async function tokenValid(window: { nbf?: number; exp: number; iat?: number }) {
  return shapedToken({ payload: { ...goodClaims(DEFAULT_ACCOUNT_SID), iat: t0, ...window } });
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthenticatedError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('clock skew tolerance (60 s at most)', () => {
  it('accepts a token during the 60 s after exp (exp itself is the first invalid second)', async () => {
    const token = await tokenValid({ exp: t0 + 3600 });
    await expect(
      authenticator(t0 + 3600 + 59).fromAuthorization(`Bearer ${token}`),
    ).resolves.toMatchObject({ kind: 'token', identity: 'alice' });
    expect(
      await reasonOf(authenticator(t0 + 3600 + 60).fromAuthorization(`Bearer ${token}`)),
    ).toMatch(/expired/);
  });

  it('accepts a token up to 60 s before nbf, and refuses it before that', async () => {
    const token = await tokenValid({ nbf: t0 + 600, exp: t0 + 3600 });
    await expect(
      authenticator(t0 + 540).fromAuthorization(`Bearer ${token}`),
    ).resolves.toMatchObject({ kind: 'token' });
    expect(await reasonOf(authenticator(t0 + 539).fromAuthorization(`Bearer ${token}`))).toMatch(
      /not valid yet/,
    );
  });

  it('allows exactly 24 hours of lifetime and not a second more', async () => {
    const day = await tokenValid({ exp: t0 + 86_400 });
    await expect(authenticator(t0).fromAuthorization(`Bearer ${day}`)).resolves.toMatchObject({
      kind: 'token',
      expiresAt: t0 + 86_400,
    });
    const longer = await tokenValid({ exp: t0 + 86_401 });
    expect(await reasonOf(authenticator(t0).fromAuthorization(`Bearer ${longer}`))).toMatch(
      /longer than 24 hours/,
    );
  });
});

describe('the caller a credential gives', () => {
  it('is a token caller with the grant, the key and the account', async () => {
    const serviceSid = 'IS' + 'a'.repeat(32);
    const token = await mintAccessToken({
      key: emulatorKey,
      accountSid: DEFAULT_ACCOUNT_SID,
      identity: 'alice',
      ttlSeconds: 600,
      serviceSid,
      now: new Date(t0 * 1000),
    });
    expect(await authenticator(t0 + 1).fromAuthorization(`Bearer ${token}`)).toEqual({
      kind: 'token',
      identity: 'alice',
      serviceSid,
      accountSid: DEFAULT_ACCOUNT_SID,
      keySid: emulatorKey.sid,
      grants: { identity: 'alice', chat: { service_sid: serviceSid } },
      expiresAt: t0 + 600,
    });
  });

  it('is admin for the admin secret, in either mode, whatever the case of "Bearer"', async () => {
    expect(await authenticator(t0).fromAuthorization(`Bearer ${adminSecret}`)).toEqual({
      kind: 'admin',
    });
    expect(await authenticator(t0, 'none').fromAuthorization(`bearer ${adminSecret}`)).toEqual({
      kind: 'admin',
    });
  });

  it('is none without a credential only in none mode', async () => {
    expect(await authenticator(t0, 'none').fromAuthorization(undefined)).toEqual({ kind: 'none' });
    expect(await reasonOf(authenticator(t0).fromAuthorization(undefined))).toMatch(
      /needs a credential/,
    );
  });

  it('is decided the same way from graphql-ws / SSE connection parameters', async () => {
    const token = await tokenValid({ exp: t0 + 3600 });
    const auth = authenticator(t0);
    await expect(
      auth.fromConnectionParams({ Authorization: `Bearer ${token}` }),
    ).resolves.toMatchObject({ kind: 'token', identity: 'alice' });
    await expect(
      auth.fromConnectionParams({ authorization: `Bearer ${adminSecret}` }),
    ).resolves.toEqual({ kind: 'admin' });
    expect(await reasonOf(auth.fromConnectionParams({}))).toMatch(/needs a credential/);
    expect(await reasonOf(auth.fromConnectionParams({ authorization: 'Bearer nope' }))).toMatch(
      /neither the admin secret/,
    );
    expect(authorizationFromConnectionParams(null)).toBeUndefined();
    expect(authorizationFromConnectionParams({ Authorization: 42 })).toBeUndefined();
  });
});

describe('real-time connection parameters', () => {
  it('take a bare { token } with the same verifier as a Bearer header', async () => {
    const token = await tokenValid({ exp: t0 + 3600 });
    const auth = authenticator(t0);
    await expect(auth.fromConnectionParams({ token })).resolves.toMatchObject({
      kind: 'token',
      identity: 'alice',
    });
    await expect(auth.fromConnectionParams({ token: adminSecret })).resolves.toEqual({
      kind: 'admin',
    });
    expect(authorizationFromConnectionParams({ token })).toBe(`Bearer ${token}`);
  });

  it('refuse a { token } with the reasons HTTP gives, never echoing it', async () => {
    const auth = authenticator(t0);
    const expired = await tokenValid({ exp: t0 - 120 });
    const reasons = [
      await reasonOf(auth.fromConnectionParams({ token: expired })),
      await reasonOf(auth.fromAuthorization(`Bearer ${expired}`)),
    ];
    expect(reasons[0]).toBe(reasons[1]);
    expect(reasons[0]).not.toContain(expired);
    // A token that is not a string, or empty, is unreadable rather than absent.
    for (const token of [42, '', '  ', { nested: true }]) {
      expect(await reasonOf(auth.fromConnectionParams({ token }))).toMatch(/must be "Bearer/);
    }
    expect(await reasonOf(auth.fromConnectionParams({ token: null }))).toMatch(
      /needs a credential/,
    );
  });

  it('keep the Authorization parameter first when both are sent', async () => {
    const token = await tokenValid({ exp: t0 + 3600 });
    const auth = authenticator(t0);
    await expect(
      auth.fromConnectionParams({ authorization: `Bearer ${adminSecret}`, token }),
    ).resolves.toEqual({ kind: 'admin' });
  });
});

describe('mintAccessToken (npm run token)', () => {
  it('refuses lifetimes Twilio would refuse', async () => {
    const input = { key: emulatorKey, accountSid: DEFAULT_ACCOUNT_SID, identity: 'alice' };
    await expect(mintAccessToken({ ...input, ttlSeconds: 86_401 })).rejects.toThrow(/24 h/);
    await expect(mintAccessToken({ ...input, ttlSeconds: 0 })).rejects.toThrow(/at least 1/);
  });
});
