/**
 * The graph over a real emulator through the real Twilio client: `run` executes one operation
 * with a fresh context and ledger and reports what it cost upstream, from both sides, and holds
 * the gateway's upstream estimate to it (never below the calls made).
 */
import { execute, parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { expect } from 'vitest';
import {
  startEmulator,
  type RequestLogEntry,
  type RunningEmulator,
  type StartEmulatorOptions,
} from '../../../src/emulator/index.js';
import {
  createGraphContext,
  createGraphSchema,
  DEFAULT_ROUTING,
  estimateUpstreamRequests,
  type ApiRouting,
} from '../../../src/graph/index.js';
import { CallLedger, type TwilioClient } from '../../../src/twilio/index.js';
import { emulatorClient, type ClientTuning } from '../../support/emulator-client.js';

export interface Run {
  readonly result: ExecutionResult;
  readonly data: Record<string, unknown>;
  /** Requests the emulator served for this operation. */
  readonly served: readonly RequestLogEntry[];
  /** HTTP requests the client's ledger recorded for this operation. */
  readonly ledgerRequests: number;
  /** The gateway's estimate of the most Twilio requests the operation can make. */
  readonly estimate: number;
  readonly ledger: CallLedger;
}

export interface RunOptions {
  readonly routing?: ApiRouting;
}

/** The default routing with some settings changed. */
export function routing(changes: Partial<ApiRouting>): ApiRouting {
  return { ...DEFAULT_ROUTING, ...changes };
}

export interface Harness {
  readonly emulator: RunningEmulator;
  readonly client: TwilioClient;
  readonly schema: GraphQLSchema;
  /** One operation; `routing` configures which API serves what (the gateway's setting). */
  run(query: string, variables?: Record<string, unknown>, options?: RunOptions): Promise<Run>;
  close(): Promise<void>;
}

export function clientFor(emulator: RunningEmulator, tuning: ClientTuning = {}): TwilioClient {
  return emulatorClient(emulator, tuning);
}

export async function startHarness(
  options: StartEmulatorOptions = {},
  tuning: ClientTuning = {},
): Promise<Harness> {
  const emulator = await startEmulator(options);
  const client = clientFor(emulator, tuning);
  const schema = createGraphSchema();
  return {
    emulator,
    client,
    schema,
    async run(query, variables = {}, options = {}) {
      const ledger = new CallLedger();
      emulator.clearRequests();
      const document = parse(query);
      const estimate = estimateUpstreamRequests({
        schema,
        document,
        variables,
        routing: options.routing ?? DEFAULT_ROUTING,
        // The harness keeps no default service across operations.
        defaultServiceKnown: false,
      });
      const result = await execute({
        schema,
        document,
        variableValues: variables,
        contextValue: createGraphContext({
          client,
          ledger,
          ...(options.routing ? { routing: options.routing } : {}),
        }),
      });
      // Every operation any graph test runs holds the estimate to what it actually cost (in
      // calls: a retry is the same call again).
      expect(
        ledger.summary().calls,
        `the upstream estimate (${estimate}) is below the calls made for: ${query}`,
      ).toBeLessThanOrEqual(estimate);
      return {
        result,
        data: (result.data ?? {}) as Record<string, unknown>,
        served: emulator.requestLog().requests,
        ledgerRequests: ledger.summary().requests,
        ledger,
        estimate,
      };
    },
    async close() {
      await client.close();
      await emulator.close();
    },
  };
}
