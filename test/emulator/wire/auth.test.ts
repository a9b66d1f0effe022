import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY, DEFAULT_API_SECRET, startEmulator } from '../../../src/emulator/index.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { call } from './helpers.js';

const authenticate = {
  code: 20003,
  message: 'Authenticate',
  more_info: 'https://www.twilio.com/docs/errors/20003',
  status: 401,
};

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: false });
});

afterAll(async () => {
  await emulator.close();
});

describe('authentication', () => {
  it('rejects a wrong auth token with 401/20003', async () => {
    const answer = await call(emulator, {
      path: '/conversations/v1/Services',
      auth: { user: emulator.accountSid, password: 'wrong-token' },
    });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual(authenticate);
  });

  it('rejects a request without Authorization with 401/20003', async () => {
    const answer = await call(emulator, { path: '/conversations/v1/Services', auth: false });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual(authenticate);
  });

  it('rejects a garbled Basic header with 401/20003', async () => {
    const answer = await call(emulator, {
      path: '/conversations/v1/Services',
      auth: false,
      headers: { authorization: 'Basic !!!not-base64' },
    });
    expect(answer.status).toBe(401);
  });

  it('accepts the default API key and secret', async () => {
    const answer = await call(emulator, {
      path: '/conversations/v1/Services',
      auth: { user: DEFAULT_API_KEY, password: DEFAULT_API_SECRET },
    });
    expect(answer.status).toBe(200);
  });

  it('accepts configured credentials and refuses the defaults then', async () => {
    const custom = await startEmulator({
      seed: false,
      credentials: {
        accountSid: 'AC11111111111111111111111111111111',
        authToken: 'custom-token',
        apiKey: 'SK11111111111111111111111111111111',
        apiSecret: 'custom-secret',
      },
    });
    try {
      const withKey = await call(custom, {
        path: '/conversations/v1/Services',
        auth: { user: 'SK11111111111111111111111111111111', password: 'custom-secret' },
      });
      expect(withKey.status).toBe(200);
      const withToken = await call(custom, { path: '/conversations/v1/Services' });
      expect(withToken.status).toBe(200);
      const withDefaults = await call(custom, {
        path: '/conversations/v1/Services',
        auth: { user: DEFAULT_API_KEY, password: DEFAULT_API_SECRET },
      });
      expect(withDefaults.status).toBe(401);
    } finally {
      await custom.close();
    }
  });
});
