/**
 * Conversations of a participant found by chat identity or by non-chat address
 * (ParticipantConversations); edges carry the participant, nodes the copied conversation.
 */
import { resolveConnection } from '../connection.js';
import type { GraphContext } from '../context.js';
import { conversationParent } from '../parents.js';
import { checkName, exactlyOne } from '../shared/arguments.js';

export interface ParticipantConversationArgs {
  readonly identity?: string | null;
  readonly address?: string | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

export function listParticipantConversations(
  ctx: GraphContext,
  serviceSid: string,
  args: ParticipantConversationArgs,
) {
  const by = exactlyOne({ identity: args.identity, address: args.address });
  const value = checkName(by.value, by.name);
  return resolveConnection(
    ctx.loaders.lists.participantConversations(
      serviceSid,
      by.name === 'identity' ? { identity: value } : { address: value },
    ),
    { first: args.first ?? null, after: args.after ?? null },
    (item) => conversationParent({ ...item.conversation, serviceSid, sid: item.conversationSid }),
  );
}
