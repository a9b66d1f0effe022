/**
 * Who may see an event. A subscription's filter is a function of the event and the subscriber;
 * today every caller is the gateway's admin (it holds the account's credentials), who sees
 * everything. The access work adds token callers (an identity in a service) and a filter that
 * checks membership through the loaders, which is why a filter may answer asynchronously.
 */
import type { ChatEvent } from './model.js';

/** The caller behind a subscription, decided once per connection by the transport. */
export type Caller = { readonly kind: 'admin' };

export const ADMIN: Caller = { kind: 'admin' };

export interface Subscriber {
  readonly caller: Caller;
}

export type EventFilter = (event: ChatEvent, subscriber: Subscriber) => boolean | Promise<boolean>;

export const adminSeesEverything: EventFilter = (_event, subscriber) =>
  subscriber.caller.kind === 'admin';

/**
 * Subscribers with the same key see the same events and the same data, so one execution per
 * event can serve them all (the fan-out groups by it).
 */
export function callerKey(caller: Caller): string {
  return caller.kind;
}
