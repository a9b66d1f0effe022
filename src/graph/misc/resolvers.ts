/**
 * The smaller types: Role, Invite (Chat only), Webhook, Binding, Credential, Configuration and
 * AddressConfiguration. Records are complete when they arrive; only enums and links need code.
 */
import type { Resolvers } from '../../generated/graphql.js';
import { addressType, bindingType, credentialType, roleType, webhookTarget } from '../enums.js';
import { encodeId } from '../ids.js';
import { conversationParent } from '../parents.js';

const nodes = <N>(c: { readonly edges: readonly { readonly node: N }[] }): N[] =>
  c.edges.map((e) => e.node);

export const miscResolvers: Resolvers = {
  Role: {
    id: (r) => encodeId('Role', [r.serviceSid, r.sid]),
    type: (r) => roleType(r.type),
  },
  RoleConnection: { nodes },
  Invite: {
    id: (i) => encodeId('Invite', [i.serviceSid, i.conversationSid, i.sid]),
    conversation: (i) => conversationParent({ serviceSid: i.serviceSid, sid: i.conversationSid }),
  },
  InviteConnection: { nodes },
  Webhook: {
    id: (w) => encodeId('Webhook', [w.serviceSid, w.conversationSid, w.sid]),
    target: (w) => webhookTarget(w.target),
  },
  WebhookConnection: { nodes },
  Binding: {
    id: (b) => encodeId('Binding', [b.serviceSid, b.sid]),
    bindingType: (b) => bindingType(b.bindingType),
    credential: (b, _args, ctx) =>
      b.credentialSid ? ctx.loaders.credential.load([b.credentialSid]) : null,
  },
  BindingConnection: { nodes },
  Credential: {
    id: (c) => encodeId('Credential', [c.sid]),
    type: (c) => credentialType(c.type),
  },
  CredentialConnection: { nodes },
  Configuration: {
    defaultChatService: (c, _args, ctx) =>
      c.defaultChatServiceSid ? ctx.loaders.service.load([c.defaultChatServiceSid]) : null,
  },
  AddressConfiguration: {
    id: (a) => encodeId('AddressConfiguration', [a.sid]),
    type: (a) => addressType(a.type),
  },
  AddressConfigurationConnection: { nodes },
};
