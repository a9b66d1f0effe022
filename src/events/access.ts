/**
 * Who may see an event. A subscription's session asks its subscriber's access (decided once per
 * session from the caller the transport authenticated) three things: may this conversation be
 * watched at all, may this event be seen, and does this event change what the subscriber may
 * see (their own membership). The admin and the unauthenticated caller of `GATEWAY_AUTH=none`
 * see everything; a token caller (an identity in a service) sees what membership lets through
 * (membership.ts).
 */
import { adminCaller, type Caller } from '../access/index.js';
import type { ChatEvent } from './model.js';

export type { Caller };

export const ADMIN: Caller = adminCaller;

export interface Subscriber {
  readonly caller: Caller;
}

/** What one subscriber may see; one per session, so whatever it caches is the subscriber's. */
export interface SubscriberAccess {
  /**
   * The caller's own service (null: none, so nothing is visible); the admin has none of its
   * own (undefined: every service).
   */
  service(): Promise<string | null | undefined>;
  /**
   * Whether a conversation may be watched. False answers exactly like a conversation that does
   * not exist (a non-member may not learn that it does).
   */
  mayWatch(serviceSid: string, conversationSid: string): Promise<boolean>;
  /** Whether the subscriber may see `event`; synchronous when the answer is known. */
  sees(event: ChatEvent): boolean | Promise<boolean>;
  /**
   * Told of every event of a stream's topic, in order, before `sees`: keeps what is cached
   * current. 'removed' when the event takes the subscriber out of its conversation.
   */
  observe(event: ChatEvent): 'removed' | null;
}

/** Builds a subscriber's access when a session opens. */
export type AccessPolicy = (subscriber: Subscriber) => SubscriberAccess;

const everything: SubscriberAccess = {
  service: () => Promise.resolve(undefined),
  mayWatch: () => Promise.resolve(true),
  sees: () => true,
  observe: () => null,
};

const nothing: SubscriberAccess = {
  service: () => Promise.resolve(null),
  mayWatch: () => Promise.resolve(false),
  sees: () => false,
  observe: () => null,
};

/**
 * The policy without a membership check: the unscoped callers (the admin, and everyone under
 * `GATEWAY_AUTH=none`) see everything, a token caller nothing.
 */
export const unscopedSeeEverything: AccessPolicy = (subscriber) =>
  subscriber.caller.kind === 'token' ? nothing : everything;

/** For policies that treat the unscoped callers the default way. */
export const unscopedAccess: SubscriberAccess = everything;

/**
 * Subscribers with the same key see the same events and the same data, so one execution per
 * event can serve them all (the fan-out groups by it).
 */
export function callerKey(caller: Caller): string {
  return caller.kind === 'token'
    ? `token/${caller.serviceSid ?? ''}/${caller.identity}`
    : caller.kind;
}
