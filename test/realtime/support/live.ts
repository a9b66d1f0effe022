/**
 * A real gateway in front of a real emulator whose default service posts its webhooks to the
 * gateway's receiver (as `npm start` sets it up), plus real graphql-ws clients.
 */
import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import {
  startEmulator,
  type RunningEmulator,
  type StartEmulatorOptions,
} from '../../../src/emulator/index.js';
import { createGateway, type Gateway } from '../../../src/server/app.js';
import { graphBinding } from '../../../src/server/graph-binding.js';
import {
  defaultChatServiceSid,
  registerPostEventWebhook,
  type RealtimeOptions,
} from '../../../src/server/realtime/index.js';
import type { ApiRouting } from '../../../src/graph/index.js';
import type { AccessPolicy } from '../../../src/server/auth/authenticate.js';
import { emulatorConfig } from '../../support/emulator-client.js';
import { postGraphQL } from '../../server/support/stack.js';

export interface Live {
  readonly emulator: RunningEmulator;
  readonly gateway: Gateway;
  readonly serviceSid: string;
  /** The demo conversation `general`. */
  readonly conversation: { readonly id: string; readonly sid: string };
  /** `ws://…/graphql`. */
  readonly wsUrl: string;
  /** Runs a query or mutation over HTTP; fails the test on errors. */
  run(query: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Resolves when every webhook sent so far has been received and published. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface LiveOptions {
  readonly emulator?: StartEmulatorOptions;
  readonly realtime?: RealtimeOptions;
  readonly routing?: ApiRouting;
  /** Who may call; `run` then presents the policy's admin secret. Default: `none` mode. */
  readonly access?: AccessPolicy;
  /** GATEWAY_WEBHOOK_ENABLED_WRITES (default true). */
  readonly webhookEnabledWrites?: boolean;
}

export async function startLive(options: LiveOptions = {}): Promise<Live> {
  const emulator = await startEmulator(options.emulator ?? {});
  let gateway: Gateway;
  try {
    gateway = await createGateway({
      twilio: emulatorConfig(emulator),
      graph: graphBinding({
        ...(options.routing ? { routing: options.routing } : {}),
        ...(options.webhookEnabledWrites === undefined
          ? {}
          : { webhookEnabledWrites: options.webhookEnabledWrites }),
      }),
      ...(options.realtime ? { realtime: options.realtime } : {}),
      ...(options.access ? { access: options.access } : {}),
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const secret = options.access?.adminSecret;
    const headers: Record<string, string> = secret ? { authorization: `Bearer ${secret}` } : {};
    const { body } = await postGraphQL(gateway, query, variables, headers);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data ?? {};
  };
  const serviceSid = (await defaultChatServiceSid(gateway.client)) ?? '';
  await registerPostEventWebhook(gateway.client, serviceSid, gateway.webhookUrl);
  const data = await run('{ conversation(uniqueName: "general") { id sid } }');
  const conversation = data.conversation as { id: string; sid: string };
  const wsUrl = gateway.graphqlUrl.replace(/^http/, 'ws');
  return {
    emulator,
    gateway,
    serviceSid,
    conversation,
    wsUrl,
    run,
    async settled() {
      await emulator.webhooksIdle();
      await gateway.realtime.webhooksIdle();
    },
    async close() {
      await gateway.close();
      await emulator.close();
    },
  };
}

export function wsClient(
  live: Live,
  options: { connectionParams?: Record<string, unknown>; webSocketImpl?: typeof WebSocket } = {},
): Client {
  return createClient({
    url: live.wsUrl,
    webSocketImpl: options.webSocketImpl ?? WebSocket,
    retryAttempts: 0,
    lazy: true,
    ...(options.connectionParams ? { connectionParams: options.connectionParams } : {}),
  });
}

/** A subscription's results, taken one at a time. */
export interface Frames {
  next(): Promise<FormattedExecutionResult<Record<string, unknown>, unknown>>;
  /** Resolves when the server completed the subscription (no further frame). */
  completed(): Promise<void>;
  /** The server has acknowledged the subscription (its first `next` can be awaited). */
  stop(): Promise<void>;
}

export function subscribe(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Frames {
  const iterator = client.iterate<Record<string, unknown>>({ query, variables });
  return {
    async next() {
      const step = await iterator.next();
      if (step.done === true) throw new Error('The subscription completed');
      return step.value;
    },
    async completed() {
      const step = await iterator.next();
      if (step.done !== true)
        throw new Error(`Expected completion, got ${JSON.stringify(step.value)}`);
    },
    async stop() {
      await iterator.return?.();
    },
  };
}

/** The value of one series of the gateway's /metrics (`name{label="value"}`); null when absent. */
export async function metricValue(gateway: Gateway, series: string): Promise<number | null> {
  const text = await (await fetch(gateway.url + 'metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.split(' ').pop());
}

/**
 * Waits until the gateway has `count` open subscriptions on `transport` (the /metrics gauge),
 * so a test writes only once its subscribers listen. Polls the gauge: an event, not a delay.
 */
export async function openSubscriptions(
  gateway: Gateway,
  transport = 'websocket',
): Promise<number> {
  return (
    (await metricValue(gateway, `gateway_subscriptions_open{transport="${transport}"}`)) ?? NaN
  );
}

export async function untilOpen(
  gateway: Gateway,
  count: number,
  transport = 'websocket',
): Promise<void> {
  while ((await openSubscriptions(gateway, transport)) !== count) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
