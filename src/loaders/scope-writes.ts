/**
 * What a token caller may change: the model Twilio enforces for SDK clients. A write is done as
 * the caller (a message's author is the caller), inside what the caller may see (anything else
 * answers as if it did not exist), and with the caller's Twilio role permissions: the user's
 * service role for service-level actions, the caller's participant role in the conversation for
 * the rest. Administration (services, roles, credentials, bindings, webhooks, the account) is
 * refused. Roles are read through the request's role cache, so each is read once.
 *
 * Permission names: the emulator and Chat name them `…Channel`/`…Member`, Conversations
 * `…Conversation`/`…Participant`; a requirement accepts either spelling, and an "any" permission
 * covers the matching "own" one.
 */
import type { EntityLoaders } from './entities.js';
import { notFound } from './lists.js';
import { DEFAULT_SERVICE } from './read-context.js';
import type { WriteFamily } from './routes.js';
import { AccessDenied, type Scoped } from './scope.js';
import type { WriteRequest } from './writes.js';

/** One requirement: any of these permission names grants it. */
type Need = readonly string[];

const NEED = {
  createConversation: ['createChannel', 'createConversation'],
  editName: ['editChannelName', 'editConversationName'],
  editAttributes: ['editChannelAttributes', 'editConversationAttributes'],
  destroy: ['destroyChannel', 'deleteConversation'],
  addMember: ['addMember', 'addParticipant'],
  inviteMember: ['inviteMember'],
  removeMember: ['removeMember', 'removeParticipant'],
  leave: ['leaveChannel', 'leaveConversation'],
  sendMessage: ['sendMessage'],
  sendMediaMessage: ['sendMediaMessage'],
  editOwnMessage: ['editOwnMessage', 'editAnyMessage'],
  editAnyMessage: ['editAnyMessage'],
  editOwnMessageAttributes: [
    'editOwnMessageAttributes',
    'editAnyMessageAttributes',
    'editOwnMessage',
    'editAnyMessage',
  ],
  editAnyMessageAttributes: ['editAnyMessageAttributes', 'editAnyMessage'],
  deleteOwnMessage: ['deleteOwnMessage', 'deleteAnyMessage'],
  deleteAnyMessage: ['deleteAnyMessage'],
  editOwnMemberAttributes: [
    'editOwnMemberAttributes',
    'editAnyMemberAttributes',
    'editOwnParticipantAttributes',
    'editAnyParticipantAttributes',
  ],
  editAnyMemberAttributes: ['editAnyMemberAttributes', 'editAnyParticipantAttributes'],
  editNotificationLevel: ['editNotificationLevel'],
  editOwnUserInfo: ['editOwnUserInfo', 'editAnyUserInfo'],
  editAnyUserInfo: ['editAnyUserInfo'],
} as const satisfies Record<string, Need>;

/** Administration: never a token caller's. */
const ADMIN: ReadonlySet<WriteFamily> = new Set<WriteFamily>([
  'service.create',
  'service.update',
  'service.delete',
  'serviceConfiguration.update',
  'serviceNotifications.update',
  'serviceWebhooks.update',
  'serviceEventWebhooks.update',
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'role.create',
  'role.update',
  'role.delete',
  'binding.delete',
  'userBinding.delete',
  'credential.create',
  'credential.update',
  'credential.delete',
  'accountConfiguration.update',
  'accountWebhooks.update',
  'addressConfiguration.create',
  'addressConfiguration.update',
  'addressConfiguration.delete',
  'user.create',
  'user.delete',
  'privateChannel.update',
]);

/** Writes after which the caller's memberships may differ. */
export const CHANGES_MEMBERSHIP: ReadonlySet<WriteFamily> = new Set<WriteFamily>([
  'conversation.create',
  'conversation.delete',
  'conversationWithParticipants.create',
  'channel.create',
  'participant.create',
  'participant.delete',
  'membership.delete',
]);

