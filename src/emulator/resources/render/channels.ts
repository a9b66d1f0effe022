/**
 * Chat channel and Conversations conversation renderings of one channel record (CH).
 *
 * Each version's shape is written as one whole object literal rather than `{ ...core, more }`:
 * V8 builds the spread form an order of magnitude slower, and list pages render these by the
 * dozen.
 */
import type { WireRecord } from '../../contract.js';
import type { Channel } from '../../store/entities.js';
import { isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';
import { channelUrl, conversationUrl } from './urls.js';

export function timers(c: Channel): Record<string, string> {
  const out: Record<string, string> = {};
  if (c.timerInactiveAt !== null) out.date_inactive = isoSeconds(c.timerInactiveAt);
  if (c.timerClosedAt !== null) out.date_closed = isoSeconds(c.timerClosedAt);
  return out;
}

function bindings(c: Channel): Record<string, unknown> {
  if (!c.emailBinding) return {};
  return { email: { address: c.emailBinding.address, name: c.emailBinding.name } };
}

export function chatChannel(r: Request, c: Channel): WireRecord {
  const url = channelUrl(r, c);
  const common = {
    sid: c.sid,
    account_sid: r.accountSid,
    service_sid: c.serviceSid,
    friendly_name: c.friendlyName,
    unique_name: c.uniqueName,
    attributes: c.attributes,
    type: c.type,
    date_created: isoSeconds(c.dateCreated),
    date_updated: isoSeconds(c.dateUpdated),
    created_by: c.createdBy,
    members_count: c.members.size,
    messages_count: c.messages.length,
  };
  if (r.version === 'v3') {
    return { ...common, messaging_service_sid: c.messagingServiceSid, url };
  }
  const last = c.messages[c.messages.length - 1];
  const lastMessage = last ? `${url}/Messages/${last.sid}` : null;
  return {
    ...common,
    url,
    links:
      r.version === 'v2'
        ? {
            members: `${url}/Members`,
            messages: `${url}/Messages`,
            invites: `${url}/Invites`,
            webhooks: `${url}/Webhooks`,
            last_message: lastMessage,
          }
        : {
            members: `${url}/Members`,
            messages: `${url}/Messages`,
            invites: `${url}/Invites`,
            last_message: lastMessage,
          },
  };
}

/**
 * A conversation; `withParticipants` renders the ConversationWithParticipants variant (same
 * fields, `links` without `export` and before `url`). Each variant is one object literal: V8
 * builds `{ ...core, more }` an order of magnitude slower, and list pages render these by the
 * dozen.
 */
export function conversation(r: Request, c: Channel, withParticipants = false): WireRecord {
  const url = conversationUrl(r, c.serviceSid, c.sid);
  if (withParticipants) {
    return {
      account_sid: r.accountSid,
      chat_service_sid: c.serviceSid,
      messaging_service_sid: c.messagingServiceSid,
      sid: c.sid,
      friendly_name: c.friendlyName,
      unique_name: c.uniqueName,
      attributes: c.attributes,
      state: c.state,
      date_created: isoSeconds(c.dateCreated),
      date_updated: isoSeconds(c.dateUpdated),
      timers: timers(c),
      links: {
        participants: `${url}/Participants`,
        messages: `${url}/Messages`,
        webhooks: `${url}/Webhooks`,
      },
      bindings: bindings(c),
      url,
    };
  }
  return {
    account_sid: r.accountSid,
    chat_service_sid: c.serviceSid,
    messaging_service_sid: c.messagingServiceSid,
    sid: c.sid,
    friendly_name: c.friendlyName,
    unique_name: c.uniqueName,
    attributes: c.attributes,
    state: c.state,
    date_created: isoSeconds(c.dateCreated),
    date_updated: isoSeconds(c.dateUpdated),
    timers: timers(c),
    url,
    links: {
      participants: `${url}/Participants`,
      messages: `${url}/Messages`,
      webhooks: `${url}/Webhooks`,
      export: `${url}/Export`,
    },
    bindings: bindings(c),
  };
}
