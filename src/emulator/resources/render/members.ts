/** Chat member and Conversations participant renderings of one member record (MB). */
import type { WireRecord } from '../../contract.js';
import type { Member } from '../../store/entities.js';
import { isoOrNull, isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';
import { channelUrl, conversationUrl, scoped } from './urls.js';

export function chatMember(r: Request, m: Member): WireRecord {
  const out: Record<string, unknown> = {
    sid: m.sid,
    account_sid: r.accountSid,
    channel_sid: m.channelSid,
    service_sid: m.serviceSid,
    identity: m.identity,
    date_created: isoSeconds(m.dateCreated),
    date_updated: isoSeconds(m.dateUpdated),
    role_sid: m.roleSid,
    last_consumed_message_index: m.lastReadIndex,
    last_consumption_timestamp: isoOrNull(m.lastReadAt),
    url: `${channelUrl(r, { serviceSid: m.serviceSid, sid: m.channelSid })}/Members/${m.sid}`,
  };
  if (r.version === 'v2') out.attributes = m.attributes;
  return out;
}

export function messagingBinding(m: Member): Record<string, unknown> | null {
  const b = m.messagingBinding;
  if (!b) return null;
  const out: Record<string, unknown> = { type: b.type };
  if (b.address !== null) out.address = b.address;
  if (b.proxyAddress !== null) out.proxy_address = b.proxyAddress;
  if (b.projectedAddress !== null) out.projected_address = b.projectedAddress;
  return out;
}

export function participant(r: Request, m: Member): WireRecord {
  return {
    account_sid: r.accountSid,
    ...scoped(r, m.serviceSid),
    conversation_sid: m.channelSid,
    sid: m.sid,
    identity: m.identity,
    attributes: m.attributes,
    messaging_binding: messagingBinding(m),
    role_sid: m.roleSid,
    date_created: isoSeconds(m.dateCreated),
    date_updated: isoSeconds(m.dateUpdated),
    url: `${conversationUrl(r, m.serviceSid, m.channelSid)}/Participants/${m.sid}`,
    last_read_message_index: m.lastReadIndex,
    last_read_timestamp: isoOrNull(m.lastReadAt),
  };
}
