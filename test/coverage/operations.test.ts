/**
 * Every Twilio operation of the registry is reached through the graph: each row of
 * test/coverage/operations.ts runs against a seeded emulator under its routing configuration
 * (one emulator per configuration), and must send its operation ids — and answer without
 * GraphQL errors or user errors — while it runs. At the end, every registry id must have a row
 * and have been sent by one.
 */
import { execute, parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startEmulator,
  type RequestLogEntry,
  type RunningEmulator,
} from '../../src/emulator/index.js';
import { createGraphContext, createGraphSchema } from '../../src/graph/index.js';
import { DEFAULT_ROUTING, type ApiRouting } from '../../src/graph/index.js';
import { findOperation, getOperation, operationIds } from '../../src/registry/index.js';
import { CallLedger, type TwilioClient } from '../../src/twilio/index.js';
import { clientFor } from '../graph/support/harness.js';
import {
  OPERATION_ROWS,
  type OperationRow,
  type Prepare,
  type SeedData,
  type Setup,
  type Variables,
} from './operations.js';

/** Small, but with everything the rows read: receipts (2nd conversation), a public channel. */
const SEED = {
  usersPerService: 6,
  conversationsPerService: 3,
  messagesPerConversation: 4,
  publicChannelsPerService: 1,
} as const;

const ROUTING_KEYS = ['primaryApi', 'conversationsPaths', 'chatHost'] as const;

function fullRouting(routing: Partial<ApiRouting> | undefined): ApiRouting {
  return { ...DEFAULT_ROUTING, ...routing };
}

function routingKey(routing: ApiRouting): string {
  return ROUTING_KEYS.map((key) => routing[key]).join('/');
}

function routingLabel(routing: ApiRouting): string {
  const changed = ROUTING_KEYS.filter((key) => routing[key] !== DEFAULT_ROUTING[key]);
  return changed.length === 0
    ? 'default routing'
    : changed.map((key) => `${key}: ${routing[key]}`).join(', ');
}

/** Creates first, then updates, reads, deletes (deletes act on what their prepare made). */
function phase(row: OperationRow): number {
  const kinds = new Set(row.operationIds.map((id) => findOperation(id)?.kind));
  if (kinds.has('delete')) return 3;
  if (kinds.has('create')) return 0;
  if (kinds.has('update')) return 1;
  return 2;
}

const groups = new Map<string, { routing: ApiRouting; rows: OperationRow[] }>();
for (const row of OPERATION_ROWS) {
  const routing = fullRouting(row.routing);
  const key = routingKey(routing);
  const group = groups.get(key) ?? { routing, rows: [] };
  group.rows.push(row);
  groups.set(key, group);
}
for (const group of groups.values()) group.rows.sort((a, b) => phase(a) - phase(b));

/** Operation id → the rows that sent it. */
const exercised = new Map<string, string[]>();

function describeRow(row: OperationRow): string {
  return `${row.reachedBy} → ${row.operationIds.join(', ')}`;
}

function userErrorsIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(userErrorsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'userErrors' && Array.isArray(inner) ? inner : userErrorsIn(inner),
  );
}

function expectClean(result: ExecutionResult, what: string): Record<string, unknown> {
  expect(result.errors, `${what}: ${JSON.stringify(result.errors)}`).toBeUndefined();
  const data = (result.data ?? {}) as Record<string, unknown>;
  expect(userErrorsIn(data), `${what}: user errors`).toEqual([]);
  return data;
}

