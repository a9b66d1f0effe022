/**
 * THE coverage table: every Twilio operation id of the registry, the GraphQL field or mutation
 * that reaches it, and the routing configuration it needs (none: the default routing). Each row
 * is run against the emulator by test/coverage/operations.test.ts, which fails for an operation
 * without a row or whose row did not send it; `npm run docs:operations` renders the table into
 * README.md.
 *
 * Rows follow registry order (a row may list several ids that its one document reaches); the
 * Chat v2 rows on the IP Messaging host come last. Documents name their targets through
 * `Setup`: seed data read once per emulator, plus what the row's own `prepare` steps created
 * (run with the default routing, before the row's request log starts), so rows never depend on
 * each other. Rows routed to the Conversations default-service paths leave `serviceSid` out:
 * their target is the account's default service.
 */
import type { ApiRouting } from '../../src/graph/index.js';

export type Variables = Readonly<Record<string, unknown>>;

/** Seed objects of the account's default service, read through the graph before the rows run. */
export interface SeedData {
  /** The account's default chat service (IS...). */
  readonly serviceSid: string;
  /** A private seeded conversation with chat participants and messages. */
  readonly conversationSid: string;
  /** A chat participant of that conversation. */
  readonly participantSid: string;
  /** The identity of that participant: a seeded user. */
  readonly identity: string;
  /** The seeded user with that identity (US...). */
  readonly userSid: string;
  /** A message of that conversation (IM...). */
  readonly messageSid: string;
  /** The seeded conversation with an SMS participant, and one of its messages with receipts. */
  readonly smsConversationSid: string;
  readonly smsMessageSid: string;
  /** Global id of one delivery receipt of that message. */
  readonly receiptId: string;
  /** A push binding to read (BS...), owned by the user `identity`. */
  readonly bindingSid: string;
  /** Two more seeded bindings, one for each delete path, and the identity owning the second. */
  readonly bindingSidToDelete: string;
  readonly userBindingSidToDelete: string;
  readonly userBindingIdentity: string;
  /** A seeded push credential (CR...). */
  readonly credentialSid: string;
  /** A seeded role of the default service (RL...). */
  readonly roleSid: string;
  /** The seeded address configuration (IG...). */
  readonly addressSid: string;
}

export interface Setup extends SeedData {
  /** A value captured by one of the row's `prepare` steps (throws when there is none). */
  made(key: string): string;
  /** `prefix` plus a number not used before in this emulator (unique names, identities). */
  unique(prefix: string): string;
}

/** A mutation run before the row's request log starts, creating what the row acts on. */
export interface Prepare {
  readonly document: string;
  readonly variables?: (setup: Setup) => Variables;
  /** Captured key → dotted path of the value in the result's `data`. */
  readonly capture: Readonly<Record<string, string>>;
}

export interface OperationRow {
  /** Registry ids this row's document must send (all of them, while this row runs). */
  readonly operationIds: readonly string[];
  /** The GraphQL field or mutation that reaches them, e.g. `Conversation.participants`. */
  readonly reachedBy: string;
  /** The routing configuration needed; left out: the default routing. */
  readonly routing?: Partial<ApiRouting>;
  readonly prepare?: readonly Prepare[];
  readonly document: string;
  readonly variables?: Variables | ((setup: Setup) => Variables);
}

/** A row without its ids and routing: one way into the graph. */
type Template = Omit<OperationRow, 'operationIds' | 'routing'>;

// --- Routing configurations ------------------------------------------------------------------

const CHAT_V1: Partial<ApiRouting> = { primaryApi: 'chat-v1' };
const CHAT_V2: Partial<ApiRouting> = { primaryApi: 'chat-v2' };
const DEFAULT_SERVICE: Partial<ApiRouting> = { conversationsPaths: 'default-service' };
const IP_MESSAGING: Partial<ApiRouting> = { primaryApi: 'chat-v2', chatHost: 'ip-messaging' };

// --- Prepare steps ---------------------------------------------------------------------------

const ERRORS = 'userErrors { code message field }';

const CREATE_CONVERSATION = `mutation ($input: CreateConversationInput!) {
  createConversation(input: $input) { conversation { sid } ${ERRORS} }
}`;
const CREATE_WEBHOOK = `mutation ($input: CreateConversationWebhookInput!) {
  createConversationWebhook(input: $input) { webhook { id sid } ${ERRORS} }
}`;
const CREATE_INVITE = `mutation ($input: CreateInviteInput!) {
  createInvite(input: $input) { invite { id sid } ${ERRORS} }
}`;
const CREATE_USER = `mutation ($input: CreateUserInput!) {
  createUser(input: $input) { user { sid } ${ERRORS} }
}`;
const CREATE_ROLE = `mutation ($input: CreateRoleInput!) {
  createRole(input: $input) { role { sid } ${ERRORS} }
}`;
const CREATE_CREDENTIAL = `mutation ($input: CreateCredentialInput!) {
  createCredential(input: $input) { credential { sid } ${ERRORS} }
}`;
const CREATE_SERVICE = `mutation ($input: CreateServiceInput!) {
  createService(input: $input) { service { sid } ${ERRORS} }
}`;
const CREATE_ADDRESS = `mutation ($input: CreateAddressConfigurationInput!) {
  createAddressConfiguration(input: $input) { addressConfiguration { sid } ${ERRORS} }
}`;
const ADD_PARTICIPANT = `mutation ($input: AddParticipantInput!) {
  addParticipant(input: $input) { participant { sid } ${ERRORS} }
}`;
const SEND_MESSAGE = `mutation ($input: SendMessageInput!) {
  sendMessage(input: $input) { message { sid } ${ERRORS} }
}`;

/** A fresh conversation: `conversationSid`. */
const newConversation: Prepare = {
  document: CREATE_CONVERSATION,
  variables: (s) => ({ input: { friendlyName: s.unique('Coverage ') } }),
  capture: { conversationSid: 'createConversation.conversation.sid' },
};

/** A fresh public Chat channel: `conversationSid`. */
const newPublicChannel: Prepare = {
  document: CREATE_CONVERSATION,
  variables: (s) => ({ input: { friendlyName: s.unique('Town hall '), type: 'PUBLIC' } }),
  capture: { conversationSid: 'createConversation.conversation.sid' },
};

/** A fresh participant of the fresh conversation of `newConversation`: `identity`. */
const newLeaver: Prepare = {
  document: `mutation ($input: AddParticipantInput!) {
    addParticipant(input: $input) { participant { identity } ${ERRORS} }
  }`,
  variables: (s) => ({
    input: { conversationSid: s.made('conversationSid'), identity: s.unique('leaver-') },
  }),
  capture: { identity: 'addParticipant.participant.identity' },
};

