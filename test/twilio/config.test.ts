import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_VERSION,
  createTwilioConfig,
  hasTwilioCredentials,
  loadTwilioConfig,
  TwilioError,
  userAgent,
} from '../../src/twilio/index.js';
import { ACCOUNT_SID, API_KEY, API_SECRET, AUTH_TOKEN } from './support/fixtures.js';

function configError(fn: () => unknown): TwilioError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TwilioError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('loadTwilioConfig', () => {
  it('reads Account SID + Auth Token and fills every tunable default', () => {
    const config = loadTwilioConfig({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    });
    expect(config.credentials).toEqual({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    expect(config).toMatchObject({
      edge: null,
      region: null,
      baseUrls: {},
      maxInFlightPerAccount: 100,
      maxSharePerOperation: 0.75,
      maxAttempts: 4,
    });
  });

  it('reads an API key + secret together with the Account SID', () => {
    const config = loadTwilioConfig({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_API_KEY: API_KEY,
      TWILIO_API_SECRET: API_SECRET,
    });
    expect(config.credentials).toEqual({
      accountSid: ACCOUNT_SID,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
    });
  });

  it('names TWILIO_ACCOUNT_SID when it is missing or malformed, without echoing the value', () => {
    expect(
      configError(() => loadTwilioConfig({ TWILIO_AUTH_TOKEN: AUTH_TOKEN })).message,
    ).toContain('TWILIO_ACCOUNT_SID is required');
    const bad = configError(() =>
      loadTwilioConfig({ TWILIO_ACCOUNT_SID: 'ACnot-a-sid-value', TWILIO_AUTH_TOKEN: AUTH_TOKEN }),
    );
    expect(bad.kind).toBe('config');
    expect(bad.message).toContain('TWILIO_ACCOUNT_SID must be "AC" followed by 32 hex digits');
    expect(bad.message).not.toContain('ACnot-a-sid-value');
  });

  it('names TWILIO_AUTH_TOKEN when no secret is configured at all', () => {
    const error = configError(() => loadTwilioConfig({ TWILIO_ACCOUNT_SID: ACCOUNT_SID }));
    expect(error.message).toContain(
      'TWILIO_AUTH_TOKEN (or TWILIO_API_KEY with TWILIO_API_SECRET) is required',
    );
  });

  it('names TWILIO_API_KEY / TWILIO_API_SECRET when the pair is incomplete or malformed', () => {
    const noSecret = configError(() =>
      loadTwilioConfig({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_KEY: API_KEY }),
    );
    expect(noSecret.message).toContain('TWILIO_API_SECRET is required when TWILIO_API_KEY is set');
    const badKey = configError(() =>
      loadTwilioConfig({
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_API_KEY: ACCOUNT_SID,
        TWILIO_API_SECRET: API_SECRET,
      }),
    );
    expect(badKey.message).toContain('TWILIO_API_KEY must be "SK" followed by 32 hex digits');
    expect(badKey.message).not.toContain(API_SECRET);
  });

  it('names the tunable variable when it is not an integer in range', () => {
    const error = configError(() =>
      loadTwilioConfig({
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_CLIENT_MAX_IN_FLIGHT: 'many',
        TWILIO_CLIENT_DEADLINE_MS: '0',
      }),
    );
    expect(error.message).toContain(
      'TWILIO_CLIENT_MAX_IN_FLIGHT must be an integer from 1 to 1000',
    );
    expect(error.message).toContain(
      'TWILIO_CLIENT_DEADLINE_MS must be an integer from 1 to 3600000',
    );
  });

  it('reads tunables from TWILIO_CLIENT_* variables', () => {
    const config = loadTwilioConfig({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_CLIENT_MAX_IN_FLIGHT: '3',
      TWILIO_CLIENT_MAX_ATTEMPTS: '2',
      TWILIO_CLIENT_HEADERS_TIMEOUT_MS: '1500',
    });
    expect(config).toMatchObject({
      maxInFlightPerAccount: 3,
      maxAttempts: 2,
      headersTimeoutMs: 1500,
    });
  });

  it('reads TWILIO_CLIENT_MAX_SHARE as a fraction and names it when it is not one in (0, 1]', () => {
    const base = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    expect(loadTwilioConfig({ ...base, TWILIO_CLIENT_MAX_SHARE: '0.25' })).toMatchObject({
      maxSharePerOperation: 0.25,
    });
    expect(loadTwilioConfig({ ...base, TWILIO_CLIENT_MAX_SHARE: ' 1 ' })).toMatchObject({
      maxSharePerOperation: 1,
    });
    for (const bad of ['0', '1.5', 'half', '50%', '-0.5', '1e-1']) {
      const error = configError(() => loadTwilioConfig({ ...base, TWILIO_CLIENT_MAX_SHARE: bad }));
      expect(error.message).toContain(
        'TWILIO_CLIENT_MAX_SHARE must be a number greater than 0 and at most 1',
      );
    }
    // The message names the variable, never the value (a value may be a pasted secret).
    expect(
      configError(() => loadTwilioConfig({ ...base, TWILIO_CLIENT_MAX_SHARE: 'half' })).message,
    ).not.toContain('half');
    const inCode = configError(() =>
      createTwilioConfig({
        credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
        maxSharePerOperation: 0,
      }),
    );
    expect(inCode.message).toContain('maxSharePerOperation must be a number greater than 0');
  });

  it('keeps a base-URL override path prefix and names the variable of a bad one', () => {
    const config = loadTwilioConfig({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_CHAT_BASE_URL: 'http://127.0.0.1:4010/chat/',
      TWILIO_CONVERSATIONS_BASE_URL: 'http://127.0.0.1:4010/conversations',
    });
    expect(config.baseUrls).toEqual({
      chat: 'http://127.0.0.1:4010/chat',
      conversations: 'http://127.0.0.1:4010/conversations',
    });
    const error = configError(() =>
      loadTwilioConfig({
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_IP_MESSAGING_BASE_URL: `https://user:${AUTH_TOKEN}@ip-messaging.example.test`,
      }),
    );
    expect(error.message).toContain('TWILIO_IP_MESSAGING_BASE_URL must be an absolute http(s) URL');
    expect(error.message).not.toContain(AUTH_TOKEN);
  });

  it('names TWILIO_EDGE / TWILIO_REGION when they are not location names', () => {
    const error = configError(() =>
      loadTwilioConfig({
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_EDGE: 'Sydney!',
        TWILIO_REGION: 'ie1.evil.example',
      }),
    );
    expect(error.message).toContain('TWILIO_EDGE must be a lowercase location name');
    expect(error.message).toContain('TWILIO_REGION must be a lowercase location name');
  });

  it('lets overrides (the embedded emulator) replace credentials and base URLs', () => {
    const config = loadTwilioConfig(
      { TWILIO_CLIENT_MAX_IN_FLIGHT: '5' },
      {
        credentials: { accountSid: ACCOUNT_SID, authToken: 'emulator' },
        baseUrls: { conversations: 'http://127.0.0.1:4010/conversations' },
      },
    );
    expect(config.maxInFlightPerAccount).toBe(5);
    expect(config.baseUrls.conversations).toBe('http://127.0.0.1:4010/conversations');
  });
});

describe('hasTwilioCredentials', () => {
  it('is false when no credential variable is set and true when any is', () => {
    expect(hasTwilioCredentials({})).toBe(false);
    expect(hasTwilioCredentials({ TWILIO_AUTH_TOKEN: '  ', TWILIO_EDGE: 'sydney' })).toBe(false);
    expect(hasTwilioCredentials({ TWILIO_API_KEY: API_KEY })).toBe(true);
  });
});

describe('createTwilioConfig', () => {
  it('builds a configuration in code and names the field of a bad value', () => {
    const config = createTwilioConfig({
      credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      maxInFlightPerAccount: 3,
    });
    expect(config.maxInFlightPerAccount).toBe(3);
    const error = configError(() =>
      createTwilioConfig({
        credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
        maxAttempts: 0,
      }),
    );
    expect(error.message).toContain('maxAttempts must be an integer from 1 to 20');
  });
});

describe('User-Agent', () => {
  it('carries the package version like twilio-node carries its own', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    expect(CLIENT_VERSION).toBe(pkg.version);
    expect(userAgent()).toMatch(/^twilio-chat-graphql\/\d+\.\d+\.\d+ \(node v\d+/);
  });
});