/** Settings of a conversation only an admin changes (the SDKs cannot either). */
const ADMIN_CONVERSATION_SETTINGS = [
  'MessagingServiceSid',
  'State',
  'Timers.Inactive',
  'Timers.Closed',
  'Bindings.Email.Address',
  'Bindings.Email.Name',
  'DateCreated',
  'DateUpdated',
];
/** Participant settings only an admin changes. */
const ADMIN_PARTICIPANT_SETTINGS = [
  'Identity',
  'RoleSid',
  'DateCreated',
  'DateUpdated',
  'MessagingBinding.Address',
  'MessagingBinding.ProxyAddress',
  'MessagingBinding.ProjectedAddress',
];

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
/** The write's service: no `ChatServiceSid` is the default service's shortcut path. */
const serviceOf = (request: WriteRequest): string =>
  text(request.params.ChatServiceSid) || DEFAULT_SERVICE;
const given = (params: Readonly<Record<string, unknown>>, name: string): boolean =>
  params[name] !== undefined && params[name] !== null;

export function createWriteGuard(entities: EntityLoaders, s: Scoped) {
  async function permissionsOf(roleSid: string | null): Promise<readonly string[]> {
    const service = await s.serviceSid();
    if (roleSid === null || service === null) return [];
    return (await entities.role.load([service, roleSid]))?.permissions ?? [];
  }

  /** The caller's service role: their user's, else the role Twilio gives new users. */
  async function serviceRole(): Promise<readonly string[]> {
    const service = (await s.serviceSid()) ?? '';
    const user = await entities.user.load([service, s.identity]);
    if (user !== null) return permissionsOf(user.roleSid);
    const settings = await entities.serviceConfiguration.load([service]);
    return permissionsOf(settings?.defaultChatServiceRoleSid ?? null);
  }

  /** The caller's role in a conversation they are a participant of. */
  async function conversationRole(conversationSid: string): Promise<readonly string[]> {
    const service = (await s.serviceSid()) ?? '';
    const membership = await entities.userConversation.load([service, s.identity, conversationSid]);
    if (membership?.participantSid == null) return [];
    const participant = await entities.participant.load([
      service,
      conversationSid,
      membership.participantSid,
    ]);
    return permissionsOf(participant?.roleSid ?? null);
  }

  function require(permissions: readonly string[], need: Need, action: string): void {
    if (need.some((name) => permissions.includes(name))) return;
    throw new AccessDenied(
      `The caller's Twilio role does not allow ${action} (it needs the ${need[0] ?? ''} permission).`,
    );
  }

  function adminOnly(params: Readonly<Record<string, unknown>>, names: readonly string[]): void {
    const name = names.find((n) => given(params, n));
    if (name !== undefined) {
      throw new AccessDenied('Only an admin caller may change this setting.', name);
    }
  }

  /**
   * The conversation a write targets, when the caller may see it; Twilio's 404 (the answer
   * for a conversation that does not exist) otherwise, before anything is sent.
   */
  async function conversationOf(request: WriteRequest, name = 'ConversationSid'): Promise<string> {
    const sid = await s.visibleConversation(serviceOf(request), text(request.params[name]));
    if (sid === null) throw notFound(null);
    return sid;
  }

  /** The request to send for a token caller, or a refusal (`AccessDenied`, Twilio's 404). */
  return async function authorize(request: WriteRequest): Promise<WriteRequest> {
    const { family, params } = request;
    if (ADMIN.has(family)) {
      throw new AccessDenied('This change is for admin callers only.');
    }
    const service = serviceOf(request);
    if (!(await s.inService(service))) throw notFound(null);

    switch (family) {
      case 'conversation.create':
      case 'conversationWithParticipants.create':
        require(await serviceRole(), NEED.createConversation, 'creating a conversation');
        return request;
      case 'channel.create': {
        if (given(params, 'CreatedBy') && params.CreatedBy !== s.identity) {
          throw new AccessDenied('A channel is created by the caller.', 'CreatedBy');
        }
        require(await serviceRole(), NEED.createConversation, 'creating a conversation');
        return { ...request, params: { ...params, CreatedBy: s.identity } };
      }
      case 'conversation.update': {
        const sid = await conversationOf(request, 'Sid');
        adminOnly(params, ADMIN_CONVERSATION_SETTINGS);
        const role = await conversationRole(sid);
        if (given(params, 'FriendlyName') || given(params, 'UniqueName')) {
          require(role, NEED.editName, 'renaming the conversation');
        }
        if (given(params, 'Attributes')) {
          require(role, NEED.editAttributes, "changing the conversation's attributes");
        }
        return request;
      }
      case 'conversation.delete': {
        const sid = await conversationOf(request, 'Sid');
        require(await conversationRole(sid), NEED.destroy, 'deleting the conversation');
        return request;
      }
      case 'participant.create': {
        const sid = await conversationOf(request);
        adminOnly(params, ['RoleSid', 'DateCreated', 'DateUpdated']);
        require(await conversationRole(sid), NEED.addMember, 'adding participants');
        return request;
      }
      case 'participant.update':
      case 'participant.delete': {
        const sid = await conversationOf(request);
        const target = await entities.participant.load([service, sid, text(params.Sid)]);
        if (target === null) throw notFound(null);
        const own = target.identity === s.identity;
        const role = await conversationRole(sid);
        if (family === 'participant.delete') {
          if (own) require(role, NEED.leave, 'leaving the conversation');
          else require(role, NEED.removeMember, 'removing participants');
          return request;
        }
        adminOnly(params, ADMIN_PARTICIPANT_SETTINGS);
        if (given(params, 'Attributes') || !own) {
          require(role, own ? NEED.editOwnMemberAttributes : NEED.editAnyMemberAttributes, own
            ? 'changing your participant'
            : "changing another participant's");
        }
        return request;
      }
      case 'message.create': {
        if (given(params, 'Author') && params.Author !== s.identity) {
          throw new AccessDenied(
            'A message is sent as the caller: `author` must be you.',
            'Author',
          );
        }
        const sid = await conversationOf(request);
        require(await conversationRole(sid), given(params, 'MediaSid')
          ? NEED.sendMediaMessage
          : NEED.sendMessage, 'sending messages');
        return { ...request, params: { ...params, Author: s.identity } };
      }
      case 'message.update':
      case 'message.delete': {
        const sid = await conversationOf(request);
        const message = await entities.message.load([service, sid, text(params.Sid)]);
        if (message === null) throw notFound(null);
        if (given(params, 'Author') && params.Author !== s.identity) {
          throw new AccessDenied("A message's author can only be you.", 'Author');
        }
        const own = message.author === s.identity;
        const role = await conversationRole(sid);
        if (family === 'message.delete') {
          require(role, own ? NEED.deleteOwnMessage : NEED.deleteAnyMessage, own
            ? 'deleting your messages'
            : "deleting other participants' messages");
          return request;
        }
        const onlyAttributes = !given(params, 'Body');
        const need = onlyAttributes
          ? own
            ? NEED.editOwnMessageAttributes
            : NEED.editAnyMessageAttributes
          : own
            ? NEED.editOwnMessage
            : NEED.editAnyMessage;
        require(role, need, own ? 'editing your messages' : "editing other participants' messages");
        return request;
      }
      case 'invite.create':
      case 'invite.delete': {
        const sid = await conversationOf(request);
        require(await conversationRole(sid), NEED.inviteMember, 'inviting');
        return request;
      }
      case 'user.update': {
        adminOnly(params, ['RoleSid']);
        const own = await s.isSelf(service, text(params.Sid));
        require(await serviceRole(), own ? NEED.editOwnUserInfo : NEED.editAnyUserInfo, own
          ? 'changing your user'
          : 'changing other users');
        return request;
      }
      case 'membership.update':
      case 'membership.delete': {
        if (!(await s.isSelf(service, text(params.UserSid)))) throw notFound(null);
        const sid = await conversationOf(request);
        if (family === 'membership.delete') {
          require(await conversationRole(sid), NEED.leave, 'leaving the conversation');
        } else if (given(params, 'NotificationLevel')) {
          require(await conversationRole(
            sid,
          ), NEED.editNotificationLevel, 'changing the notification level');
        }
        return request;
      }
      default:
        throw new AccessDenied('This change is for admin callers only.');
    }
  };
}
