import type { Channel, Member, Service, User } from '../../store/entities.js';
import { ErrorCode, twilioError } from '../../codes.js';
import { emit, Events } from '../events.js';
import { checkNewIdentity, memberEventFields, setReadHorizon } from '../mutations.js';
import {
  chatUserChannel,
  participantConversation,
  user as renderUser,
  userConversation,
} from '../render/users.js';
import { refreshTimers } from '../request.js';
import type { Request } from '../request.js';
import { created, deleted, list, listBy, ok } from '../results.js';
import type { DomainHandler, HandlerTable } from '../results.js';
import { bothConversationForms, prefixed } from './shared.js';

/** Users are addressed by US sid or identity, except Chat v1 UserChannels (sid only). */
function userOf(r: Request, service: Service, name: string): User {
  const key = r.path(name);
  const sidOnly = r.ctx.op.id === 'chat.v1.ListUserChannel';
  const user = sidOnly ? r.store.users.get(key) : r.store.users.find(service.sid, key);
  if (!user || user.serviceSid !== service.sid) throw r.notFound();
  return user;
}

function userEventFields(user: User): Record<string, string | null> {
  return {
    UserSid: user.sid,
    Identity: user.identity,
    FriendlyName: user.friendlyName,
    Attributes: user.attributes,
    RoleSid: user.roleSid,
  };
}

const userTable: HandlerTable = {
  ListUser: (r) => list(r.store.users.of(r.service().sid), (u) => renderUser(r, r.store, u, false)),
  CreateUser: (r) => {
    const service = r.service();
    const identity = r.str('Identity') ?? '';
    checkNewIdentity(r, service, identity);
    const attributes = r.json('Attributes');
    const user = r.store.createUser(service, {
      identity,
      friendlyName: r.nullable('FriendlyName') ?? null,
      roleSid: r.nullable('RoleSid') ?? service.defaultServiceRoleSid,
      ...(attributes === undefined ? {} : { attributes }),
    });
    emit(r, service, Events.userAdded, userEventFields(user));
    return created(renderUser(r, r.store, user, true));
  },
  FetchUser: (r) => ok(renderUser(r, r.store, userOf(r, r.service(), 'Sid'), true)),
  UpdateUser: (r) => {
    const service = r.service();
    const user = userOf(r, service, 'Sid');
    const attributes = r.json('Attributes');
    if (r.has('FriendlyName')) user.friendlyName = r.nullable('FriendlyName') ?? null;
    if (attributes !== undefined) user.attributes = attributes;
    user.roleSid = r.nullable('RoleSid') ?? user.roleSid;
    user.dateUpdated = r.store.now();
    emit(r, service, Events.userUpdated, userEventFields(user));
    return ok(renderUser(r, r.store, user, true));
  },
  DeleteUser: (r) => {
    const service = r.service();
    const user = userOf(r, service, 'Sid');
    r.store.deleteUser(user);
    emit(r, service, Events.userRemoved, userEventFields(user));
    return deleted;
  },
};

// ---- membership rows: UserChannel (Chat) / UserConversation / ParticipantConversation -------

interface Row {
  readonly channel: Channel;
  readonly member: Member;
}

/** The user's memberships, oldest first; Conversations leaves out public channels. */
function rowsOf(r: Request, service: Service, user: User): Row[] {
  const now = r.store.now();
  const rows: Row[] = [];
  for (const [channelSid, memberSid] of r.store.membershipsOf(service.sid, user.identity)) {
    const channel = r.store.channels.get(channelSid);
    const member = channel?.members.get(memberSid);
    if (!channel || !member) continue;
    if (r.isConversations && channel.type === 'public') continue;
    refreshTimers(channel, now);
    rows.push({ channel, member });
  }
  return rows.sort((a, b) =>
    a.member.dateCreated === b.member.dateCreated
      ? a.channel.sid < b.channel.sid
        ? -1
        : 1
      : a.member.dateCreated - b.member.dateCreated,
  );
}

function rowOf(r: Request): { service: Service; user: User } & Row {
  const service = r.service();
  const user = userOf(r, service, 'UserSid');
  const channel = r.channel(service, r.path(r.isConversations ? 'ConversationSid' : 'ChannelSid'));
  const memberSid = channel.memberByIdentity.get(user.identity);
  const member = memberSid === undefined ? undefined : channel.members.get(memberSid);
  if (!member) throw r.notFound();
  return { service, user, channel, member };
}