/** A webhook on a fresh conversation: `conversationSid`, `webhookId`. */
const newWebhook: readonly Prepare[] = [
  newConversation,
  {
    document: CREATE_WEBHOOK,
    variables: (s) => ({
      input: {
        conversationSid: s.made('conversationSid'),
        target: 'WEBHOOK',
        url: 'https://hooks.example.com/coverage',
        method: 'POST',
        filters: ['onMessageAdded'],
      },
    }),
    capture: { webhookId: 'createConversationWebhook.webhook.id' },
  },
];

/** An invitation to the seeded conversation: `inviteId`. */
const newInvite: Prepare = {
  document: CREATE_INVITE,
  variables: (s) => ({
    input: { conversationSid: s.conversationSid, identity: s.unique('invitee-') },
  }),
  capture: { inviteId: 'createInvite.invite.id' },
};

/** A fresh participant of the seeded conversation: `participantSid`. */
const newParticipant: Prepare = {
  document: ADD_PARTICIPANT,
  variables: (s) => ({
    input: { conversationSid: s.conversationSid, identity: s.unique('joiner-') },
  }),
  capture: { participantSid: 'addParticipant.participant.sid' },
};

/** A fresh message in the seeded conversation: `messageSid`. */
const newMessage: Prepare = {
  document: SEND_MESSAGE,
  variables: (s) => ({
    input: { conversationSid: s.conversationSid, author: s.identity, body: 'To be deleted' },
  }),
  capture: { messageSid: 'sendMessage.message.sid' },
};

const newUser: Prepare = {
  document: CREATE_USER,
  variables: (s) => ({ input: { identity: s.unique('doomed-') } }),
  capture: { userSid: 'createUser.user.sid' },
};

const newRole: Prepare = {
  document: CREATE_ROLE,
  variables: (s) => ({
    input: { friendlyName: s.unique('role'), type: 'CONVERSATION', permissions: ['sendMessage'] },
  }),
  capture: { roleSid: 'createRole.role.sid' },
};

const newCredential: Prepare = {
  document: CREATE_CREDENTIAL,
  variables: (s) => ({ input: { type: 'FCM', friendlyName: s.unique('push '), secret: 'k' } }),
  capture: { credentialSid: 'createCredential.credential.sid' },
};

const newService: Prepare = {
  document: CREATE_SERVICE,
  variables: (s) => ({ input: { friendlyName: s.unique('Doomed ') } }),
  capture: { serviceSid: 'createService.service.sid' },
};

/** A fresh address configuration: `addressSid`. */
const newAddress: Prepare = {
  document: CREATE_ADDRESS,
  variables: (s) => ({ input: { type: 'SMS', address: s.unique('+1555000') } }),
  capture: { addressSid: 'createAddressConfiguration.addressConfiguration.sid' },
};

// --- One template per way into the graph -------------------------------------------------------

const inConversation = (s: Setup): Variables => ({
  serviceSid: s.serviceSid,
  sid: s.conversationSid,
});

