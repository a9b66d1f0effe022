/**
 * Refetching any entity from its global id through the same per-request loaders. The result
 * carries `__typename` so the Node interface can tell which type it is.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { ResolversParentTypes } from '../../generated/graphql.js';
import type { GraphContext } from '../context.js';
import { decodeId } from '../ids.js';
import { participantParent } from '../parents.js';
import { lookupConversation } from '../conversation/resolvers.js';
import { lookupMessage } from '../message/resolvers.js';
import { lookupService } from '../service/resolvers.js';
import { lookupUser } from '../user/resolvers.js';

type NodeValue = ResolversParentTypes['Node'];

function tagged<T extends NodeValue>(typename: string, value: T | null): NodeValue | null {
  return value === null ? null : Object.assign({ __typename: typename }, value);
}

function sid(sids: readonly string[], index: number): string {
  return sids[index] ?? '';
}

export async function loadNode(
  ctx: GraphContext,
  info: GraphQLResolveInfo,
  id: string,
  argument: string,
): Promise<NodeValue | null> {
  const { type, sids } = decodeId(id, argument);
  const l = ctx.loaders;
  switch (type) {
    case 'Service':
      return tagged(type, await lookupService(ctx, info, sid(sids, 0)));
    case 'Conversation':
      return tagged(type, await lookupConversation(ctx, info, sid(sids, 0), sid(sids, 1)));
    case 'Participant': {
      const record = await l.participant.load(sids);
      return tagged(type, record ? participantParent(record) : null);
    }
    case 'User':
      return tagged(type, await lookupUser(ctx, info, sids));
    case 'Message':
      return tagged(type, await lookupMessage(ctx, info, sids));
    case 'Role':
      return tagged(type, await l.role.load(sids));
    case 'Invite':
      return tagged(type, await l.invite.load(sids));
    case 'Webhook':
      return tagged(type, await l.webhook.load(sids));
    case 'DeliveryReceipt':
      return tagged(type, await l.deliveryReceipt.load(sids));
    case 'Binding':
      return tagged(type, await l.binding.load(sids));
    case 'Credential':
      return tagged(type, await l.credential.load([sid(sids, 0)]));
    case 'AddressConfiguration':
      return tagged(type, await l.addressConfiguration.load([sid(sids, 0)]));
    case 'ConversationMembership':
      return tagged(type, await l.userConversation.load(sids));
  }
}
