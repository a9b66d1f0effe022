/**
 * Who may see an event. A subscription's filter is a function of the event and the subscriber,
 * whose caller (src/access) the transport decided once per connection. The admin and the
 * unauthenticated caller of `GATEWAY_AUTH=none` see everything; a token caller (an identity in
 * a service) sees only what a membership filter lets through, which is why a filter may answer
 * asynchronously. Without one, a token caller sees nothing.
 */
import { adminCaller, type Caller } from '../access/index.js';
import type { ChatEvent } from './model.js';

export type { Caller };

export const ADMIN: Caller = adminCaller;

export interface Subscriber {
  readonly caller: Caller;
}

export type EventFilter = (event: ChatEvent, subscriber: Subscriber) => boolean | Promise<boolean>;

export const adminSeesEverything: EventFilter = (_event, subscriber) =>
  subscriber.caller.kind !== 'token';

/**
 * Subscribers with the same key see the same events and the same data, so one execution per
 * event can serve them all (the fan-out groups by it).
 */
export function callerKey(caller: Caller): string {
  return caller.kind === 'token'
    ? `token/${caller.serviceSid ?? ''}/${caller.identity}`
    : caller.kind;
}