function valueAt(data: unknown, path: string): unknown {
  let value = data;
  for (const key of path.split('.')) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${what}: no value`);
  return value;
}

interface Graph {
  readonly client: TwilioClient;
  readonly schema: GraphQLSchema;
}

interface Environment extends Graph {
  readonly emulator: RunningEmulator;
  readonly seed: SeedData;
  /** Counter behind `Setup.unique`. */
  next: number;
}

async function run(
  env: Graph,
  routing: ApiRouting,
  document: string,
  variables: Variables = {},
): Promise<ExecutionResult> {
  return execute({
    schema: env.schema,
    document: parse(document),
    variableValues: variables,
    contextValue: createGraphContext({ client: env.client, ledger: new CallLedger(), routing }),
  });
}

const SEED_QUERY = `{
  configuration { defaultChatServiceSid }
  conversations(first: 2) {
    nodes {
      sid
      participants(first: 10) { nodes { sid identity } }
      messages(last: 1) { nodes { sid deliveryReceipts(first: 1) { nodes { id } } } }
    }
  }
  bindings(first: 3) { nodes { sid identity } }
  credentials(first: 1) { nodes { sid } }
  roles(first: 1) { nodes { sid } }
  addressConfigurations(first: 1) { nodes { sid } }
}`;

interface SeedShape {
  configuration: { defaultChatServiceSid: string };
  conversations: {
    nodes: {
      sid: string;
      participants: { nodes: { sid: string; identity: string | null }[] };
      messages: { nodes: { sid: string; deliveryReceipts: { nodes: { id: string }[] } }[] };
    }[];
  };
  bindings: { nodes: { sid: string; identity: string }[] };
  credentials: { nodes: { sid: string }[] };
  roles: { nodes: { sid: string }[] };
  addressConfigurations: { nodes: { sid: string }[] };
}

/** The seed objects the rows act on, read through the graph with the default routing. */
async function readSeed(graph: Graph): Promise<SeedData> {
  const seed = expectClean(await run(graph, DEFAULT_ROUTING, SEED_QUERY), 'seed') as unknown as SeedShape;
  const [chat, sms] = seed.conversations.nodes;
  const [binding, toDelete, userToDelete] = seed.bindings.nodes;
  const participant = chat?.participants.nodes.find((p) => p.identity === binding?.identity);
  const smsMessage = sms?.messages.nodes[0];
  const identity = text(participant?.identity, 'seed participant');
  const user = expectClean(
    await run(graph, DEFAULT_ROUTING, 'query ($id: String!) { user(identity: $id) { sid } }', {
      id: identity,
    }),
    'seed user',
  );
  return {
    serviceSid: text(seed.configuration.defaultChatServiceSid, 'default service'),
    conversationSid: text(chat?.sid, 'seed conversation'),
    participantSid: text(participant?.sid, 'seed participant'),
    identity,
    userSid: text(valueAt(user, 'user.sid'), 'seed user'),
    messageSid: text(chat?.messages.nodes[0]?.sid, 'seed message'),
    smsConversationSid: text(sms?.sid, 'seed SMS conversation'),
    smsMessageSid: text(smsMessage?.sid, 'seed SMS message'),
    receiptId: text(smsMessage?.deliveryReceipts.nodes[0]?.id, 'seed receipt'),
    bindingSid: text(binding?.sid, 'seed binding'),
    bindingSidToDelete: text(toDelete?.sid, 'second seed binding'),
    userBindingSidToDelete: text(userToDelete?.sid, 'third seed binding'),
    userBindingIdentity: text(userToDelete?.identity, 'third seed binding'),
    credentialSid: text(seed.credentials.nodes[0]?.sid, 'seed credential'),
    roleSid: text(seed.roles.nodes[0]?.sid, 'seed role'),
    addressSid: text(seed.addressConfigurations.nodes[0]?.sid, 'seed address'),
  };
}

function setupOf(env: Environment, made: Map<string, string>): Setup {
  return {
    ...env.seed,
    made(key) {
      const value = made.get(key);
      if (value === undefined) throw new Error(`No prepare step captured \`${key}\``);
      return value;
    },
    unique(prefix) {
      env.next += 1;
      return `${prefix}${env.next}`;
    },
  };
}

