import type { RoleType } from './entities.js';

export interface DefaultRole {
  readonly name: string;
  readonly type: RoleType;
  readonly permissions: readonly string[];
  /** Which service default points at this role, if any. */
  readonly defaultFor: 'service' | 'channel' | 'creator' | null;
}

/**
 * The roles every new Chat / Conversations service starts with, with the permissions Twilio's
 * own default roles carry (its "Roles and Permissions" guide): users get `service user`, a
 * channel's creator `channel admin`, every other member `channel user`.
 */
export const DEFAULT_ROLES: readonly DefaultRole[] = [
  {
    name: 'service admin',
    type: 'deployment',
    defaultFor: null,
    permissions: [
      'createChannel',
      'joinChannel',
      'destroyChannel',
      'editChannelAttributes',
      'editChannelName',
      'addMember',
      'inviteMember',
      'removeMember',
      'editAnyMemberAttributes',
      'editAnyMessage',
      'deleteAnyMessage',
      'editAnyMessageAttributes',
      'editAnyUserInfo',
    ],
  },
  {
    name: 'service user',
    type: 'deployment',
    defaultFor: 'service',
    permissions: ['createChannel', 'joinChannel', 'editOwnUserInfo'],
  },
  {
    name: 'channel admin',
    type: 'channel',
    defaultFor: 'creator',
    permissions: [
      'sendMessage',
      'sendMediaMessage',
      'leaveChannel',
      'editNotificationLevel',
      'destroyChannel',
      'inviteMember',
      'removeMember',
      'editChannelName',
      'editChannelAttributes',
      'addMember',
      'editAnyMemberAttributes',
      'editAnyMessage',
      'editAnyMessageAttributes',
      'deleteAnyMessage',
    ],
  },
  {
    name: 'channel user',
    type: 'channel',
    defaultFor: 'channel',
    permissions: [
      'sendMessage',
      'sendMediaMessage',
      'leaveChannel',
      'editNotificationLevel',
      'editOwnMemberAttributes',
      'editOwnMessage',
      'editOwnMessageAttributes',
      'deleteOwnMessage',
    ],
  },
];
