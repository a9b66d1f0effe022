/**
 * Upstream failures of a mutation: a write is repeated only after a 429, and what outlasts the
 * retries is a top-level error with `retryable`, never a user error. The client here retries up
 * to three attempts, as a deployment would.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FAKE,
  USER_ERRORS,
  startMutationHarness,
  writes,
  type MutationHarness,
} from './support/mutations.js';

let h: MutationHarness;
beforeAll(async () => {
  h = await startMutationHarness({ seed: { conversationsPerService: 1 } }, 3);
});
afterEach(() => h.emulator.setFaults([]));
afterAll(() => h.close());

const CREATE = `mutation ($serviceSid: String!) {
  createConversation(input: { serviceSid: $serviceSid, friendlyName: "Busy" }) {
    conversation { sid } ${USER_ERRORS}
  }
}`;
const DELETE = `mutation ($serviceSid: String!, $sid: String!) {
  deleteConversation(input: { serviceSid: $serviceSid, sid: $sid }) { deletedConversationId ${USER_ERRORS} }
}`;

describe('throttling and outages on mutations', () => {
  it('a 429 burst beyond the retries is a top-level UPSTREAM_RATE_LIMITED error, retryable', async () => {
    h.emulator.setFaults([
      { kind: 'rate-limit', count: 10, operationId: 'conversations.v1.CreateServiceConversation' },
    ]);
    const run = await h.run(CREATE, { serviceSid: h.serviceSid });
    expect(run.data.createConversation ?? null).toBeNull();
    expect(run.result.errors).toHaveLength(1);
    expect(run.result.errors?.[0]?.path).toEqual(['createConversation']);
    expect(run.result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      retryable: true,
    });
    expect(writes(run).map((e) => e.status)).toEqual([429, 429, 429]);
  });

  it('a 429 that clears within the retries is invisible to the caller', async () => {
    h.emulator.setFaults([
      { kind: 'rate-limit', count: 2, operationId: 'conversations.v1.CreateServiceConversation' },
    ]);
    const run = await h.run(CREATE, { serviceSid: h.serviceSid });
    expect(run.result.errors).toBeUndefined();
    expect(run.data.createConversation).toMatchObject({ userErrors: [] });
    expect(writes(run).map((e) => e.status)).toEqual([429, 429, 201]);
  });

  it('a 503 on a DELETE mutation is sent once and its outcome is unknown', async () => {
    h.emulator.setFaults([
      { kind: 'unavailable', count: 1, operationId: 'conversations.v1.DeleteServiceConversation' },
    ]);
    const run = await h.run(DELETE, { serviceSid: h.serviceSid, sid: FAKE.CH });
    // Twilio may have deleted it; a repeat would then answer NOT_FOUND, so the caller checks.
    expect(run.result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_OUTCOME_UNKNOWN',
      retryable: false,
    });
    expect(run.result.errors?.[0]?.message).toContain('fetch it: NOT_FOUND means it was deleted');
    expect(run.served).toHaveLength(1);
    expect(run.served[0]).toMatchObject({ method: 'DELETE', status: 503 });
  });

  it('a 500 on a POST mutation is sent once too, and its outcome is unknown', async () => {
    h.emulator.setFaults([
      { kind: 'server-error', count: 1, operationId: 'conversations.v1.CreateServiceConversation' },
    ]);
    const run = await h.run(CREATE, { serviceSid: h.serviceSid });
    expect(run.result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_OUTCOME_UNKNOWN',
      retryable: false,
    });
    expect(writes(run)).toHaveLength(1);
  });
});