const T = {
  // Conversations (Chat channels)
  conversation: {
    reachedBy: 'Query.conversation',
    document: `query ($serviceSid: String, $sid: String!) {
      conversation(serviceSid: $serviceSid, sid: $sid) { sid friendlyName }
    }`,
    variables: inConversation,
  },
  conversationChatFields: {
    reachedBy: 'Conversation.type',
    document: `query ($serviceSid: String, $sid: String!) {
      conversation(serviceSid: $serviceSid, sid: $sid) { type membersCount }
    }`,
    variables: inConversation,
  },
  conversations: {
    reachedBy: 'Query.conversations',
    document: `query ($serviceSid: String) {
      conversations(serviceSid: $serviceSid, first: 5) { nodes { sid friendlyName } }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid }),
  },
  conversationsByType: {
    reachedBy: 'Query.conversations(type)',
    document: `query ($serviceSid: String) {
      conversations(serviceSid: $serviceSid, type: [PUBLIC, PRIVATE], first: 5) { nodes { sid type } }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid }),
  },
  createConversation: {
    reachedBy: 'Mutation.createConversation',
    document: CREATE_CONVERSATION,
    variables: (s) => ({ input: { serviceSid: s.serviceSid, friendlyName: s.unique('New ') } }),
  },
  createConversationWithParticipants: {
    reachedBy: 'Mutation.createConversation(participants)',
    document: CREATE_CONVERSATION,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        friendlyName: s.unique('Team '),
        participants: [{ identity: s.unique('member-') }],
      },
    }),
  },
  createChannel: {
    reachedBy: 'Mutation.createConversation(type)',
    document: CREATE_CONVERSATION,
    variables: (s) => ({
      input: { serviceSid: s.serviceSid, friendlyName: s.unique('Lobby '), type: 'PUBLIC' },
    }),
  },
  updateConversation: {
    reachedBy: 'Mutation.updateConversation',
    document: `mutation ($input: UpdateConversationInput!) {
      updateConversation(input: $input) { conversation { sid } ${ERRORS} }
    }`,
    variables: (s) => ({
      input: { serviceSid: s.serviceSid, sid: s.conversationSid, friendlyName: 'Renamed' },
    }),
  },
  deleteConversation: {
    reachedBy: 'Mutation.deleteConversation',
    prepare: [newConversation],
    document: `mutation ($input: DeleteConversationInput!) {
      deleteConversation(input: $input) { deletedConversationId ${ERRORS} }
    }`,
    variables: (s) => ({ input: { serviceSid: s.serviceSid, sid: s.made('conversationSid') } }),
  },
  makeChannelPrivate: {
    reachedBy: 'Mutation.makeChannelPrivate',
    prepare: [newPublicChannel],
    document: `mutation ($input: MakeChannelPrivateInput!) {
      makeChannelPrivate(input: $input) { conversation { sid } ${ERRORS} }
    }`,
    variables: (s) => ({ input: { serviceSid: s.serviceSid, sid: s.made('conversationSid') } }),
  },

  // Participants (Chat members)
  participant: {
    reachedBy: 'Conversation.participant',
    document: `query ($serviceSid: String, $sid: String!, $participantSid: String!) {
      conversation(serviceSid: $serviceSid, sid: $sid) { participant(sid: $participantSid) { sid identity } }
    }`,
    variables: (s) => ({ ...inConversation(s), participantSid: s.participantSid }),
  },
  participants: {
    reachedBy: 'Conversation.participants',
    document: `query ($serviceSid: String, $sid: String!) {
      conversation(serviceSid: $serviceSid, sid: $sid) { participants(first: 10) { nodes { sid identity } } }
    }`,
    variables: inConversation,
  },
  addParticipant: {
    reachedBy: 'Mutation.addParticipant',
    document: ADD_PARTICIPANT,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        conversationSid: s.conversationSid,
        identity: s.unique('added-'),
      },
    }),
  },
  updateParticipant: {
    reachedBy: 'Mutation.updateParticipant',
    document: `mutation ($input: UpdateParticipantInput!) {
      updateParticipant(input: $input) { participant { sid } ${ERRORS} }
    }`,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        conversationSid: s.conversationSid,
        sid: s.participantSid,
        lastReadMessageIndex: 1,
      },
    }),
  },
  removeParticipant: {
    reachedBy: 'Mutation.removeParticipant',
    prepare: [newParticipant],
    document: `mutation ($input: RemoveParticipantInput!) {
      removeParticipant(input: $input) { deletedParticipantId ${ERRORS} }
    }`,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        conversationSid: s.conversationSid,
        sid: s.made('participantSid'),
      },
    }),
  },

  // Messages
  message: {
    reachedBy: 'Conversation.message',
    document: `query ($serviceSid: String, $sid: String!, $messageSid: String!) {
      conversation(serviceSid: $serviceSid, sid: $sid) { message(sid: $messageSid) { sid body } }
    }`,
    variables: (s) => ({ ...inConversation(s), messageSid: s.messageSid }),
  },
  messageChatFields: {
    reachedBy: 'Message.wasEdited',
    document: `query ($serviceSid: String, $sid: String!) {
      conversation(serviceSid: $serviceSid, sid: $sid) { messages(first: 1) { nodes { wasEdited type } } }
    }`,
    variables: inConversation,
  },
  messages: {
    reachedBy: 'Conversation.messages',
    document: `query ($serviceSid: String, $sid: String!) {
      conversation(serviceSid: $serviceSid, sid: $sid) { messages(first: 5) { nodes { sid body } } }
    }`,
    variables: inConversation,
  },
  sendMessage: {
    reachedBy: 'Mutation.sendMessage',
    document: SEND_MESSAGE,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        conversationSid: s.conversationSid,
        author: s.identity,
        body: 'Hello',
      },
    }),
  },
  updateMessage: {
    reachedBy: 'Mutation.updateMessage',
    document: `mutation ($input: UpdateMessageInput!) {
      updateMessage(input: $input) { message { sid } ${ERRORS} }
    }`,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        conversationSid: s.conversationSid,
        sid: s.messageSid,
        body: 'Edited',
      },
    }),
  },
  deleteMessage: {
    reachedBy: 'Mutation.deleteMessage',
    prepare: [newMessage],
    document: `mutation ($input: DeleteMessageInput!) {
      deleteMessage(input: $input) { deletedMessageId ${ERRORS} }
    }`,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        conversationSid: s.conversationSid,
        sid: s.made('messageSid'),
      },
    }),
  },

  // Delivery receipts
  receipt: {
    reachedBy: 'Query.node(DeliveryReceipt)',
    document: 'query ($id: ID!) { node(id: $id) { id ... on DeliveryReceipt { status } } }',
    variables: (s) => ({ id: s.receiptId }),
  },
  receipts: {
    reachedBy: 'Message.deliveryReceipts',
    document: `query ($serviceSid: String, $sid: String!, $messageSid: String!) {
      conversation(serviceSid: $serviceSid, sid: $sid) {
        message(sid: $messageSid) { deliveryReceipts(first: 5) { nodes { sid status } } }
      }
    }`,
    variables: (s) => ({
      serviceSid: s.serviceSid,
      sid: s.smsConversationSid,
      messageSid: s.smsMessageSid,
    }),
  },

  // Conversation webhooks (Chat channel webhooks)
  webhook: {
    reachedBy: 'Query.node(Webhook)',
    prepare: newWebhook,
    document: 'query ($id: ID!) { node(id: $id) { id ... on Webhook { target } } }',
    variables: (s) => ({ id: s.made('webhookId') }),
  },
  webhooks: {
    reachedBy: 'Conversation.webhooks',
    prepare: newWebhook,
    document: `query ($serviceSid: String, $sid: String!) {
      conversation(serviceSid: $serviceSid, sid: $sid) { webhooks(first: 5) { nodes { sid } } }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid, sid: s.made('conversationSid') }),
  },
  createWebhook: {
    reachedBy: 'Mutation.createConversationWebhook',
    prepare: [newConversation],
    document: CREATE_WEBHOOK,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        conversationSid: s.made('conversationSid'),
        target: 'WEBHOOK',
        url: 'https://hooks.example.com/created',
        method: 'POST',
        filters: ['onMessageAdded'],
      },
    }),
  },
  updateWebhook: {
    reachedBy: 'Mutation.updateConversationWebhook',
    prepare: newWebhook,
    document: `mutation ($input: UpdateConversationWebhookInput!) {
      updateConversationWebhook(input: $input) { webhook { sid } ${ERRORS} }
    }`,
    variables: (s) => ({
      input: { id: s.made('webhookId'), url: 'https://hooks.example.com/updated' },
    }),
  },
  deleteWebhook: {
    reachedBy: 'Mutation.deleteConversationWebhook',
    prepare: newWebhook,
    document: `mutation ($input: DeleteConversationWebhookInput!) {
      deleteConversationWebhook(input: $input) { deletedWebhookId ${ERRORS} }
    }`,
    variables: (s) => ({ input: { id: s.made('webhookId') } }),
  },

  // Invites
  invite: {
    reachedBy: 'Query.node(Invite)',
    prepare: [newInvite],
    document: 'query ($id: ID!) { node(id: $id) { id ... on Invite { identity } } }',
    variables: (s) => ({ id: s.made('inviteId') }),
  },
  invites: {
    reachedBy: 'Conversation.invites',
    prepare: [newInvite],
    document: `query ($serviceSid: String, $sid: String!) {
      conversation(serviceSid: $serviceSid, sid: $sid) { invites(first: 5) { nodes { sid } } }
    }`,
    variables: inConversation,
  },
  createInvite: {
    reachedBy: 'Mutation.createInvite',
    document: CREATE_INVITE,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        conversationSid: s.conversationSid,
        identity: s.unique('invited-'),
      },
    }),
  },
  deleteInvite: {
    reachedBy: 'Mutation.deleteInvite',
    prepare: [newInvite],
    document: `mutation ($input: DeleteInviteInput!) {
      deleteInvite(input: $input) { deletedInviteId ${ERRORS} }
    }`,
    variables: (s) => ({ input: { id: s.made('inviteId') } }),
  },

  // Users and their memberships
  user: {
    reachedBy: 'Query.user',
    document: `query ($serviceSid: String, $sid: String!) {
      user(serviceSid: $serviceSid, sid: $sid) { sid identity }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid, sid: s.userSid }),
  },
  userChatFields: {
    reachedBy: 'User.joinedChannelsCount',
    document: `query ($serviceSid: String, $sid: String!) {
      user(serviceSid: $serviceSid, sid: $sid) { joinedChannelsCount }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid, sid: s.userSid }),
  },
  users: {
    reachedBy: 'Query.users',
    document: `query ($serviceSid: String) {
      users(serviceSid: $serviceSid, first: 5) { nodes { sid identity } }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid }),
  },
  createUser: {
    reachedBy: 'Mutation.createUser',
    document: CREATE_USER,
    variables: (s) => ({ input: { serviceSid: s.serviceSid, identity: s.unique('created-') } }),
  },
  updateUser: {
    reachedBy: 'Mutation.updateUser',
    document: `mutation ($input: UpdateUserInput!) {
      updateUser(input: $input) { user { sid } ${ERRORS} }
    }`,
    variables: (s) => ({
      input: { serviceSid: s.serviceSid, sid: s.userSid, friendlyName: 'Renamed' },
    }),
  },
  deleteUser: {
    reachedBy: 'Mutation.deleteUser',
    prepare: [newUser],
    document: `mutation ($input: DeleteUserInput!) {
      deleteUser(input: $input) { deletedUserId ${ERRORS} }
    }`,
    variables: (s) => ({ input: { serviceSid: s.serviceSid, sid: s.made('userSid') } }),
  },
  userConversations: {
    reachedBy: 'User.conversations',
    document: `query ($serviceSid: String, $sid: String!) {
      user(serviceSid: $serviceSid, sid: $sid) {
        conversations(first: 5) { edges { lastReadMessageIndex node { sid } } }
      }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid, sid: s.userSid }),
  },
  userMembership: {
    reachedBy: 'User.membership',
    document: `query ($serviceSid: String, $sid: String!, $conversationSid: String!) {
      user(serviceSid: $serviceSid, sid: $sid) {
        membership(conversationSid: $conversationSid) { lastReadMessageIndex participantSid }
      }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid, sid: s.userSid, conversationSid: s.conversationSid }),
  },
  updateMembership: {
    reachedBy: 'Mutation.updateConversationMembership',
    document: `mutation ($input: UpdateConversationMembershipInput!) {
      updateConversationMembership(input: $input) { membership { notificationLevel } ${ERRORS} }
    }`,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        userSid: s.userSid,
        conversationSid: s.conversationSid,
        notificationLevel: 'MUTED',
      },
    }),
  },
  leaveConversation: {
    reachedBy: 'Mutation.leaveConversation',
    prepare: [newConversation, newLeaver],
    document: `mutation ($input: LeaveConversationInput!) {
      leaveConversation(input: $input) { leftConversationId ${ERRORS} }
    }`,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        identity: s.made('identity'),
        conversationSid: s.made('conversationSid'),
      },
    }),
  },
  participantConversations: {
    reachedBy: 'Query.participantConversations',
    document: `query ($serviceSid: String, $identity: String!) {
      participantConversations(serviceSid: $serviceSid, identity: $identity, first: 5) {
        nodes { sid }
      }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid, identity: s.identity }),
  },

  // Roles
  role: {
    reachedBy: 'Query.role',
    document: `query ($serviceSid: String, $sid: String!) {
      role(serviceSid: $serviceSid, sid: $sid) { sid permissions }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid, sid: s.roleSid }),
  },
  roleOfDefaultService: {
    reachedBy: 'Query.role(without serviceSid)',
    document: 'query ($sid: String!) { role(sid: $sid) { sid permissions } }',
    variables: (s) => ({ sid: s.roleSid }),
  },
  rolesOfDefaultService: {
    reachedBy: 'Query.roles(without serviceSid)',
    document: '{ roles(first: 5) { nodes { sid } } }',
  },
  roles: {
    reachedBy: 'Query.roles',
    document: `query ($serviceSid: String) {
      roles(serviceSid: $serviceSid, first: 5) { nodes { sid } }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid }),
  },
  createRole: {
    reachedBy: 'Mutation.createRole',
    document: CREATE_ROLE,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        friendlyName: s.unique('role'),
        type: 'CONVERSATION',
        permissions: ['sendMessage'],
      },
    }),
  },
  updateRole: {
    reachedBy: 'Mutation.updateRole',
    prepare: [newRole],
    document: `mutation ($input: UpdateRoleInput!) {
      updateRole(input: $input) { role { sid } ${ERRORS} }
    }`,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        sid: s.made('roleSid'),
        permissions: ['sendMessage', 'leaveChannel'],
      },
    }),
  },
  deleteRole: {
    reachedBy: 'Mutation.deleteRole',
    prepare: [newRole],
    document: `mutation ($input: DeleteRoleInput!) {
      deleteRole(input: $input) { deletedRoleId ${ERRORS} }
    }`,
    variables: (s) => ({ input: { serviceSid: s.serviceSid, sid: s.made('roleSid') } }),
  },

  // Credentials
  credential: {
    reachedBy: 'Query.credential',
    document: 'query ($sid: String!) { credential(sid: $sid) { sid type } }',
    variables: (s) => ({ sid: s.credentialSid }),
  },
  credentials: {
    reachedBy: 'Query.credentials',
    document: '{ credentials(first: 5) { nodes { sid type } } }',
  },
  createCredential: {
    reachedBy: 'Mutation.createCredential',
    document: CREATE_CREDENTIAL,
    variables: (s) => ({ input: { type: 'FCM', friendlyName: s.unique('push '), secret: 'k' } }),
  },
  updateCredential: {
    reachedBy: 'Mutation.updateCredential',
    prepare: [newCredential],
    document: `mutation ($input: UpdateCredentialInput!) {
      updateCredential(input: $input) { credential { sid } ${ERRORS} }
    }`,
    variables: (s) => ({ input: { sid: s.made('credentialSid'), friendlyName: 'Renamed' } }),
  },
  deleteCredential: {
    reachedBy: 'Mutation.deleteCredential',
    prepare: [newCredential],
    document: `mutation ($input: DeleteCredentialInput!) {
      deleteCredential(input: $input) { deletedCredentialId ${ERRORS} }
    }`,
    variables: (s) => ({ input: { sid: s.made('credentialSid') } }),
  },

  // Services and their settings
  service: {
    reachedBy: 'Query.service',
    document: 'query ($sid: String!) { service(sid: $sid) { sid friendlyName } }',
    variables: (s) => ({ sid: s.serviceSid }),
  },
  serviceChatFields: {
    reachedBy: 'Service.readStatusEnabled',
    document: `query ($sid: String!) {
      service(sid: $sid) { readStatusEnabled limits { channelMembers } }
    }`,
    variables: (s) => ({ sid: s.serviceSid }),
  },
  serviceEventWebhooks: {
    reachedBy: 'Service.eventWebhooks',
    document: 'query ($sid: String!) { service(sid: $sid) { eventWebhooks { event url } } }',
    variables: (s) => ({ sid: s.serviceSid }),
  },
  services: {
    reachedBy: 'Query.services',
    document: '{ services(first: 5) { nodes { sid friendlyName } } }',
  },
  createService: {
    reachedBy: 'Mutation.createService',
    document: CREATE_SERVICE,
    variables: (s) => ({ input: { friendlyName: s.unique('Created ') } }),
  },
  updateService: {
    reachedBy: 'Mutation.updateService',
    document: `mutation ($input: UpdateServiceInput!) {
      updateService(input: $input) { service { sid } ${ERRORS} }
    }`,
    variables: (s) => ({ input: { sid: s.serviceSid, typingIndicatorTimeout: 7 } }),
  },
  updateServiceEventWebhooks: {
    reachedBy: 'Mutation.updateService(eventWebhooks)',
    document: `mutation ($input: UpdateServiceInput!) {
      updateService(input: $input) { service { sid } ${ERRORS} }
    }`,
    variables: (s) => ({
      input: {
        sid: s.serviceSid,
        eventWebhooks: [{ event: 'ON_MESSAGE_SENT', url: 'https://hooks.example.com/v1' }],
      },
    }),
  },
  deleteService: {
    reachedBy: 'Mutation.deleteService',
    prepare: [newService],
    document: `mutation ($input: DeleteServiceInput!) {
      deleteService(input: $input) { deletedServiceId ${ERRORS} }
    }`,
    variables: (s) => ({ input: { sid: s.made('serviceSid') } }),
  },
  serviceConfiguration: {
    reachedBy: 'Service.configuration',
    document: `query ($sid: String!) {
      service(sid: $sid) { configuration { defaultConversationRoleSid reachabilityEnabled } }
    }`,
    variables: (s) => ({ sid: s.serviceSid }),
  },
  updateServiceConfiguration: {
    reachedBy: 'Mutation.updateServiceConfiguration',
    document: `mutation ($input: UpdateServiceConfigurationInput!) {
      updateServiceConfiguration(input: $input) { serviceSid ${ERRORS} }
    }`,
    variables: (s) => ({ input: { serviceSid: s.serviceSid, reachabilityEnabled: true } }),
  },
  serviceNotifications: {
    reachedBy: 'Service.notifications',
    document: 'query ($sid: String!) { service(sid: $sid) { notifications { logEnabled } } }',
    variables: (s) => ({ sid: s.serviceSid }),
  },
  updateServiceNotifications: {
    reachedBy: 'Mutation.updateServiceNotifications',
    document: `mutation ($input: UpdateServiceNotificationsInput!) {
      updateServiceNotifications(input: $input) { serviceSid ${ERRORS} }
    }`,
    variables: (s) => ({ input: { serviceSid: s.serviceSid, logEnabled: true } }),
  },
  serviceWebhooks: {
    reachedBy: 'Service.webhooks',
    document: 'query ($sid: String!) { service(sid: $sid) { webhooks { method filters } } }',
    variables: (s) => ({ sid: s.serviceSid }),
  },
  updateServiceWebhooks: {
    reachedBy: 'Mutation.updateServiceWebhooks',
    document: `mutation ($input: UpdateServiceWebhooksInput!) {
      updateServiceWebhooks(input: $input) { serviceSid ${ERRORS} }
    }`,
    variables: (s) => ({ input: { serviceSid: s.serviceSid, method: 'POST' } }),
  },

  // Account configuration and addresses
  configuration: {
    reachedBy: 'Query.configuration',
    document: '{ configuration { defaultChatServiceSid defaultInactiveTimer } }',
  },
  updateConfiguration: {
    reachedBy: 'Mutation.updateAccountConfiguration',
    document: `mutation ($input: UpdateAccountConfigurationInput!) {
      updateAccountConfiguration(input: $input) { configuration { defaultChatServiceSid } ${ERRORS} }
    }`,
    variables: (s) => ({ input: { defaultChatServiceSid: s.serviceSid } }),
  },
  accountWebhooks: {
    reachedBy: 'Configuration.webhooks',
    document: '{ configuration { webhooks { method filters } } }',
  },
  updateAccountWebhooks: {
    reachedBy: 'Mutation.updateAccountWebhooks',
    document: `mutation ($input: UpdateAccountWebhooksInput!) {
      updateAccountWebhooks(input: $input) { webhooks { method } ${ERRORS} }
    }`,
    variables: { input: { method: 'POST' } },
  },
  addresses: {
    reachedBy: 'Query.addressConfigurations',
    document: '{ addressConfigurations(first: 5) { nodes { sid address } } }',
  },
  address: {
    reachedBy: 'Query.addressConfiguration',
    document: 'query ($sid: String!) { addressConfiguration(sid: $sid) { sid address } }',
    variables: (s) => ({ sid: s.addressSid }),
  },
  createAddress: {
    reachedBy: 'Mutation.createAddressConfiguration',
    document: CREATE_ADDRESS,
    variables: (s) => ({ input: { type: 'SMS', address: s.unique('+1555100') } }),
  },
  updateAddress: {
    reachedBy: 'Mutation.updateAddressConfiguration',
    document: `mutation ($input: UpdateAddressConfigurationInput!) {
      updateAddressConfiguration(input: $input) { addressConfiguration { sid } ${ERRORS} }
    }`,
    variables: (s) => ({ input: { sid: s.addressSid, friendlyName: 'Renamed' } }),
  },
  deleteAddress: {
    reachedBy: 'Mutation.deleteAddressConfiguration',
    prepare: [newAddress],
    document: `mutation ($input: DeleteAddressConfigurationInput!) {
      deleteAddressConfiguration(input: $input) { deletedAddressConfigurationId ${ERRORS} }
    }`,
    variables: (s) => ({ input: { sid: s.made('addressSid') } }),
  },

  // Push bindings
  binding: {
    reachedBy: 'Query.binding',
    document: `query ($serviceSid: String, $sid: String!) {
      binding(serviceSid: $serviceSid, sid: $sid) { sid identity }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid, sid: s.bindingSid }),
  },
  bindings: {
    reachedBy: 'Query.bindings',
    document: `query ($serviceSid: String) {
      bindings(serviceSid: $serviceSid, first: 5) { nodes { sid identity } }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid }),
  },
  deleteBinding: {
    reachedBy: 'Mutation.deleteBinding',
    document: `mutation ($input: DeleteBindingInput!) {
      deleteBinding(input: $input) { deletedBindingId ${ERRORS} }
    }`,
    variables: (s) => ({ input: { serviceSid: s.serviceSid, sid: s.bindingSidToDelete } }),
  },
  userBinding: {
    reachedBy: 'Query.binding(userSid)',
    document: `query ($serviceSid: String, $sid: String!, $user: String!) {
      binding(serviceSid: $serviceSid, sid: $sid, userSid: $user) { sid }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid, sid: s.bindingSid, user: s.identity }),
  },
  userBindings: {
    reachedBy: 'Query.bindings(userSid)',
    document: `query ($serviceSid: String, $user: String!) {
      bindings(serviceSid: $serviceSid, userSid: $user, first: 5) { nodes { sid } }
    }`,
    variables: (s) => ({ serviceSid: s.serviceSid, user: s.identity }),
  },
  deleteUserBinding: {
    reachedBy: 'Mutation.deleteBinding(userSid)',
    document: `mutation ($input: DeleteBindingInput!) {
      deleteBinding(input: $input) { deletedBindingId ${ERRORS} }
    }`,
    variables: (s) => ({
      input: {
        serviceSid: s.serviceSid,
        sid: s.userBindingSidToDelete,
        userSid: s.userBindingIdentity,
      },
    }),
  },
} satisfies Record<string, Template>;

