/**
 * Readers shared by the record converters: parent SIDs from the request path, dates, timers and
 * messaging bindings (Conversations copies the last two into several resources).
 */
import { obj, str, type WireRecord } from '../wire.js';

/** Parent SIDs known from the request path, used where a record omits them. */
export interface Scope {
  readonly serviceSid?: string;
  readonly conversationSid?: string;
  readonly messageSid?: string;
  readonly userSid?: string;
}

export function need(value: string | null | undefined, what: string): string {
  if (value === null || value === undefined || value === '') {
    throw new TypeError(`Twilio returned a record without ${what}`);
  }
  return value;
}

export function serviceOf(w: WireRecord, scope: Scope): string {
  return need(
    str(w, 'chat_service_sid') ?? str(w, 'service_sid') ?? scope.serviceSid,
    'a service SID',
  );
}

export function conversationOf(w: WireRecord, scope: Scope): string {
  return need(
    str(w, 'conversation_sid') ?? str(w, 'channel_sid') ?? scope.conversationSid,
    'a conversation SID',
  );
}

export function sidOf(w: WireRecord): string {
  return need(str(w, 'sid'), 'a SID');
}

/** The keys of an object inside a conversation: its service, conversation and own SID. */
export function conversationChildKeys(
  w: WireRecord,
  scope: Scope,
): { readonly serviceSid: string; readonly conversationSid: string; readonly sid: string } {
  return {
    serviceSid: serviceOf(w, scope),
    conversationSid: conversationOf(w, scope),
    sid: sidOf(w),
  };
}

export interface Dated {
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
}

export function dates(w: WireRecord): Dated {
  return { createdAt: str(w, 'date_created'), updatedAt: str(w, 'date_updated') };
}

export interface TimersRecord {
  readonly inactiveAt: string | null;
  readonly closedAt: string | null;
}

export function timers(w: WireRecord, key: string): TimersRecord | null {
  const t = obj(w, key);
  if (!t) return null;
  return { inactiveAt: str(t, 'date_inactive'), closedAt: str(t, 'date_closed') };
}

export interface MessagingBindingRecord {
  readonly type: string | null;
  readonly address: string | null;
  readonly proxyAddress: string | null;
  readonly projectedAddress: string | null;
  readonly name: string | null;
  readonly level: string | null;
}

export function messagingBinding(w: WireRecord, key: string): MessagingBindingRecord | null {
  const b = obj(w, key);
  if (!b) return null;
  return {
    type: str(b, 'type'),
    address: str(b, 'address'),
    proxyAddress: str(b, 'proxy_address'),
    projectedAddress: str(b, 'projected_address'),
    name: str(b, 'name'),
    level: str(b, 'level'),
  };
}

export const upper = (value: string | null): string | null => value?.toUpperCase() ?? null;
