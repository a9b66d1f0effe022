/**
 * DeliveryReceipt (Conversations only): the record as listed, its message and participant.
 */
import type { Resolvers } from '../../generated/graphql.js';
import { deliveryStatus } from '../enums.js';
import { encodeId } from '../ids.js';
import { participantParent } from '../parents.js';

export const deliveryReceiptResolvers: Resolvers = {
  DeliveryReceipt: {
    id: (r) => encodeId('DeliveryReceipt', [r.serviceSid, r.conversationSid, r.messageSid, r.sid]),
    status: (r) => deliveryStatus(r.status),
    message: (r, _args, ctx) =>
      ctx.loaders.message.load([r.serviceSid, r.conversationSid, r.messageSid]),
    participant: (r) =>
      r.participantSid
        ? participantParent({
            serviceSid: r.serviceSid,
            conversationSid: r.conversationSid,
            sid: r.participantSid,
          })
        : null,
  },
  DeliveryReceiptConnection: { nodes: (c) => c.edges.map((e) => e.node) },
};
