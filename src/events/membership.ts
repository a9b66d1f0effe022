/**
 * Membership filtering for token callers, the same rule as queries (issue 10): a caller sees a
 * conversation's events only while their identity is a participant of it, in their own service;
 * a conversation they are not in answers like one that does not exist. The check itself is the
 * loaders' (the caller's own membership read), given as a {@link MembershipSource}, so this file
 * holds only the event-side rules and the per-subscriber cache.
 *
 * The cache makes a steady stream free: a conversation is checked once per subscriber (at
 * subscribe time, or at the first event of it the inbox stream sees), and the subscriber's own
 * participantAdded / participantRemoved events then keep it current without asking Twilio.
 */
import type { TokenCaller } from '../access/index.js';
import { unscopedAccess, type AccessPolicy, type SubscriberAccess } from './access.js';
import { isParticipantEvent, type ChatEvent, type ParticipantEvent } from './model.js';

/** The reads a membership check needs (graph-binding.ts answers them with the loaders). */
export interface MembershipSource {
  /** The caller's service: the token's grant, else the account's default (null: none). */
  serviceOf(caller: TokenCaller): Promise<string | null>;
  /** Whether the caller's identity is a participant of the conversation (false: not, or no such one). */
  isMember(caller: TokenCaller, serviceSid: string, conversationSid: string): Promise<boolean>;
}

/** A participant event about the subscriber themselves (their identity, in their service). */
export function isOwnParticipantEvent(
  event: ChatEvent,
  caller: TokenCaller,
  serviceSid: string | null,
): event is ParticipantEvent {
  return (
    isParticipantEvent(event) &&
    event.serviceSid === serviceSid &&
    event.participant.identity === caller.identity
  );
}

class Membership implements SubscriberAccess {
  #service: Promise<string | null> | null = null;
  /** Known service SID once resolved (events are judged synchronously from then on). */
  #serviceSid: string | null | undefined = undefined;
  /** Conversation SID → member or not (or the check in flight). */
  readonly #members = new Map<string, boolean | Promise<boolean>>();

  constructor(
    private readonly caller: TokenCaller,
    private readonly source: MembershipSource,
  ) {}

  service(): Promise<string | null> {
    return (this.#service ??= this.source.serviceOf(this.caller).then((sid) => {
      this.#serviceSid = sid;
      return sid;
    }));
  }

  async mayWatch(serviceSid: string, conversationSid: string): Promise<boolean> {
    const own = await this.service();
    if (own === null || own !== serviceSid) return false;
    return this.#member(own, conversationSid);
  }

  sees(event: ChatEvent): boolean | Promise<boolean> {
    if (this.#serviceSid === undefined) return this.service().then(() => this.sees(event));
    const own = this.#serviceSid;
    if (own === null || event.serviceSid !== own) return false;
    // Their own joining, leaving and read horizon are theirs to see, member or no longer.
    if (isOwnParticipantEvent(event, this.caller, own)) return true;
    if (!('conversationSid' in event)) return false;
    return this.#member(own, event.conversationSid);
  }

  observe(event: ChatEvent): 'removed' | null {
    if (!isParticipantEvent(event) || event.serviceSid !== this.#serviceSid) return null;
    const identity = event.participant.identity;
    if (identity === undefined || identity === null) {
      // A webhook without the identity: whoever it was, ask again next time.
      if (event.kind !== 'participantUpdated') this.#members.delete(event.conversationSid);
      return null;
    }
    if (identity !== this.caller.identity) return null;
    if (event.kind === 'participantAdded') this.#members.set(event.conversationSid, true);
    if (event.kind !== 'participantRemoved') return null;
    this.#members.set(event.conversationSid, false);
    return 'removed';
  }

  #member(serviceSid: string, conversationSid: string): boolean | Promise<boolean> {
    const known = this.#members.get(conversationSid);
    if (known !== undefined) return known;
    const check = this.source.isMember(this.caller, serviceSid, conversationSid).then(
      (member) => {
        // An added or removed event seen meanwhile is newer than this answer.
        if (this.#members.get(conversationSid) === check)
          this.#members.set(conversationSid, member);
        return this.#members.get(conversationSid) === true;
      },
      (error: unknown) => {
        if (this.#members.get(conversationSid) === check) this.#members.delete(conversationSid);
        throw error;
      },
    );
    this.#members.set(conversationSid, check);
    return check;
  }
}

/** Admin and `none` callers see everything; a token caller what their memberships let through. */
export function membershipAccess(source: MembershipSource): AccessPolicy {
  return ({ caller }) =>
    caller.kind === 'token' ? new Membership(caller, source) : unscopedAccess;
}
