/**
 * The membership check behind live updates for token callers, read through the loaders the way
 * queries read it: the caller's own membership (`userConversation`, by identity), which Twilio
 * answers with 404 both for a conversation they are not in and for one that does not exist.
 * When the loaders scope every read to the caller (issue 10), this is the one place to switch
 * to their check.
 */
import type { TokenCaller } from '../../access/index.js';
import type { MembershipSource } from '../../events/index.js';
import type { GraphContext } from '../context.js';

/** `context(caller)`: a fresh graph context (its own loaders and ledger) for one check. */
export function membershipSource(context: (caller: TokenCaller) => GraphContext): MembershipSource {
  return {
    serviceOf: async (caller) =>
      caller.serviceSid ?? (await context(caller).loaders.defaultServiceSid()),
    isMember: async (caller, serviceSid, conversationSid) =>
      (await context(caller).loaders.userConversation.load([
        serviceSid,
        caller.identity,
        conversationSid,
      ])) !== null,
  };
}
