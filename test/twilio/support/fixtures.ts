/** Obviously fake credentials and a client wired to a scripted server. */
import {
  createTwilioConfig,
  TwilioClient,
  type TwilioClientOptions,
} from '../../../src/twilio/index.js';
import type { TwilioConfig, TwilioConfigInput } from '../../../src/twilio/index.js';
import type { ScriptedServer } from './scripted-server.js';

export const ACCOUNT_SID = `AC${'0'.repeat(31)}1`;
export const AUTH_TOKEN = 'fake-auth-token-0123456789abcdef';
export const API_KEY = `SK${'0'.repeat(31)}2`;
export const API_SECRET = 'fake-api-secret-fedcba9876543210';
export const SERVICE_SID = `IS${'a'.repeat(32)}`;
export const CONVERSATION_SID = `CH${'b'.repeat(32)}`;

/** Base URLs with path prefixes, so every test also checks that a prefix is kept. */
export function configFor(
  server: ScriptedServer,
  overrides: Partial<TwilioConfigInput> = {},
): TwilioConfig {
  return createTwilioConfig({
    credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
    baseUrls: {
      chat: `${server.url}/chat`,
      'ip-messaging': `${server.url}/ipm`,
      conversations: `${server.url}/conv`,
    },
    backoffBaseMs: 1,
    backoffCapMs: 4,
    ...overrides,
  });
}

export function clientFor(
  server: ScriptedServer,
  overrides: Partial<TwilioConfigInput> = {},
  options: Omit<TwilioClientOptions, 'config'> = {},
): TwilioClient {
  return new TwilioClient({ config: configFor(server, overrides), ...options });
}

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
