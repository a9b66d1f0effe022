/**
 * Chat and Conversations renderings of a message (IM), and the Conversations delivery receipts
 * (DY) of a message.
 */
import type { WireRecord } from '../../contract.js';
import type { Message, Receipt } from '../../store/entities.js';
import { isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';
import { channelUrl, conversationUrl, scoped } from './urls.js';

export function chatMessage(r: Request, m: Message): WireRecord {
  const url = `${channelUrl(r, { serviceSid: m.serviceSid, sid: m.channelSid })}/Messages/${m.sid}`;
  if (r.version !== 'v2') {
    return {
      sid: m.sid,
      account_sid: r.accountSid,
      attributes: m.attributes,
      service_sid: m.serviceSid,
      to: m.channelSid,
      channel_sid: m.channelSid,
      date_created: isoSeconds(m.dateCreated),
      date_updated: isoSeconds(m.dateUpdated),
      was_edited: m.wasEdited,
      from: m.author,
      body: m.body,
      index: m.index,
      url,
    };
  }
  return {
    sid: m.sid,
    account_sid: r.accountSid,
    attributes: m.attributes,
    service_sid: m.serviceSid,
    to: m.channelSid,
    channel_sid: m.channelSid,
    date_created: isoSeconds(m.dateCreated),
    date_updated: isoSeconds(m.dateUpdated),
    last_updated_by: m.lastUpdatedBy,
    was_edited: m.wasEdited,
    from: m.author,
    body: m.body,
    index: m.index,
    type: m.media ? 'media' : 'text',
    media: m.media
      ? {
          sid: m.media.sid,
          size: m.media.size,
          content_type: m.media.contentType,
          filename: m.media.filename,
        }
      : null,
    url,
  };
}

function delivery(m: Message): Record<string, unknown> | null {
  if (m.receipts.size === 0) return null;
  const counts = { sent: 0, delivered: 0, read: 0, failed: 0, undelivered: 0 };
  for (const receipt of m.receipts.values()) counts[receipt.status] += 1;
  const total = m.receipts.size;
  const level = (n: number) => (n === 0 ? 'none' : n === total ? 'all' : 'some');
  return {
    total,
    sent: level(counts.sent),
    delivered: level(counts.delivered),
    read: level(counts.read),
    failed: level(counts.failed),
    undelivered: level(counts.undelivered),
  };
}

export function conversationMessage(r: Request, m: Message): WireRecord {
  const url = `${conversationUrl(r, m.serviceSid, m.channelSid)}/Messages/${m.sid}`;
  const media = m.media
    ? [
        {
          sid: m.media.sid,
          size: m.media.size,
          content_type: m.media.contentType,
          filename: m.media.filename,
        },
      ]
    : null;
  return {
    account_sid: r.accountSid,
    ...scoped(r, m.serviceSid),
    conversation_sid: m.channelSid,
    sid: m.sid,
    index: m.index,
    author: m.author,
    body: m.body,
    media,
    attributes: m.attributes,
    participant_sid: m.participantSid,
    date_created: isoSeconds(m.dateCreated),
    date_updated: isoSeconds(m.dateUpdated),
    url,
    delivery: delivery(m),
    links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
    content_sid: m.contentSid,
  };
}

export function receipt(r: Request, d: Receipt): WireRecord {
  const messageUrl = `${conversationUrl(r, d.serviceSid, d.channelSid)}/Messages/${d.messageSid}`;
  return {
    account_sid: r.accountSid,
    ...scoped(r, d.serviceSid),
    conversation_sid: d.channelSid,
    sid: d.sid,
    message_sid: d.messageSid,
    channel_message_sid: d.channelMessageSid,
    participant_sid: d.participantSid,
    status: d.status,
    error_code: d.errorCode,
    date_created: isoSeconds(d.dateCreated),
    date_updated: isoSeconds(d.dateUpdated),
    url: `${messageUrl}/Receipts/${d.sid}`,
  };
}
