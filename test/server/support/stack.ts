/**
 * A real gateway on 127.0.0.1:0 in front of a real emulator (seed data), both closed by `close`.
 */
import {
  createGateway,
  type Gateway,
  type GatewayOptions,
  type GraphBinding,
} from '../../../src/server/app.js';
import { graphBinding } from '../../../src/server/graph-binding.js';
import {
  startEmulator,
  type RunningEmulator,
  type StartEmulatorOptions,
} from '../../../src/emulator/index.js';
import { emulatorConfig, type ClientTuning } from '../../support/emulator-client.js';

export interface Stack {
  readonly emulator: RunningEmulator;
  readonly gateway: Gateway;
  close(): Promise<void>;
}

/** Our client's configuration for `emulator` (no retries unless `tuning` asks for them). */
export const configFor = emulatorConfig;

export interface StackOptions {
  readonly emulator?: StartEmulatorOptions;
  /** Default: the real graph. */
  readonly graph?: GraphBinding<object>;
  readonly readiness?: GatewayOptions['readiness'];
  readonly tuning?: ClientTuning;
  /** False for tests that hold every upstream request: no call before the test's own. */
  readonly warmUp?: boolean;
  /** Who may call and from which origins (default: `none` mode, no CORS). */
  readonly access?: GatewayOptions['access'];
  readonly cors?: GatewayOptions['cors'];
  /** Limits and policies (GATEWAY_*), the deadline's clock, the bind address, a logger, traces. */
  readonly gateway?: Pick<
    GatewayOptions,
    | 'guards'
    | 'deadlineSchedule'
    | 'host'
    | 'logger'
    | 'tracing'
    | 'metricsOperationNames'
    | 'logCallerIdentity'
    | 'persistedDocuments'
    | 'apqBounds'
  >;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = await startEmulator(options.emulator ?? {});
  try {
    const gateway = await createGateway({
      twilio: configFor(emulator, options.tuning),
      graph: options.graph ?? graphBinding(),
      ...(options.readiness ? { readiness: options.readiness } : {}),
      ...(options.warmUp === false ? { warmUp: false } : {}),
      ...(options.access ? { access: options.access } : {}),
      ...(options.cors ? { cors: options.cors } : {}),
      ...options.gateway,
    });
    return {
      emulator,
      gateway,
      async close() {
        await gateway.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

export interface GraphQLBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly {
    readonly message: string;
    readonly path?: readonly (string | number)[];
    readonly extensions?: Record<string, unknown>;
  }[];
  readonly extensions?: Record<string, unknown>;
}

export async function postGraphQL(
  gateway: Gateway,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string | null; body: GraphQLBody }> {
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as GraphQLBody,
  };
}
