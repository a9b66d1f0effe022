/**
 * `idempotencyKey` on creates (sendMessage, createConversation): a client that did not get an
 * answer (its connection dropped, the gateway answered UPSTREAM_OUTCOME_UNKNOWN) may send the
 * same mutation again with the same key. Within the window, the repeat is answered with the
 * first write's outcome instead of writing again; a repeat that arrives while the first is
 * still running waits for it; the same key with a different input is a user error.
 *
 * Keys are scoped by caller (a token's identity and service, the admin, or the anonymous
 * caller) and by mutation, so one caller cannot read another's answer by guessing its key.
 * Only outcomes after which Twilio may have acted are kept: a create Twilio answered, or one
 * whose outcome is unknown (replayed as that error, so a retry never duplicates). A create
 * Twilio refused or never received is forgotten, so the repeat writes.
 *
 * Twilio's OpenAPI descriptions of these creates list no idempotency parameter or header (its
 * `I-Twilio-Idempotency-Token` is a header Twilio sends on its own webhook requests, for the
 * receiver to drop repeats), so this is the gateway's own, and the Twilio client forwards
 * nothing.
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Caller } from '../../access/index.js';
import type { GraphContext } from '../context.js';
import type { StoredOutcome } from './idempotency-store.js';
import { userError, UserErrors } from './user-errors.js';
import type { WriteResult } from './write.js';

const maxKeyChars = 255;

function callerScope(caller: Caller): string {
  if (caller.kind !== 'token') return caller.kind;
  return JSON.stringify([caller.accountSid, caller.serviceSid ?? null, caller.identity]);
}

/** JSON with sorted keys, so the same input always has the same fingerprint. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object' || value === null) return value ?? null;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== undefined && item !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, item]) => [name, canonical(item)]),
  );
}

function fingerprintOf(input: object): string {
  const { idempotencyKey: _key, ...rest } = input as Record<string, unknown>;
  return createHash('sha256')
    .update(JSON.stringify(canonical(rest)))
    .digest('hex');
}

function waitFor(settled: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return settled;
  return new Promise((resolve, reject) => {
    const stop = () =>
      reject(
        new GraphQLError(
          'The request stopped while an earlier request with the same idempotencyKey was still running.',
          { extensions: { code: 'REQUEST_CANCELLED', retryable: true } },
        ),
      );
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    void settled.then(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    });
  });
}

function replay(ctx: GraphContext, outcome: StoredOutcome): WriteResult {
  if (outcome.ok) return ctx.loaders.written.replayed(outcome.answer);
  throw new GraphQLError(outcome.message, { extensions: { ...outcome.extensions } });
}

/**
 * Runs `write` (the create's one Twilio write) at most once per key and caller within the
 * window; without a key it just runs it.
 */
export async function idempotentWrite(
  ctx: GraphContext,
  mutation: string,
  input: { readonly idempotencyKey?: string | null },
  write: () => Promise<WriteResult>,
): Promise<WriteResult> {
  const key = input.idempotencyKey;
  if (key == null) return write();
  if (key.trim() === '' || key.length > maxKeyChars) {
    throw new UserErrors([
      userError(
        ['idempotencyKey'],
        key.trim() === '' ? 'INVALID' : 'TOO_LONG',
        `\`idempotencyKey\` must be 1 to ${maxKeyChars} characters, not blank.`,
      ),
    ]);
  }
  const store = ctx.idempotency;
  if (!store) {
    throw new GraphQLError('This graph was built without an idempotency store.', {
      extensions: { code: 'INTERNAL_SERVER_ERROR', retryable: false },
    });
  }
  const scoped = JSON.stringify([callerScope(ctx.caller), mutation, key]);
  const fingerprint = fingerprintOf(input);
  for (;;) {
    const entry = await store.claim(scoped, fingerprint);
    if (entry === null) break;
    if (entry.fingerprint !== fingerprint) {
      throw new UserErrors([
        userError(
          ['idempotencyKey'],
          'IDEMPOTENCY_KEY_REUSED',
          `This \`idempotencyKey\` was used for a different ${mutation} input within the last ${Math.round(store.ttlMs / 1000)} s; use a new key for a new ${mutation}.`,
        ),
      ]);
    }
    if (entry.state === 'done') return replay(ctx, entry.outcome);
    // The first request is still writing: its outcome (or its release) decides this one.
    await waitFor(entry.settled, ctx.signal);
  }
  try {
    const result = await write();
    await store.complete(scoped, { ok: true, answer: ctx.loaders.written.stored(result) });
    return result;
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === 'UPSTREAM_OUTCOME_UNKNOWN') {
      const { message, extensions } = error;
      await store.complete(scoped, { ok: false, message, extensions: { ...extensions } });
    } else {
      // Refused by Twilio or never sent: nothing was created, so a repeat may write.
      await store.release(scoped);
    }
    throw error;
  }
}
