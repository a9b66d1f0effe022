/**
 * Mutation tests run through the graph exactly as test/graph/support/harness.ts does, over a
 * real emulator and the real client; the client may be given retries (the throttling tests).
 */
import { expect } from 'vitest';
import type { RequestLogEntry, StartEmulatorOptions } from '../../../../src/emulator/index.js';
import { startHarness, type Harness, type Run } from '../../support/harness.js';

export interface MutationHarness extends Harness {
  /** The account's default chat service. */
  readonly serviceSid: string;
}

export async function startMutationHarness(
  options: StartEmulatorOptions = {},
  maxAttempts = 1,
): Promise<MutationHarness> {
  const h = await startHarness(options, { maxAttempts });
  const config = await h.run('{ configuration { defaultChatServiceSid } }');
  const serviceSid = (config.data.configuration as { defaultChatServiceSid: string })
    .defaultChatServiceSid;
  return { ...h, serviceSid };
}

/**
 * The seed of suites that create everything they read (an empty default service), so their
 * counts and lists see only their own writes.
 */
export const EMPTY_SEED: StartEmulatorOptions = {
  seed: { conversationsPerService: 0, usersPerService: 0 },
};

/** Creates a conversation in the default service, the parent the suites' writes go under. */
export async function createConversation(
  h: MutationHarness,
  friendlyName: string,
): Promise<{ readonly id: string; readonly sid: string }> {
  const created = await h.run(
    `mutation { createConversation(input: { friendlyName: ${JSON.stringify(friendlyName)} }) { conversation { id sid } } }`,
  );
  return (created.data.createConversation as { conversation: { id: string; sid: string } })
    .conversation;
}

export interface UserErrorShape {
  readonly field: string[] | null;
  readonly message: string;
  readonly code: string;
  readonly twilioCode: number | null;
}

export const USER_ERRORS = 'userErrors { field message code twilioCode }';

/** The payload of mutation `name`, with no top-level errors. */
export function payloadOf<T>(run: Run, name: string): T & { userErrors: UserErrorShape[] } {
  expect(run.result.errors, JSON.stringify(run.result.errors)).toBeUndefined();
  return run.data[name] as T & { userErrors: UserErrorShape[] };
}

/** Writes (POST/DELETE) the emulator served for the run. */
export function writes(run: Run): RequestLogEntry[] {
  return run.served.filter((entry) => entry.method !== 'GET');
}

/** A rejection found before Twilio: exactly this one user error, and no request at all. */
export function expectRejectedLocally(
  run: Run,
  name: string,
  expected: { readonly field: string[] | null; readonly code: string },
): UserErrorShape {
  const payload = payloadOf<Record<string, unknown>>(run, name);
  expect(payload.userErrors).toHaveLength(1);
  const [error] = payload.userErrors;
  expect(error).toMatchObject({ ...expected, twilioCode: null });
  expect(run.served).toEqual([]);
  return error as UserErrorShape;
}

/** A rejection by Twilio: this user error, after exactly one write. */
export function expectRejectedByTwilio(
  run: Run,
  name: string,
  expected: { readonly field: string[] | null; readonly code: string; readonly twilioCode: number },
): UserErrorShape {
  const payload = payloadOf<Record<string, unknown>>(run, name);
  expect(payload.userErrors).toHaveLength(1);
  const [error] = payload.userErrors;
  expect(error).toMatchObject(expected);
  expect(writes(run)).toHaveLength(1);
  return error as UserErrorShape;
}

export const FAKE = {
  CH: `CH${'0'.repeat(31)}1`,
  MB: `MB${'0'.repeat(31)}1`,
  IM: `IM${'0'.repeat(31)}1`,
  US: `US${'0'.repeat(31)}1`,
  WH: `WH${'0'.repeat(31)}1`,
  IN: `IN${'0'.repeat(31)}1`,
  IS: `IS${'0'.repeat(31)}1`,
} as const;
