/**
 * Helpers of the administration tests on top of the mutation test support: well-formed SIDs
 * that name nothing, and the operation ids a run sent upstream.
 */
import { routing, type Run, type RunOptions } from '../../support/harness.js';

const fake = (prefix: string) => `${prefix}${'0'.repeat(31)}1`;

export const ADMIN_FAKE = {
  IS: fake('IS'),
  RL: fake('RL'),
  CR: fake('CR'),
  BS: fake('BS'),
  IG: fake('IG'),
  MG: fake('MG'),
  FW: fake('FW'),
  US: fake('US'),
} as const;

/** Operation ids of the requests the emulator served for the run, in order. */
export function ops(run: Run): (string | null | undefined)[] {
  return run.served.map((entry) => entry.operationId);
}

export const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
export const PEM_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----';

/** Runs configured like a gateway whose primary API is Chat v2 or Chat v1. */
export const CHAT_V2: RunOptions = { routing: routing({ primaryApi: 'chat-v2' }) };
export const CHAT_V1: RunOptions = { routing: routing({ primaryApi: 'chat-v1' }) };
/** By the old `source` argument's names, for tables of reads per API. */
export const VIA = { CONVERSATIONS: {}, CHAT_V2, CHAT_V1 } as const satisfies Record<
  string,
  RunOptions
>;
