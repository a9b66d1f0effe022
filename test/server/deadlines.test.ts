/**
 * Deadlines: GATEWAY_REQUEST_TIMEOUT_MS bounds a whole operation (no Twilio call starts after
 * it, the ones in flight are aborted), node:http bounds slow headers and bodies, and a blocked
 * event loop is a metric rather than an UPSTREAM_TIMEOUT blamed on Twilio.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { observeEmulatorResponses } from '../../src/emulator/index.js';
import type { Gateway } from '../../src/server/app.js';
import type { Schedule } from '../../src/server/guards/operation.js';
import { postGraphQL, startStack, type GraphQLBody, type Stack } from './support/stack.js';
import { untilMetric, UpstreamGate } from './support/upstream-gate.js';

let stacks: Stack[] = [];
const gates: UpstreamGate[] = [];

afterEach(async () => {
  for (const gate of gates.splice(0)) gate.release();
  for (const stack of stacks.splice(0)) await stack.close();
  stacks = [];
});

async function track(stack: Promise<Stack>): Promise<Stack> {
  const started = await stack;
  stacks.push(started);
  return started;
}

/** Several waves of Twilio calls: the list, then the participants of each conversation. */
const fanOut =
  '{ conversations(first: 10) { nodes { participants(first: 5) { nodes { identity } } } } }';

function codes(body: GraphQLBody): unknown[] {
  return [...new Set((body.errors ?? []).map((error) => error.extensions?.code))];
}

/** A deadline the test fires by hand, so "after the deadline" is an order of events. */
function manualDeadline(): { schedule: Schedule; fire: () => void; armedMs: () => number[] } {
  const armed: { ms: number; fire: () => void }[] = [];
  return {
    schedule: (ms, fire) => {
      const entry = { ms, fire };
      armed.push(entry);
      return () => armed.splice(armed.indexOf(entry), 1);
    },
    fire: () => {
      for (const entry of armed.splice(0)) entry.fire();
    },
    armedMs: () => armed.map((entry) => entry.ms),
  };
}

/** Bytes the server sent on a raw socket until it closed it. */
function rawExchange(gateway: Gateway, chunks: readonly string[]): Promise<string> {
  const { hostname, port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      received += data;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
  });
}

describe('GATEWAY_REQUEST_TIMEOUT_MS', () => {
  it('aborts the call in flight at the deadline and starts no call after it', async () => {
    const gate = new UpstreamGate();
    gates.push(gate);
    const deadline = manualDeadline();
    const { gateway, emulator } = await track(
      startStack({
        emulator: { latency: { fixedMs: 1 }, sleep: gate.sleep },
        warmUp: false,
        gateway: { guards: { requestTimeoutMs: 5_000 }, deadlineSchedule: deadline.schedule },
      }),
    );
    const pending = postGraphQL(gateway, fanOut);
    await gate.untilArrived(1);
    expect(deadline.armedMs()).toEqual([5_000]);
    deadline.fire();
    const { status, body } = await pending;
    gate.release();

    expect(status).toBe(200);
    expect(codes(body)).toEqual(['REQUEST_TIMEOUT']);
    expect(body.errors?.[0]?.message).toBe(
      'The operation ran past its time limit of 5000 ms (GATEWAY_REQUEST_TIMEOUT_MS); Twilio calls still running were aborted and no further ones were made.',
    );
    await untilMetric(
      gateway,
      /^gateway_upstream_calls_total\{[^}]*status="none",outcome="deadline"\} 1$/m,
    );
    // One Twilio request reached the emulator (the list); none of the participant pages did.
    expect(gate.arrived).toBe(1);
    expect(emulator.requestLog().total).toBe(1);
    expect(body.extensions?.upstream).toMatchObject({ requests: 1 });
  });

  it('answers REQUEST_TIMEOUT when Twilio hangs, with the hung call its only request', async () => {
    const { gateway, emulator } = await track(
      startStack({
        emulator: {
          faults: [
            { kind: 'hang', count: 1, operationId: 'conversations.v1.ListServiceConversation' },
          ],
        },
        gateway: { guards: { requestTimeoutMs: 300 } },
      }),
    );
    emulator.clearRequests();
    const { body } = await postGraphQL(gateway, fanOut);
    expect(codes(body)).toEqual(['REQUEST_TIMEOUT']);
    // `conversations` is nullable: its error stays at that field.
    expect(body.data).toEqual({ conversations: null });
    const log = emulator.requestLog();
    expect(log.total).toBe(1);
    expect(log.requests[0]).toMatchObject({
      operationId: 'conversations.v1.ListServiceConversation',
      status: 0,
    });
    await untilMetric(
      gateway,
      /^gateway_upstream_calls_total\{operation="conversations.v1.ListServiceConversation",status="none",outcome="deadline"\} 1$/m,
    );
  });

  it('reports a write it stopped in flight as UPSTREAM_OUTCOME_UNKNOWN, not a timeout to repeat', async () => {
    const gate = new UpstreamGate();
    const deadline = manualDeadline();
    const { gateway, emulator } = await track(
      startStack({
        emulator: { latency: { fixedMs: 1 }, sleep: gate.sleep },
        warmUp: false,
        gateway: { guards: { requestTimeoutMs: 5_000 }, deadlineSchedule: deadline.schedule },
      }),
    );
    gate.open = true;
    const setup = await postGraphQL(gateway, '{ conversations(first: 1) { nodes { id } } }');
    const conversationId = (setup.body.data as { conversations: { nodes: { id: string }[] } })
      .conversations.nodes[0]?.id;
    gate.open = false;
    emulator.clearRequests();
    const before = gate.arrived;
    const pending = postGraphQL(
      gateway,
      `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { sid } } }`,
      { input: { conversationId, body: 'late' } },
    );
    await gate.untilArrived(before + 1);
    deadline.fire();
    const { body } = await pending;
    gates.push(gate);

    expect(codes(body)).toEqual(['UPSTREAM_OUTCOME_UNKNOWN']);
    expect(body.errors?.[0]?.extensions).toMatchObject({ retryable: false });
    expect(body.errors?.[0]?.message).toContain("the operation's deadline passed");
    // The one POST the gate held; nothing was sent after the deadline.
    expect(gate.arrived - before).toBe(1);
    await untilMetric(
      gateway,
      /^gateway_upstream_calls_total\{operation="conversations.v1.CreateServiceConversationMessage",status="none",outcome="deadline"\} 1$/m,
    );
  });

  it('leaves an operation that finishes in time alone', async () => {
    const { gateway } = await track(
      startStack({ gateway: { guards: { requestTimeoutMs: 30_000 } } }),
    );
    const { body } = await postGraphQL(gateway, fanOut);
    expect(body.errors).toBeUndefined();
  });
});

