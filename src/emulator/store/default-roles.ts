import type { RoleType } from './entities.js';

export interface DefaultRole {
  readonly name: string;
  readonly type: RoleType;
  readonly permissions: readonly string[];
  /** Which service default points at this role, if any. */
  readonly defaultFor: 'service' | 'channel' | 'creator' | null;
}

/** The roles every new Chat / Conversations service starts with. */
export const DEFAULT_ROLES: readonly DefaultRole[] = [
  {
    name: 'service admin',
    type: 'deployment',
    defaultFor: null,
    permissions: [
      'createChannel',
      'joinChannel',
      'destroyChannel',
      'inviteMember',
      'removeMember',
      'editChannelName',
      'editChannelAttributes',
      'addMember',
      'editAnyMessage',
      'editAnyMessageAttributes',
      'deleteAnyMessage',
      'editAnyUserInfo',
      'editOwnUserInfo',
    ],
  },
  {
    name: 'service user',
    type: 'deployment',
    defaultFor: 'service',
    permissions: ['createChannel', 'joinChannel', 'destroyOwnChannel', 'editOwnUserInfo'],
  },
  {
    name: 'channel admin',
    type: 'channel',
    defaultFor: 'creator',
    permissions: [
      'sendMessage',
      'sendMediaMessage',
      'leaveChannel',
      'removeMember',
      'editChannelName',
      'editChannelAttributes',
      'inviteMember',
      'addMember',
      'editAnyMessage',
      'editAnyMessageAttributes',
      'deleteAnyMessage',
      'editOwnMessage',
      'editOwnMessageAttributes',
      'deleteOwnMessage',
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
      'editOwnMessage',
      'editOwnMessageAttributes',
      'deleteOwnMessage',
    ],
  },
];
