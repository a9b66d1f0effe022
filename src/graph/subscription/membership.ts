/**
 * The membership check behind live updates for token callers: the rule queries use
 * (`isParticipant` of src/loaders/scope.ts, the caller's own membership read by identity), read
 * through the caller's own scoped loaders.
 *
 * Checks are batched per event, not made per subscriber: the checks asked for in one turn (one
 * event reaching many sessions) go out together, one answer per (service, identity,
 * conversation) and one graph context per caller scope. Only checks asked at once share an
 * answer; a later check asks Twilio again (sessions keep their own answers current).
 */
import DataLoader from 'dataloader';
import type { TokenCaller } from '../../access/index.js';
import type { MembershipSource } from '../../events/index.js';
import { isParticipant } from '../../loaders/index.js';
import type { GraphContext } from '../context.js';

type Check = readonly [caller: TokenCaller, serviceSid: string, conversationSid: string];

/** `context(caller)`: a fresh graph context (its own loaders and ledger) for one batch. */
export function membershipSource(context: (caller: TokenCaller) => GraphContext): MembershipSource {
  const checks: DataLoader<Check, boolean, string> = new DataLoader(
    (batch) => {
      checks.clearAll();
      // The loaders' scope is (identity, granted service): one context for each.
      const contexts = new Map<string, GraphContext>();
      return Promise.all(
        batch.map(async ([caller, serviceSid, conversationSid]) => {
          const scope = JSON.stringify([caller.identity, caller.serviceSid ?? null]);
          let ctx = contexts.get(scope);
          if (!ctx) {
            ctx = context(caller);
            contexts.set(scope, ctx);
          }
          try {
            return await isParticipant(
              ctx.loaders.userConversation,
              serviceSid,
              caller.identity,
              conversationSid,
            );
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        }),
      );
    },
    {
      cacheKeyFn: ([caller, serviceSid, conversationSid]) =>
        JSON.stringify([serviceSid, caller.identity, conversationSid]),
    },
  );
  return {
    serviceOf: async (caller) =>
      caller.serviceSid ?? (await context(caller).loaders.defaultServiceSid()),
    isMember: (caller, serviceSid, conversationSid) =>
      checks.load([caller, serviceSid, conversationSid]),
  };
}