describe('slow and oversized requests', () => {
  it('closes a slowloris client that never finishes its headers with 408', async () => {
    const { gateway } = await track(
      startStack({ gateway: { guards: { headersTimeoutMs: 200, bodyTimeoutMs: 400 } } }),
    );
    const answer = await rawExchange(gateway, [
      'POST /graphql HTTP/1.1\r\n',
      'Host: 127.0.0.1\r\n',
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a client that stops sending its body with 408', async () => {
    const { gateway } = await track(
      startStack({ gateway: { guards: { headersTimeoutMs: 200, bodyTimeoutMs: 400 } } }),
    );
    const answer = await rawExchange(gateway, [
      'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n',
      '{"query":',
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers a body over GATEWAY_MAX_BODY_BYTES with 413, declared or streamed', async () => {
    const { gateway, emulator } = await track(
      startStack({ gateway: { guards: { maxBodyBytes: 1_000 } } }),
    );
    emulator.clearRequests();
    const body = JSON.stringify({
      query: `{ configuration { defaultChatServiceSid } }${' '.repeat(1_000)}`,
    });
    const declared = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as GraphQLBody).errors?.[0]).toEqual({
      message: 'Request body exceeds 1000 bytes (GATEWAY_MAX_BODY_BYTES).',
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
    const streamed = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(emulator.requestLog().total).toBe(0);
  });
});

describe('a blocked event loop', () => {
  /** Holds the loop as a CPU-heavy stretch would, right after the emulator sent an answer. */
  function blockLoop(ms: number): void {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // Busy on purpose: nothing else in this process runs meanwhile.
    }
  }

  it('is not an UPSTREAM_TIMEOUT: answers Twilio sent while the loop was blocked are read', async () => {
    const { gateway, emulator } = await track(
      startStack({ tuning: { deadlineMs: 1_000 }, warmUp: false }),
    );
    let blocked = 0;
    const stop = observeEmulatorResponses((event) => {
      // Past every call's deadline in wall time, with the other answers about to arrive.
      if (event.operationId?.endsWith('ListServiceConversationParticipant') && blocked++ === 0) {
        blockLoop(1_500);
      }
    });
    try {
      emulator.clearRequests();
      const { body } = await postGraphQL(gateway, fanOut);
      expect(blocked).toBeGreaterThan(1);
      expect(body.errors).toBeUndefined();
      // Every call the emulator answered was read, none was given up on.
      expect(body.extensions?.upstream).toMatchObject({ requests: emulator.requestLog().total });
    } finally {
      stop();
    }
    const metrics = await (await fetch(new URL('/metrics', gateway.url))).text();
    expect(metrics).not.toContain('outcome="timeout"');
    const maxDelay = /^gateway_event_loop_delay_seconds\{quantile="1"\} (\S+)$/m.exec(metrics);
    expect(Number(maxDelay?.[1])).toBeGreaterThan(1);
  });

  it('past the operation deadline is REQUEST_TIMEOUT, never UPSTREAM_TIMEOUT', async () => {
    // The loop is held past both the calls' deadline and the operation's.
    const { gateway } = await track(
      startStack({
        tuning: { deadlineMs: 1_000 },
        warmUp: false,
        gateway: { guards: { requestTimeoutMs: 1_200 } },
      }),
    );
    let blocked = 0;
    const stop = observeEmulatorResponses((event) => {
      if (event.operationId?.endsWith('ListServiceConversation') && blocked++ === 0) {
        blockLoop(1_500);
      }
    });
    try {
      const { body } = await postGraphQL(gateway, fanOut);
      expect(blocked).toBe(1);
      expect(codes(body)).toEqual(['REQUEST_TIMEOUT']);
    } finally {
      stop();
    }
    const metrics = await (await fetch(new URL('/metrics', gateway.url))).text();
    expect(metrics).not.toContain('outcome="timeout"');
  });
});