// --- Rows ------------------------------------------------------------------------------------

/** Variables without any `serviceSid` (top level or in `input`): the default service's paths. */
function withoutServiceSid(variables: Variables): Variables {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(variables)) {
    if (key === 'serviceSid') continue;
    out[key] =
      key === 'input' && typeof value === 'object' && value !== null && !Array.isArray(value)
        ? withoutServiceSid(value as Variables)
        : value;
  }
  return out;
}

function row(
  ids: string | readonly string[],
  template: Template,
  routing?: Partial<ApiRouting>,
): OperationRow {
  const operationIds = typeof ids === 'string' ? [ids] : ids;
  if (routing?.conversationsPaths !== 'default-service') {
    return { operationIds, ...template, ...(routing ? { routing } : {}) };
  }
  const { variables } = template;
  return {
    operationIds,
    ...template,
    routing,
    ...(variables === undefined
      ? {}
      : {
          variables: (s: Setup) =>
            withoutServiceSid(typeof variables === 'function' ? variables(s) : variables),
        }),
  };
}

/**
 * Operations no field or mutation of the graph sends under any routing, with the reason. They
 * have no row (so the coverage test fails, naming them) until the graph reaches them.
 */
export const UNREACHABLE: Readonly<Record<string, string>> = {};

/** The table, in registry order; the IP Messaging rows last. */
export const OPERATION_ROWS: readonly OperationRow[] = [
  // Chat v1
  row('chat.v1.FetchChannel', T.conversation, CHAT_V1),
  row('chat.v1.UpdateChannel', T.updateConversation, CHAT_V1),
  row('chat.v1.DeleteChannel', T.deleteConversation, CHAT_V1),
  row('chat.v1.ListChannel', T.conversations, CHAT_V1),
  row('chat.v1.CreateChannel', T.createConversation, CHAT_V1),
  row('chat.v1.ListCredential', T.credentials, CHAT_V1),
  row('chat.v1.CreateCredential', T.createCredential, CHAT_V1),
  row('chat.v1.FetchCredential', T.credential, CHAT_V1),
  row('chat.v1.UpdateCredential', T.updateCredential, CHAT_V1),
  row('chat.v1.DeleteCredential', T.deleteCredential, CHAT_V1),
  row('chat.v1.FetchInvite', T.invite, CHAT_V1),
  row('chat.v1.DeleteInvite', T.deleteInvite, CHAT_V1),
  row('chat.v1.ListInvite', T.invites, CHAT_V1),
  row('chat.v1.CreateInvite', T.createInvite, CHAT_V1),
  row('chat.v1.FetchMember', T.participant, CHAT_V1),
  row('chat.v1.UpdateMember', T.updateParticipant, CHAT_V1),
  row('chat.v1.DeleteMember', T.removeParticipant, CHAT_V1),
  row('chat.v1.ListMember', T.participants, CHAT_V1),
  row('chat.v1.CreateMember', T.addParticipant, CHAT_V1),
  row('chat.v1.FetchMessage', T.message, CHAT_V1),
  row('chat.v1.UpdateMessage', T.updateMessage, CHAT_V1),
  row('chat.v1.DeleteMessage', T.deleteMessage, CHAT_V1),
  row('chat.v1.ListMessage', T.messages, CHAT_V1),
  row('chat.v1.CreateMessage', T.sendMessage, CHAT_V1),
  row('chat.v1.FetchRole', T.role, CHAT_V1),
  row('chat.v1.UpdateRole', T.updateRole, CHAT_V1),
  row('chat.v1.DeleteRole', T.deleteRole, CHAT_V1),
  row('chat.v1.ListRole', T.roles, CHAT_V1),
  row('chat.v1.CreateRole', T.createRole, CHAT_V1),
  row('chat.v1.FetchService', T.serviceEventWebhooks),
  row('chat.v1.UpdateService', T.updateServiceEventWebhooks),
  row('chat.v1.DeleteService', T.deleteService, CHAT_V1),
  row('chat.v1.ListService', T.services, CHAT_V1),
  row('chat.v1.CreateService', T.createService, CHAT_V1),
  row('chat.v1.FetchUser', T.user, CHAT_V1),
  row('chat.v1.UpdateUser', T.updateUser, CHAT_V1),
  row('chat.v1.DeleteUser', T.deleteUser, CHAT_V1),
  row('chat.v1.ListUser', T.users, CHAT_V1),
  row('chat.v1.CreateUser', T.createUser, CHAT_V1),
  row('chat.v1.ListUserChannel', T.userConversations, CHAT_V1),

  // Chat v2
  row('chat.v2.ListBinding', T.bindings, CHAT_V2),
  row('chat.v2.FetchBinding', T.binding, CHAT_V2),
  row('chat.v2.DeleteBinding', T.deleteBinding, CHAT_V2),
  row('chat.v2.FetchChannel', T.conversationChatFields),
  row('chat.v2.UpdateChannel', T.updateConversation, CHAT_V2),
  row('chat.v2.DeleteChannel', T.deleteConversation, CHAT_V2),
  row('chat.v2.ListChannel', T.conversationsByType),
  row('chat.v2.CreateChannel', T.createChannel),
  row('chat.v2.ListChannelWebhook', T.webhooks, CHAT_V2),
  row('chat.v2.CreateChannelWebhook', T.createWebhook, CHAT_V2),
  row('chat.v2.FetchChannelWebhook', T.webhook, CHAT_V2),
  row('chat.v2.UpdateChannelWebhook', T.updateWebhook, CHAT_V2),
  row('chat.v2.DeleteChannelWebhook', T.deleteWebhook, CHAT_V2),
  row('chat.v2.ListCredential', T.credentials, CHAT_V2),
  row('chat.v2.CreateCredential', T.createCredential, CHAT_V2),
  row('chat.v2.FetchCredential', T.credential, CHAT_V2),
  row('chat.v2.UpdateCredential', T.updateCredential, CHAT_V2),
  row('chat.v2.DeleteCredential', T.deleteCredential, CHAT_V2),
  row('chat.v2.FetchInvite', T.invite),
  row('chat.v2.DeleteInvite', T.deleteInvite),
  row('chat.v2.ListInvite', T.invites),
  row('chat.v2.CreateInvite', T.createInvite),
  row('chat.v2.FetchMember', T.participant, CHAT_V2),
  row('chat.v2.UpdateMember', T.updateParticipant, CHAT_V2),
  row('chat.v2.DeleteMember', T.removeParticipant, CHAT_V2),
  row('chat.v2.ListMember', T.participants, CHAT_V2),
  row('chat.v2.CreateMember', T.addParticipant, CHAT_V2),
  row('chat.v2.FetchMessage', T.messageChatFields),
  row('chat.v2.UpdateMessage', T.updateMessage, CHAT_V2),
  row('chat.v2.DeleteMessage', T.deleteMessage, CHAT_V2),
  row('chat.v2.ListMessage', T.messages, CHAT_V2),
  row('chat.v2.CreateMessage', T.sendMessage, CHAT_V2),
  row('chat.v2.FetchRole', T.role, CHAT_V2),
  row('chat.v2.UpdateRole', T.updateRole, CHAT_V2),
  row('chat.v2.DeleteRole', T.deleteRole, CHAT_V2),
  row('chat.v2.ListRole', T.roles, CHAT_V2),
  row('chat.v2.CreateRole', T.createRole, CHAT_V2),
  row('chat.v2.FetchService', T.serviceChatFields),
  row('chat.v2.UpdateService', T.updateService),
  row('chat.v2.DeleteService', T.deleteService, CHAT_V2),
  row('chat.v2.ListService', T.services, CHAT_V2),
  row('chat.v2.CreateService', T.createService, CHAT_V2),
  row('chat.v2.FetchUser', T.userChatFields),
  row('chat.v2.UpdateUser', T.updateUser, CHAT_V2),
  row('chat.v2.DeleteUser', T.deleteUser, CHAT_V2),
  row('chat.v2.ListUser', T.users, CHAT_V2),
  row('chat.v2.CreateUser', T.createUser, CHAT_V2),
  row('chat.v2.ListUserBinding', T.userBindings),
  row('chat.v2.FetchUserBinding', T.userBinding),
  row('chat.v2.DeleteUserBinding', T.deleteUserBinding),
  row('chat.v2.ListUserChannel', T.userConversations, CHAT_V2),
  row('chat.v2.FetchUserChannel', T.userMembership, CHAT_V2),
  row('chat.v2.UpdateUserChannel', T.updateMembership, CHAT_V2),
  row('chat.v2.DeleteUserChannel', T.leaveConversation, CHAT_V2),

  // Chat v3
  row('chat.v3.UpdateChannel', T.makeChannelPrivate),

  // Conversations v1
  row('conversations.v1.FetchConfiguration', T.configuration),
  row('conversations.v1.UpdateConfiguration', T.updateConfiguration),
  row('conversations.v1.ListConfigurationAddress', T.addresses),
  row('conversations.v1.CreateConfigurationAddress', T.createAddress),
  row('conversations.v1.FetchConfigurationAddress', T.address),
  row('conversations.v1.UpdateConfigurationAddress', T.updateAddress),
  row('conversations.v1.DeleteConfigurationAddress', T.deleteAddress),
  row('conversations.v1.FetchConfigurationWebhook', T.accountWebhooks),
  row('conversations.v1.UpdateConfigurationWebhook', T.updateAccountWebhooks),
  row('conversations.v1.ListConversation', T.conversations, DEFAULT_SERVICE),
  row('conversations.v1.CreateConversation', T.createConversation, DEFAULT_SERVICE),
  row('conversations.v1.FetchConversation', T.conversation, DEFAULT_SERVICE),
  row('conversations.v1.UpdateConversation', T.updateConversation, DEFAULT_SERVICE),
  row('conversations.v1.DeleteConversation', T.deleteConversation, DEFAULT_SERVICE),
  row('conversations.v1.ListConversationMessage', T.messages, DEFAULT_SERVICE),
  row('conversations.v1.CreateConversationMessage', T.sendMessage, DEFAULT_SERVICE),
  row('conversations.v1.FetchConversationMessage', T.message, DEFAULT_SERVICE),
  row('conversations.v1.UpdateConversationMessage', T.updateMessage, DEFAULT_SERVICE),
  row('conversations.v1.DeleteConversationMessage', T.deleteMessage, DEFAULT_SERVICE),
  row('conversations.v1.FetchConversationMessageReceipt', T.receipt, DEFAULT_SERVICE),
  row('conversations.v1.ListConversationMessageReceipt', T.receipts, DEFAULT_SERVICE),
  row('conversations.v1.ListConversationParticipant', T.participants, DEFAULT_SERVICE),
  row('conversations.v1.CreateConversationParticipant', T.addParticipant, DEFAULT_SERVICE),
  row('conversations.v1.FetchConversationParticipant', T.participant, DEFAULT_SERVICE),
  row('conversations.v1.UpdateConversationParticipant', T.updateParticipant, DEFAULT_SERVICE),
  row('conversations.v1.DeleteConversationParticipant', T.removeParticipant, DEFAULT_SERVICE),
  row('conversations.v1.ListConversationScopedWebhook', T.webhooks, DEFAULT_SERVICE),
  row('conversations.v1.CreateConversationScopedWebhook', T.createWebhook, DEFAULT_SERVICE),
  row('conversations.v1.FetchConversationScopedWebhook', T.webhook, DEFAULT_SERVICE),
  row('conversations.v1.UpdateConversationScopedWebhook', T.updateWebhook, DEFAULT_SERVICE),
  row('conversations.v1.DeleteConversationScopedWebhook', T.deleteWebhook, DEFAULT_SERVICE),
  row(
    'conversations.v1.CreateConversationWithParticipants',
    T.createConversationWithParticipants,
    DEFAULT_SERVICE,
  ),
  row('conversations.v1.ListCredential', T.credentials),
  row('conversations.v1.CreateCredential', T.createCredential),
  row('conversations.v1.FetchCredential', T.credential),
  row('conversations.v1.UpdateCredential', T.updateCredential),
  row('conversations.v1.DeleteCredential', T.deleteCredential),
  row('conversations.v1.ListParticipantConversation', T.participantConversations, DEFAULT_SERVICE),
  row('conversations.v1.ListRole', T.rolesOfDefaultService),
  row('conversations.v1.CreateRole', T.createRole, DEFAULT_SERVICE),
  row('conversations.v1.FetchRole', T.roleOfDefaultService),
  row('conversations.v1.UpdateRole', T.updateRole, DEFAULT_SERVICE),
  row('conversations.v1.DeleteRole', T.deleteRole, DEFAULT_SERVICE),
  row('conversations.v1.ListService', T.services),
  row('conversations.v1.CreateService', T.createService),
  row('conversations.v1.FetchService', T.service),
  row('conversations.v1.DeleteService', T.deleteService),
  row('conversations.v1.FetchServiceBinding', T.binding),
  row('conversations.v1.DeleteServiceBinding', T.deleteBinding),
  row('conversations.v1.ListServiceBinding', T.bindings),
  row('conversations.v1.FetchServiceConfiguration', T.serviceConfiguration),
  row('conversations.v1.UpdateServiceConfiguration', T.updateServiceConfiguration),
  row('conversations.v1.ListServiceConversation', T.conversations),
  row('conversations.v1.CreateServiceConversation', T.createConversation),
  row('conversations.v1.FetchServiceConversation', T.conversation),
  row('conversations.v1.UpdateServiceConversation', T.updateConversation),
  row('conversations.v1.DeleteServiceConversation', T.deleteConversation),
  row('conversations.v1.ListServiceConversationMessage', T.messages),
  row('conversations.v1.CreateServiceConversationMessage', T.sendMessage),
  row('conversations.v1.FetchServiceConversationMessage', T.message),
  row('conversations.v1.UpdateServiceConversationMessage', T.updateMessage),
  row('conversations.v1.DeleteServiceConversationMessage', T.deleteMessage),
  row('conversations.v1.FetchServiceConversationMessageReceipt', T.receipt),
  row('conversations.v1.ListServiceConversationMessageReceipt', T.receipts),
  row('conversations.v1.ListServiceConversationParticipant', T.participants),
  row('conversations.v1.CreateServiceConversationParticipant', T.addParticipant),
  row('conversations.v1.FetchServiceConversationParticipant', T.participant),
  row('conversations.v1.UpdateServiceConversationParticipant', T.updateParticipant),
  row('conversations.v1.DeleteServiceConversationParticipant', T.removeParticipant),
  row('conversations.v1.ListServiceConversationScopedWebhook', T.webhooks),
  row('conversations.v1.CreateServiceConversationScopedWebhook', T.createWebhook),
  row('conversations.v1.FetchServiceConversationScopedWebhook', T.webhook),
  row('conversations.v1.UpdateServiceConversationScopedWebhook', T.updateWebhook),
  row('conversations.v1.DeleteServiceConversationScopedWebhook', T.deleteWebhook),
  row(
    'conversations.v1.CreateServiceConversationWithParticipants',
    T.createConversationWithParticipants,
  ),
  row('conversations.v1.FetchServiceNotification', T.serviceNotifications),
  row('conversations.v1.UpdateServiceNotification', T.updateServiceNotifications),
  row('conversations.v1.ListServiceParticipantConversation', T.participantConversations),
  row('conversations.v1.ListServiceRole', T.roles),
  row('conversations.v1.CreateServiceRole', T.createRole),
  row('conversations.v1.FetchServiceRole', T.role),
  row('conversations.v1.UpdateServiceRole', T.updateRole),
  row('conversations.v1.DeleteServiceRole', T.deleteRole),
  row('conversations.v1.ListServiceUser', T.users),
  row('conversations.v1.CreateServiceUser', T.createUser),
  row('conversations.v1.FetchServiceUser', T.user),
  row('conversations.v1.UpdateServiceUser', T.updateUser),
  row('conversations.v1.DeleteServiceUser', T.deleteUser),
  row('conversations.v1.FetchServiceUserConversation', T.userMembership),
  row('conversations.v1.UpdateServiceUserConversation', T.updateMembership),
  row('conversations.v1.DeleteServiceUserConversation', T.leaveConversation),
  row('conversations.v1.ListServiceUserConversation', T.userConversations),
  row('conversations.v1.FetchServiceWebhookConfiguration', T.serviceWebhooks),
  row('conversations.v1.UpdateServiceWebhookConfiguration', T.updateServiceWebhooks),
  row('conversations.v1.ListUser', T.users, DEFAULT_SERVICE),
  row('conversations.v1.CreateUser', T.createUser, DEFAULT_SERVICE),
  row('conversations.v1.FetchUser', T.user, DEFAULT_SERVICE),
  row('conversations.v1.UpdateUser', T.updateUser, DEFAULT_SERVICE),
  row('conversations.v1.DeleteUser', T.deleteUser, DEFAULT_SERVICE),
  row('conversations.v1.FetchUserConversation', T.userMembership, DEFAULT_SERVICE),
  row('conversations.v1.UpdateUserConversation', T.updateMembership, DEFAULT_SERVICE),
  row('conversations.v1.DeleteUserConversation', T.leaveConversation, DEFAULT_SERVICE),
  row('conversations.v1.ListUserConversation', T.userConversations, DEFAULT_SERVICE),

  // Chat v2 on the IP Messaging host: one read per family.
  row('chat.v2.ListBinding', T.bindings, IP_MESSAGING),
  row('chat.v2.FetchChannel', T.conversation, IP_MESSAGING),
  row('chat.v2.ListChannelWebhook', T.webhooks, IP_MESSAGING),
  row('chat.v2.ListCredential', T.credentials, IP_MESSAGING),
  row('chat.v2.ListInvite', T.invites, IP_MESSAGING),
  row('chat.v2.ListMember', T.participants, IP_MESSAGING),
  row('chat.v2.ListMessage', T.messages, IP_MESSAGING),
  row('chat.v2.ListRole', T.roles, IP_MESSAGING),
  row('chat.v2.ListService', T.services, IP_MESSAGING),
  row('chat.v2.ListUser', T.users, IP_MESSAGING),
  row('chat.v2.ListUserBinding', T.userBindings, IP_MESSAGING),
  row('chat.v2.ListUserChannel', T.userConversations, IP_MESSAGING),
];
