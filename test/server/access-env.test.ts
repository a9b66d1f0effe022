/**
 * The access and CORS variables, validated once at start (issue 10, items 1, 3 and 6): messages
 * name the variable and never echo a secret.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCOUNT_SID,
  DEFAULT_API_KEY,
  DEFAULT_API_SECRET,
} from '../../src/emulator/index.js';
import { isLoopbackHost } from '../../src/server/auth/env.js';
import { loadServerEnv } from '../../src/server/env.js';
import { problemsOf } from './support/env-problems.js';

const key = 'SK' + 'a'.repeat(32);
const secret = 'the-secret-of-key-a-0123456789';

describe('GATEWAY_AUTH', () => {
  it('defaults to none on a loopback HOST, with no warning', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
      const { access } = loadServerEnv({ HOST: host });
      expect(access.mode, host).toBe('none');
      expect(access.warnings).toEqual([]);
    }
  });

  it('refuses to start on any other HOST when unset, naming GATEWAY_AUTH', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'gateway.internal']) {
      expect(problemsOf({ HOST: host }), host).toContain(
        'GATEWAY_AUTH is required when HOST is not a loopback address',
      );
    }
  });

  it('allows an explicit none off loopback, with a warning for the start log', () => {
    const { access } = loadServerEnv({ HOST: '0.0.0.0', GATEWAY_AUTH: 'none' });
    expect(access.mode).toBe('none');
    expect(access.warnings).toEqual([expect.stringContaining('GATEWAY_AUTH=none')]);
  });

  it('refuses an unknown mode, listing the allowed ones', () => {
    expect(problemsOf({ GATEWAY_AUTH: 'jwt' })).toContain(
      'GATEWAY_AUTH must be one of none, access-token',
    );
  });

  it('tells loopback addresses apart', () => {
    expect(isLoopbackHost('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });
});

describe('token keys and account', () => {
  it('uses the emulator key and account when there are no Twilio credentials', () => {
    const { access } = loadServerEnv({ GATEWAY_AUTH: 'access-token' });
    expect(access.keys).toEqual([{ sid: DEFAULT_API_KEY, secret: DEFAULT_API_SECRET }]);
    expect(access.accountSid).toBe(DEFAULT_ACCOUNT_SID);
  });

  it('falls back to TWILIO_API_KEY / TWILIO_API_SECRET, for TWILIO_ACCOUNT_SID', () => {
    const account = 'AC' + 'b'.repeat(32);
    const { access } = loadServerEnv({
      GATEWAY_AUTH: 'access-token',
      TWILIO_ACCOUNT_SID: account,
      TWILIO_API_KEY: key,
      TWILIO_API_SECRET: secret,
    });
    expect(access.keys).toEqual([{ sid: key, secret }]);
    expect(access.accountSid).toBe(account);
  });

  it('reads GATEWAY_ACCESS_TOKEN_KEYS first, in order, for rotation', () => {
    const second = 'SK' + 'c'.repeat(32);
    const { access } = loadServerEnv({
      GATEWAY_ACCESS_TOKEN_KEYS: ` ${key}:${secret} , ${second}:with:colons-0123456789`,
      TWILIO_API_KEY: 'SK' + 'd'.repeat(32),
      TWILIO_API_SECRET: 'ignored-secret-0123456789',
      TWILIO_ACCOUNT_SID: 'AC' + 'b'.repeat(32),
    });
    expect(access.keys).toEqual([
      { sid: key, secret },
      { sid: second, secret: 'with:colons-0123456789' },
    ]);
  });

  it('refuses malformed pairs by position, without echoing any of them', () => {
    const message = problemsOf({
      GATEWAY_ACCESS_TOKEN_KEYS: `${key}:short,not-a-key:${secret},${key}:${secret},${key}:${secret}`,
    });
    expect(message).toContain(
      'GATEWAY_ACCESS_TOKEN_KEYS entry 1 must have a secret of at least 16',
    );
    expect(message).toContain('GATEWAY_ACCESS_TOKEN_KEYS entry 2 must start with an API key SID');
    expect(message).toContain('GATEWAY_ACCESS_TOKEN_KEYS entry 4 repeats an API key SID');
    expect(message).not.toContain(secret);
    expect(message).not.toContain('short');
    expect(message).not.toContain(key);
  });

  it('refuses access-token mode with nothing to verify tokens with', () => {
    expect(
      problemsOf({
        GATEWAY_AUTH: 'access-token',
        TWILIO_ACCOUNT_SID: 'AC' + 'b'.repeat(32),
        TWILIO_AUTH_TOKEN: 'an-auth-token-0123456789',
      }),
    ).toContain('GATEWAY_AUTH=access-token needs a key to verify tokens');
  });
});

describe('GATEWAY_ADMIN_SECRET', () => {
  it('is read when long enough', () => {
    const adminSecret = 'x'.repeat(32);
    expect(loadServerEnv({ GATEWAY_ADMIN_SECRET: adminSecret }).access.adminSecret).toBe(
      adminSecret,
    );
    expect(loadServerEnv({}).access.adminSecret).toBeNull();
  });

  it('refuses a short or spaced secret without echoing it', () => {
    const short = problemsOf({ GATEWAY_ADMIN_SECRET: 'hunter2-hunter2' });
    expect(short).toContain('GATEWAY_ADMIN_SECRET must be at least 32 characters');
    expect(short).not.toContain('hunter2');
    const spaced = problemsOf({ GATEWAY_ADMIN_SECRET: `${'y'.repeat(20)} ${'z'.repeat(20)}` });
    expect(spaced).toContain('GATEWAY_ADMIN_SECRET must be printable ASCII without spaces');
    expect(spaced).not.toContain('yyyy');
  });
});

describe('GATEWAY_CORS_ORIGINS', () => {
  it('is off by default and reads exact origins', () => {
    expect(loadServerEnv({}).cors).toEqual({ origins: [] });
    expect(
      loadServerEnv({
        GATEWAY_CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      }).cors,
    ).toEqual({ origins: ['https://app.example.com', 'http://localhost:5173'] });
  });

  it('refuses what is not an exact origin, by position', () => {
    const message = problemsOf({
      GATEWAY_CORS_ORIGINS:
        'https://app.example.com/,https://App.example.com,ftp://x.example,https://ok.example',
    });
    for (const entry of [1, 2, 3]) {
      expect(message).toContain(`GATEWAY_CORS_ORIGINS entry ${entry} must be an origin`);
    }
    expect(message).not.toContain('entry 4');
  });

  it('allows * only with GATEWAY_AUTH=access-token, and only alone', () => {
    expect(problemsOf({ GATEWAY_CORS_ORIGINS: '*' })).toContain(
      'GATEWAY_CORS_ORIGINS=* is allowed only with GATEWAY_AUTH=access-token',
    );
    expect(loadServerEnv({ GATEWAY_CORS_ORIGINS: '*', GATEWAY_AUTH: 'access-token' }).cors).toEqual(
      {
        origins: '*',
      },
    );
    expect(
      problemsOf({ GATEWAY_CORS_ORIGINS: '*,https://a.example', GATEWAY_AUTH: 'access-token' }),
    ).toContain('GATEWAY_CORS_ORIGINS must be either * or a list of origins');
  });
});