/** User-channel rows have no SID of their own: pages key them by channel SID. */
const byChannel = (row: Row): string => row.channel.sid;

function leave(r: Request): void {
  const { service, channel, member } = rowOf(r);
  r.store.removeMember(channel, member);
  emit(r, service, Events.memberRemoved, memberEventFields(r, channel, member), channel);
}

const listUserChannels: DomainHandler = (r) => {
  const service = r.service();
  const user = userOf(r, service, 'UserSid');
  return listBy(rowsOf(r, service, user), byChannel, (row) =>
    chatUserChannel(r, r.store, user, row.channel, row.member),
  );
};

const userChannelTable: HandlerTable = {
  FetchUserChannel: (r) => {
    const row = rowOf(r);
    return ok(chatUserChannel(r, r.store, row.user, row.channel, row.member));
  },
  UpdateUserChannel: (r) => {
    const row = rowOf(r);
    const level = r.str('NotificationLevel');
    if (level === 'default' || level === 'muted') row.member.notificationLevel = level;
    setReadHorizon(
      r,
      row.member,
      r.int('LastConsumedMessageIndex'),
      r.instant('LastConsumptionTimestamp'),
    );
    row.member.dateUpdated = r.store.now();
    return ok(chatUserChannel(r, r.store, row.user, row.channel, row.member));
  },
  DeleteUserChannel: (r) => {
    leave(r);
    return deleted;
  },
};

const userConversationTable: HandlerTable = {
  ListUserConversation: (r) => {
    const service = r.service();
    const user = userOf(r, service, 'UserSid');
    return listBy(rowsOf(r, service, user), byChannel, (row) =>
      userConversation(r, r.store, user, row.channel, row.member),
    );
  },
  FetchUserConversation: (r) => {
    const row = rowOf(r);
    return ok(userConversation(r, r.store, row.user, row.channel, row.member));
  },
  UpdateUserConversation: (r) => {
    const row = rowOf(r);
    const level = r.str('NotificationLevel');
    if (level === 'default' || level === 'muted') row.member.notificationLevel = level;
    setReadHorizon(r, row.member, r.int('LastReadMessageIndex'), r.instant('LastReadTimestamp'));
    row.member.dateUpdated = r.store.now();
    return ok(userConversation(r, r.store, row.user, row.channel, row.member));
  },
  DeleteUserConversation: (r) => {
    leave(r);
    return deleted;
  },
  ListParticipantConversation: (r) => {
    const service = r.service();
    const identity = r.str('Identity');
    const address = r.str('Address');
    if ((identity === undefined) === (address === undefined)) {
      throw twilioError(ErrorCode.invalidParameter, 'Provide exactly one of Identity or Address');
    }
    const rows: Row[] = [];
    if (identity !== undefined) {
      for (const [channelSid, memberSid] of r.store.membershipsOf(service.sid, identity)) {
        const channel = r.store.channels.get(channelSid);
        const member = channel?.members.get(memberSid);
        if (channel && member && channel.type === 'private') {
          refreshTimers(channel, r.store.now());
          rows.push({ channel, member });
        }
      }
    } else {
      for (const channel of r.store.channels.of(service.sid)) {
        if (channel.type !== 'private') continue;
        for (const member of channel.members.values()) {
          if (member.messagingBinding?.address !== address) continue;
          refreshTimers(channel, r.store.now());
          rows.push({ channel, member });
        }
      }
    }
    rows.sort((a, b) =>
      a.channel.dateCreated === b.channel.dateCreated
        ? a.channel.sid < b.channel.sid
          ? -1
          : 1
        : a.channel.dateCreated - b.channel.dateCreated,
    );
    return listBy(
      rows,
      (row) => row.member.sid,
      (row) => participantConversation(r, r.store, row.channel, row.member),
    );
  },
};

export const userHandlers: HandlerTable = {
  ...prefixed('chat.v1.', userTable),
  ...prefixed('chat.v2.', userTable),
  ...bothConversationForms(userTable),
  ...prefixed('chat.v1.', { ListUserChannel: listUserChannels }),
  ...prefixed('chat.v2.', { ...userChannelTable, ListUserChannel: listUserChannels }),
  ...bothConversationForms(userConversationTable),
};