async function prepare(env: Environment, steps: readonly Prepare[]): Promise<Map<string, string>> {
  const made = new Map<string, string>();
  for (const step of steps) {
    const variables = step.variables?.(setupOf(env, made)) ?? {};
    const data = expectClean(await run(env, DEFAULT_ROUTING, step.document, variables), 'prepare');
    for (const [key, path] of Object.entries(step.capture)) {
      made.set(key, text(valueAt(data, path), `prepare: ${path}`));
    }
  }
  return made;
}

/** Whether `entry` is a successful request for `id` on the host the routing sends it to. */
function sentAsRouted(entry: RequestLogEntry, id: string, routing: ApiRouting): boolean {
  if (entry.operationId !== id || entry.status < 200 || entry.status >= 300) return false;
  const op = getOperation(id);
  if (op.product === 'chat' && op.version === 'v2') {
    return entry.host === (routing.chatHost === 'ip-messaging' ? 'ip-messaging' : 'chat');
  }
  return true;
}

for (const { routing, rows } of groups.values()) {
  describe(`operations reached with ${routingLabel(routing)}`, () => {
    let env: Environment;

    beforeAll(async () => {
      const emulator = await startEmulator({ seed: SEED, webhooks: false });
      const graph = { client: clientFor(emulator), schema: createGraphSchema() };
      env = { ...graph, emulator, seed: await readSeed(graph), next: 0 };
    });
    afterAll(async () => {
      await env.client.close();
      await env.emulator.close();
    });

    it.each(rows.map((row) => [describeRow(row), row] as const))('%s', async (_name, row) => {
      const made = await prepare(env, row.prepare ?? []);
      const setup = setupOf(env, made);
      const variables = typeof row.variables === 'function' ? row.variables(setup) : row.variables;
      env.emulator.clearRequests();
      const result = await run(env, routing, row.document, variables);
      const served = env.emulator.requestLog().requests;
      expectClean(result, describeRow(row));
      const missing = row.operationIds.filter(
        (id) => !served.some((entry) => sentAsRouted(entry, id, routing)),
      );
      expect(missing, `sent: ${JSON.stringify(served)}`).toEqual([]);
      for (const id of row.operationIds) {
        exercised.set(id, [...(exercised.get(id) ?? []), describeRow(row)]);
      }
    });
  });
}

describe('the coverage table', () => {
  it('has a row for every registry operation id', () => {
    const mapped = new Set(OPERATION_ROWS.flatMap((row) => row.operationIds));
    expect(operationIds.filter((id) => !mapped.has(id))).toEqual([]);
    expect(operationIds).toHaveLength(198);
  });

  it('names registry operation ids only', () => {
    const unknown = OPERATION_ROWS.flatMap((row) => row.operationIds).filter(
      (id) => findOperation(id) === undefined,
    );
    expect(unknown).toEqual([]);
  });

  it('lists its rows in registry order (IP Messaging rows last)', () => {
    const main = OPERATION_ROWS.filter((row) => row.routing?.chatHost !== 'ip-messaging');
    const firstIds = main.map((row) => row.operationIds[0] ?? '');
    expect(firstIds).toEqual(operationIds.filter((id) => firstIds.includes(id)));
  });

  it('reaches a Chat v2 operation of every family on the IP Messaging host', () => {
    const families = (ids: readonly string[]) =>
      new Set(ids.map((id) => getOperation(id)).filter((op) => op.product === 'chat' && op.version === 'v2').map((op) => op.resource));
    const onIpMessaging = families(
      OPERATION_ROWS.filter((row) => row.routing?.chatHost === 'ip-messaging').flatMap(
        (row) => row.operationIds,
      ),
    );
    expect([...families(operationIds)].filter((family) => !onIpMessaging.has(family))).toEqual(
      [],
    );
  });

  it('exercised every registry operation id against the emulator', () => {
    expect(operationIds.filter((id) => !exercised.has(id))).toEqual([]);
  });
});
