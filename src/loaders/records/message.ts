/**
 * Message records (both APIs) and the Chat-only message fields.
 */
import { asWireRecord, bool, int, jsonObject, obj, str, strOf, type WireRecord } from '../wire.js';
import { conversationChildKeys, type Dated, dates, type Scope } from './common.js';

export interface MediaRecord {
  readonly sid: string;
  readonly contentType: string | null;
  readonly filename: string | null;
  readonly size: number | null;
}

function media(w: WireRecord): MediaRecord[] | null {
  const value = w['media'];
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : null;
  if (!list) return null;
  const out: MediaRecord[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const m = item as WireRecord;
    const sid = str(m, 'sid');
    if (sid === null) continue;
    out.push({
      sid,
      contentType: str(m, 'content_type'),
      filename: str(m, 'filename'),
      size: int(m, 'size'),
    });
  }
  return out;
}

export interface DeliveryRecord {
  readonly total: number | null;
  readonly sent: string | null;
  readonly delivered: string | null;
  readonly read: string | null;
  readonly failed: string | null;
  readonly undelivered: string | null;
}

function delivery(w: WireRecord): DeliveryRecord | null {
  const d = obj(w, 'delivery');
  if (!d) return null;
  return {
    total: int(d, 'total'),
    sent: str(d, 'sent'),
    delivered: str(d, 'delivered'),
    read: str(d, 'read'),
    failed: str(d, 'failed'),
    undelivered: str(d, 'undelivered'),
  };
}

export interface MessageRecord extends Dated {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly sid: string;
  readonly index: number | null;
  readonly author: string | null;
  readonly body: string | null;
  readonly attributes: Record<string, unknown> | null;
  readonly participantSid?: string | null;
  readonly media: MediaRecord[] | null;
  readonly delivery?: DeliveryRecord | null;
  readonly contentSid?: string | null;
}

export function toMessage(data: unknown, scope: Scope = {}): MessageRecord {
  const w = asWireRecord(data, 'message');
  return {
    ...conversationChildKeys(w, scope),
    index: int(w, 'index'),
    author: strOf(w, 'author', 'from'),
    body: str(w, 'body'),
    attributes: jsonObject(w, 'attributes'),
    participantSid: str(w, 'participant_sid'),
    media: media(w),
    delivery: delivery(w),
    contentSid: str(w, 'content_sid'),
    ...dates(w),
  };
}

export interface ChatMessageRecord {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly sid: string;
  /** The fields both APIs have (Conversations-only ones null), for Chat-only selections. */
  readonly message: MessageRecord;
  readonly wasEdited: boolean | null;
  readonly lastUpdatedBy: string | null;
  readonly type: string | null;
}

export function toChatMessage(data: unknown, scope: Scope = {}): ChatMessageRecord {
  const w = asWireRecord(data, 'chat message');
  return {
    ...conversationChildKeys(w, scope),
    message: toMessage(data, scope),
    wasEdited: bool(w, 'was_edited'),
    lastUpdatedBy: str(w, 'last_updated_by'),
    type: str(w, 'type'),
  };
}
