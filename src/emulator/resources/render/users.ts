/**
 * Chat and Conversations renderings of a user (US), and of a user's memberships: Chat's
 * UserChannel, Conversations' UserConversation and ParticipantConversation.
 */
import type { WireRecord } from '../../contract.js';
import type { Channel, Member, User } from '../../store/entities.js';
import type { Store } from '../../store/store.js';
import { isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';
import { timers } from './channels.js';
import { messagingBinding } from './members.js';
import { channelUrl, conversationsRoot, conversationUrl, userUrl } from './urls.js';

/** `is_online` / `is_notifiable` are only filled on fetch, and only with reachability on. */
export function chatUser(r: Request, store: Store, u: User, fetched: boolean): WireRecord {
  const service = store.services.get(u.serviceSid);
  const reachable = fetched && service?.reachabilityEnabled === true;
  const url = userUrl(r, u);
  const links: Record<string, string> = { user_channels: `${url}/Channels` };
  if (r.version === 'v2') links.user_bindings = `${url}/Bindings`;
  return {
    sid: u.sid,
    account_sid: r.accountSid,
    service_sid: u.serviceSid,
    attributes: u.attributes,
    friendly_name: u.friendlyName,
    role_sid: u.roleSid,
    identity: u.identity,
    is_online: reachable ? false : null,
    is_notifiable: reachable ? hasBindings(store, u) : null,
    date_created: isoSeconds(u.dateCreated),
    date_updated: isoSeconds(u.dateUpdated),
    joined_channels_count: store.membershipsOf(u.serviceSid, u.identity).size,
    links,
    url,
  };
}

function hasBindings(store: Store, u: User): boolean {
  for (const binding of store.bindings.of(u.serviceSid)) {
    if (binding.identity === u.identity) return true;
  }
  return false;
}

export function conversationsUser(r: Request, store: Store, u: User, fetched: boolean): WireRecord {
  const service = store.services.get(u.serviceSid);
  const reachable = fetched && service?.reachabilityEnabled === true;
  const url = `${conversationsRoot(r, u.serviceSid)}/Users/${u.sid}`;
  let notifiable = false;
  if (reachable) {
    for (const b of store.bindings.of(u.serviceSid))
      if (b.identity === u.identity) notifiable = true;
  }
  return {
    sid: u.sid,
    account_sid: r.accountSid,
    chat_service_sid: u.serviceSid,
    role_sid: u.roleSid,
    identity: u.identity,
    friendly_name: u.friendlyName,
    attributes: u.attributes,
    is_online: reachable ? false : null,
    is_notifiable: reachable ? notifiable : null,
    date_created: isoSeconds(u.dateCreated),
    date_updated: isoSeconds(u.dateUpdated),
    url,
    links: { user_conversations: `${url}/Conversations` },
  };
}

export function chatUserChannel(
  r: Request,
  store: Store,
  user: User,
  channel: Channel,
  member: Member,
): WireRecord {
  const url = channelUrl(r, channel);
  const links = { channel: url, member: `${url}/Members/${member.sid}` };
  const unread = store.unreadCount(channel, member);
  if (r.version !== 'v2') {
    return {
      account_sid: r.accountSid,
      service_sid: channel.serviceSid,
      channel_sid: channel.sid,
      member_sid: member.sid,
      status: 'joined',
      last_consumed_message_index: member.lastReadIndex,
      unread_messages_count: unread,
      links,
    };
  }
  return {
    account_sid: r.accountSid,
    service_sid: channel.serviceSid,
    channel_sid: channel.sid,
    user_sid: user.sid,
    member_sid: member.sid,
    status: 'joined',
    last_consumed_message_index: member.lastReadIndex,
    unread_messages_count: unread,
    links,
    url: `${userUrl(r, user)}/Channels/${channel.sid}`,
    notification_level: member.notificationLevel,
  };
}

export function userConversation(
  r: Request,
  store: Store,
  user: User,
  c: Channel,
  m: Member,
): WireRecord {
  const url = conversationUrl(r, c.serviceSid, c.sid);
  return {
    account_sid: r.accountSid,
    chat_service_sid: c.serviceSid,
    conversation_sid: c.sid,
    unread_messages_count: store.unreadCount(c, m),
    last_read_message_index: m.lastReadIndex,
    participant_sid: m.sid,
    user_sid: user.sid,
    friendly_name: c.friendlyName,
    conversation_state: c.state,
    timers: timers(c),
    attributes: c.attributes,
    date_created: isoSeconds(c.dateCreated),
    date_updated: isoSeconds(c.dateUpdated),
    created_by: c.createdBy,
    notification_level: m.notificationLevel,
    unique_name: c.uniqueName,
    url: `${conversationsRoot(r, c.serviceSid)}/Users/${user.sid}/Conversations/${c.sid}`,
    links: { participant: `${url}/Participants/${m.sid}`, conversation: url },
  };
}

export function participantConversation(
  r: Request,
  store: Store,
  c: Channel,
  m: Member,
): WireRecord {
  const url = conversationUrl(r, c.serviceSid, c.sid);
  const user = m.identity === null ? undefined : store.users.find(c.serviceSid, m.identity);
  return {
    account_sid: r.accountSid,
    chat_service_sid: c.serviceSid,
    participant_sid: m.sid,
    participant_user_sid: user?.sid ?? null,
    participant_identity: m.identity,
    participant_messaging_binding: messagingBinding(m),
    conversation_sid: c.sid,
    conversation_unique_name: c.uniqueName,
    conversation_friendly_name: c.friendlyName,
    conversation_attributes: c.attributes,
    conversation_date_created: isoSeconds(c.dateCreated),
    conversation_date_updated: isoSeconds(c.dateUpdated),
    conversation_created_by: c.createdBy,
    conversation_state: c.state,
    conversation_timers: timers(c),
    links: { participant: `${url}/Participants/${m.sid}`, conversation: url },
  };
}

/** The user in the dialect of the API called; `fetched` as for `chatUser`. */
export function user(r: Request, store: Store, u: User, fetched: boolean): WireRecord {
  return r.isConversations
    ? conversationsUser(r, store, u, fetched)
    : chatUser(r, store, u, fetched);
}
