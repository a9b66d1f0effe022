/**
 * An operation whose ledger carries a deadline, through the real graph, client and emulator: the
 * graph reports REQUEST_TIMEOUT (the one deadline code) for reads it stopped, and UPSTREAM_OUTCOME_UNKNOWN
 * for a write it stopped in flight. Time is a manual clock; the emulator holds requests.
 */
import { execute, parse } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGraphContext } from '../../src/graph/index.js';
import { CallLedger, OperationDeadline } from '../../src/twilio/index.js';
import { ManualClock } from '../twilio/support/manual-clock.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
let serviceSid: string;
let conversationSid: string;
let holding = false;
const held: (() => void)[] = [];

beforeAll(async () => {
  h = await startHarness({
    seed: { conversationsPerService: 2, messagesPerConversation: 1 },
    latency: { fixedMs: 1 },
    sleep: () => (holding ? new Promise<void>((resolve) => held.push(resolve)) : Promise.resolve()),
  });
  const run = await h.run(
    '{ configuration { defaultChatServiceSid } conversations(first: 1) { nodes { sid } } }',
  );
  const data = run.data as {
    configuration: { defaultChatServiceSid: string };
    conversations: { nodes: { sid: string }[] };
  };
  serviceSid = data.configuration.defaultChatServiceSid;
  conversationSid = data.conversations.nodes[0]?.sid ?? '';
});
afterEach(() => {
  holding = false;
  for (const answer of held.splice(0)) answer();
});
afterAll(() => h.close());

function runWithin(clock: ManualClock, budgetMs: number, query: string) {
  h.emulator.clearRequests();
  const ledger = new CallLedger({ deadline: new OperationDeadline(budgetMs, clock) });
  return execute({
    schema: h.schema,
    document: parse(query),
    variableValues: { serviceSid, sid: conversationSid },
    contextValue: createGraphContext({ client: h.client, ledger }),
  });
}

const READ = `query ($serviceSid: String!, $sid: String!) {
  conversation(serviceSid: $serviceSid, sid: $sid) { friendlyName }
}`;
const SEND = `mutation ($sid: String!, $serviceSid: String!) {
  sendMessage(input: { serviceSid: $serviceSid, conversationSid: $sid, body: "late" }) {
    message { sid }
  }
}`;

describe('operation deadline through the graph', () => {
  it('sends nothing once the deadline has passed and reports REQUEST_TIMEOUT', async () => {
    const clock = new ManualClock();
    const pending = runWithin(clock, 100, READ);
    clock.advance(100);
    const result = await pending;
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'REQUEST_TIMEOUT',
      retryable: true,
    });
    expect(h.emulator.requestLog().requests).toEqual([]);
  });

  it('stops a read in flight when the deadline passes', async () => {
    holding = true;
    const clock = new ManualClock();
    const pending = runWithin(clock, 100, READ);
    while (held.length === 0) await new Promise((resolve) => setImmediate(resolve));
    clock.advance(100);
    const result = await pending;
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'REQUEST_TIMEOUT' });
    expect(result.errors?.[0]?.path).toEqual(['conversation']);
  });

  it('reports a write stopped in flight as UPSTREAM_OUTCOME_UNKNOWN', async () => {
    holding = true;
    const clock = new ManualClock();
    const pending = runWithin(clock, 100, SEND);
    while (held.length === 0) await new Promise((resolve) => setImmediate(resolve));
    clock.advance(100);
    const result = await pending;
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_OUTCOME_UNKNOWN',
      retryable: false,
    });
    expect(result.errors?.[0]?.message).toContain("the operation's deadline passed");
  });
});
