/**
 * Writes shared by several APIs: conversation fields, state and timers, adding members /
 * participants with their guards, and users created on demand.
 */
import type { Channel, ConversationState, Member, Service, User } from '../store/entities.js';
import { ErrorCode, twilioError } from '../codes.js';
import { looksLikeSid } from '../store/sids.js';
import { parseIsoDuration } from '../store/time.js';
import { emit, Events } from './events.js';
import type { Request } from './request.js';

export type Dialect = 'chat' | 'conversations';

export function dialectOf(r: Request): Dialect {
  return r.isConversations ? 'conversations' : 'chat';
}

/** A closed conversation is final: no updates, messages or participants. */
export function assertOpen(channel: Channel): void {
  if (channel.state === 'closed') {
    throw twilioError(
      ErrorCode.conversationClosed,
      `Conversation ${channel.sid} is closed and cannot be updated`,
    );
  }
}

/** Guards a new unique name: not shaped like a CH sid, not taken by another channel. */
export function checkUniqueName(
  r: Request,
  service: Service,
  uniqueName: string,
  self: Channel | null,
): void {
  const chat = dialectOf(r) === 'chat';
  if (looksLikeSid(uniqueName, 'CH')) {
    throw twilioError(
      chat ? ErrorCode.channelUniqueNameLooksLikeSid : ErrorCode.conversationUniqueNameLooksLikeSid,
      `Unique name ${uniqueName} must not look like a channel SID`,
    );
  }
  const holder = r.store.channels.find(service.sid, uniqueName);
  if (holder && holder !== self && holder.uniqueName === uniqueName) {
    throw twilioError(
      chat ? ErrorCode.channelUniqueNameExists : ErrorCode.conversationUniqueNameExists,
      chat
        ? `Channel with provided unique name already exists`
        : `Conversation with provided unique name already exists`,
    );
  }
}

/**
 * `UniqueName`, `FriendlyName` and `Attributes`, as Chat and Conversations writes take them:
 * both values are checked before the channel changes.
 */
export function applyChannelNames(r: Request, service: Service, channel: Channel): void {
  const attributes = r.json('Attributes');
  const uniqueName = r.nullable('UniqueName');
  if (uniqueName) checkUniqueName(r, service, uniqueName, channel);
  if (uniqueName !== undefined) r.store.setChannelUniqueName(channel, uniqueName);
  if (r.has('FriendlyName')) channel.friendlyName = r.nullable('FriendlyName') ?? null;
  if (attributes !== undefined) channel.attributes = attributes;
}

const MIN_INACTIVE_MS = 60_000;
const MIN_CLOSED_MS = 600_000;

/** Twilio's codes for a timer that is not a duration, and for one below the minimum. */
const TIMERS = {
  'Timers.Inactive': {
    minimum: MIN_INACTIVE_MS,
    notDuration: ErrorCode.inactiveTimerNotDuration,
    tooShort: ErrorCode.inactiveTimerTooShort,
  },
  'Timers.Closed': {
    minimum: MIN_CLOSED_MS,
    notDuration: ErrorCode.closedTimerNotDuration,
    tooShort: ErrorCode.closedTimerTooShort,
  },
} as const;

function duration(name: keyof typeof TIMERS, text: string): number {
  const timer = TIMERS[name];
  const ms = parseIsoDuration(text);
  if (ms === null) {
    throw twilioError(timer.notDuration, `${name} must be an ISO 8601 duration, e.g. PT10M`);
  }
  if (ms < timer.minimum) {
    const minutes = timer.minimum / 60_000;
    throw twilioError(
      timer.tooShort,
      `${name} must be at least ${minutes} minute${minutes === 1 ? '' : 's'}`,
    );
  }
  return ms;
}

/**
 * Applies the Conversations write parameters shared by create, update and
 * ConversationWithParticipants. Returns whether the state changed.
 */
export function applyConversationWrite(
  r: Request,
  service: Service,
  channel: Channel,
  creating: boolean,
): boolean {
  const now = r.store.now();
  const inactiveText = r.str('Timers.Inactive');
  const closedText = r.str('Timers.Closed');
  const stateText = r.str('State');
  if (
    creating &&
    (inactiveText !== undefined || closedText !== undefined) &&
    stateText === undefined
  ) {
    throw twilioError(
      ErrorCode.timersWithoutState,
      'Timers require State to be set when creating a conversation',
    );
  }
  const inactiveMs =
    inactiveText === undefined ? undefined : duration('Timers.Inactive', inactiveText);
  const closedMs = closedText === undefined ? undefined : duration('Timers.Closed', closedText);
  applyChannelNames(r, service, channel);
  if (r.has('MessagingServiceSid'))
    channel.messagingServiceSid = r.nullable('MessagingServiceSid') ?? null;
  const emailAddress = r.nullable('Bindings.Email.Address');
  const emailName = r.nullable('Bindings.Email.Name');
  if (emailAddress !== undefined || emailName !== undefined) {
    channel.emailBinding = {
      address: emailAddress ?? channel.emailBinding?.address ?? null,
      name: emailName ?? channel.emailBinding?.name ?? null,
    };
  }
  const before = channel.state;
  if (stateText !== undefined) channel.state = stateText as ConversationState;
  if (inactiveMs !== undefined) channel.timerInactiveAt = now + inactiveMs;
  if (closedMs !== undefined) channel.timerClosedAt = now + closedMs;
  if (creating && inactiveMs === undefined && closedMs === undefined)
    applyAccountTimers(r, channel, now);
  if (channel.state === 'closed') {
    channel.timerInactiveAt = null;
    channel.timerClosedAt = null;
  } else if (channel.state === 'inactive') {
    channel.timerInactiveAt = null;
  }
  const created = r.instant('DateCreated');
  if (created !== undefined) channel.dateCreated = created;
  channel.dateUpdated = r.instant('DateUpdated') ?? (creating ? channel.dateCreated : now);
  return before !== channel.state;
}

function applyAccountTimers(r: Request, channel: Channel, now: number): void {
  const { defaultInactiveTimer, defaultClosedTimer } = r.store.account;
  const inactive = defaultInactiveTimer === null ? null : parseIsoDuration(defaultInactiveTimer);
  const closed = defaultClosedTimer === null ? null : parseIsoDuration(defaultClosedTimer);
  if (inactive !== null && inactive > 0) channel.timerInactiveAt = now + inactive;
  if (closed !== null && closed > 0) channel.timerClosedAt = now + closed;
}

export function conversationEventFields(channel: Channel): Record<string, string | null> {
  return {
    ConversationSid: channel.sid,
    FriendlyName: channel.friendlyName,
    UniqueName: channel.uniqueName,
    Attributes: channel.attributes,
    State: channel.state,
    DateCreated: new Date(channel.dateCreated).toISOString(),
    DateUpdated: new Date(channel.dateUpdated).toISOString(),
    MessagingServiceSid: channel.messagingServiceSid,
  };
}

// ---- users --------------------------------------------------------------------------------

export function checkNewIdentity(r: Request, service: Service, identity: string): void {
  if (looksLikeSid(identity, 'US')) {
    throw twilioError(
      ErrorCode.identityLooksLikeSid,
      `Identity ${identity} must not look like a user SID`,
    );
  }
  if (r.store.users.find(service.sid, identity)?.identity === identity) {
    throw twilioError(ErrorCode.userExists, `User with identity ${identity} already exists`);
  }
}

/** Members and participants need a user; Twilio creates one on demand. */
export function ensureUser(r: Request, service: Service, identity: string): User {
  const existing = r.store.users.find(service.sid, identity);
  if (existing && existing.identity === identity) return existing;
  checkNewIdentity(r, service, identity);
  return r.store.createUser(service, { identity });
}

// ---- members / participants ---------------------------------------------------------------

export interface MemberSpec {
  readonly identity: string | null;
  readonly address?: string | null;
  readonly proxyAddress?: string | null;
  readonly projectedAddress?: string | null;
  readonly roleSid?: string | null;
  readonly attributes?: string;
  readonly dateCreated?: number;
  readonly dateUpdated?: number;
  readonly lastReadIndex?: number | null;
  readonly lastReadAt?: number | null;
}

function bindingType(address: string): string {
  const colon = address.indexOf(':');
  return colon > 0 ? address.slice(0, colon).toLowerCase() : 'sms';
}

/** Checks a member can join without changing anything (ConversationWithParticipants is atomic). */
export function checkMember(
  r: Request,
  service: Service,
  channel: Channel,
  spec: MemberSpec,
  dialect: Dialect,
  pending = 0,
): void {
  assertOpen(channel);
  if (spec.identity === null && !spec.address) {
    throw twilioError(
      ErrorCode.participantAddressEmpty,
      'A participant needs an Identity or a MessagingBinding.Address',
    );
  }
  if (spec.identity !== null && (spec.address || spec.proxyAddress)) {
    throw twilioError(
      ErrorCode.identityWithAddress,
      'A participant has either an Identity or a MessagingBinding.Address, not both',
    );
  }
  if (spec.identity !== null && channel.memberByIdentity.has(spec.identity)) {
    throw dialect === 'chat'
      ? twilioError(ErrorCode.memberExists, `Member with identity ${spec.identity} already exists`)
      : twilioError(
          ErrorCode.participantExists,
          `A participant with identity ${spec.identity} is already in this conversation`,
        );
  }
  if (spec.address) {
    for (const member of channel.members.values()) {
      const b = member.messagingBinding;
      if (
        b &&
        b.address === spec.address &&
        (b.proxyAddress ?? null) === (spec.proxyAddress ?? null)
      ) {
        throw twilioError(
          ErrorCode.participantAddressExists,
          `A participant with address ${spec.address} and this proxy address already exists`,
        );
      }
    }
  }
  if (channel.members.size + pending >= service.limits.channelMembers) {
    throw twilioError(
      ErrorCode.participantsLimit,
      `The conversation already has the maximum of ${service.limits.channelMembers} participants`,
    );
  }
  if (spec.roleSid && !r.store.roles.find(service.sid, spec.roleSid)) {
    throw twilioError(ErrorCode.invalidParameter, `Role ${spec.roleSid} does not exist`);
  }
}

export function addMember(
  r: Request,
  service: Service,
  channel: Channel,
  spec: MemberSpec,
  dialect: Dialect,
): Member {
  checkMember(r, service, channel, spec, dialect);
  if (spec.identity !== null) ensureUser(r, service, spec.identity);
  const binding =
    spec.address || spec.projectedAddress
      ? {
          type: spec.address ? bindingType(spec.address) : 'sms',
          address: spec.address ?? null,
          proxyAddress: spec.proxyAddress ?? null,
          projectedAddress: spec.projectedAddress ?? null,
        }
      : null;
  const member = r.store.addMember(channel, {
    identity: spec.identity,
    roleSid: spec.roleSid ?? service.defaultChannelRoleSid,
    attributes: spec.attributes ?? '{}',
    lastReadIndex: spec.lastReadIndex ?? null,
    lastReadAt: spec.lastReadAt ?? null,
    messagingBinding: binding,
    ...(spec.dateCreated === undefined ? {} : { dateCreated: spec.dateCreated }),
    ...(spec.dateUpdated === undefined ? {} : { dateUpdated: spec.dateUpdated }),
  });
  emit(r, service, Events.memberAdded, memberEventFields(r, channel, member), channel);
  return member;
}

export function memberEventFields(
  r: Request,
  channel: Channel,
  member: Member,
): Record<string, string | number | null> {
  return r.isConversations
    ? {
        ConversationSid: channel.sid,
        ParticipantSid: member.sid,
        Identity: member.identity,
        RoleSid: member.roleSid,
        Attributes: member.attributes,
        LastReadMessageIndex: member.lastReadIndex,
        LastReadTimestamp:
          member.lastReadAt === null ? null : new Date(member.lastReadAt).toISOString(),
        DateCreated: new Date(member.dateCreated).toISOString(),
        DateUpdated: new Date(member.dateUpdated).toISOString(),
        'MessagingBinding.Address': member.messagingBinding?.address ?? null,
        'MessagingBinding.ProxyAddress': member.messagingBinding?.proxyAddress ?? null,
      }
    : {
        ChannelSid: channel.sid,
        MemberSid: member.sid,
        Identity: member.identity,
        RoleSid: member.roleSid,
        DateCreated: new Date(member.dateCreated).toISOString(),
        DateUpdated: new Date(member.dateUpdated).toISOString(),
      };
}

export function messageEventFields(
  r: Request,
  channel: Channel,
  m: {
    sid: string;
    author: string;
    body: string | null;
    attributes: string;
    index: number;
    dateCreated: number;
    dateUpdated: number;
    participantSid: string | null;
  },
): Record<string, string | number | null> {
  return r.isConversations
    ? {
        ConversationSid: channel.sid,
        MessageSid: m.sid,
        MessagingServiceSid: channel.messagingServiceSid,
        ParticipantSid: m.participantSid,
        Author: m.author,
        Body: m.body,
        Attributes: m.attributes,
        Index: m.index,
        DateCreated: new Date(m.dateCreated).toISOString(),
        DateUpdated: new Date(m.dateUpdated).toISOString(),
      }
    : {
        ChannelSid: channel.sid,
        MessageSid: m.sid,
        From: m.author,
        Body: m.body,
        Attributes: m.attributes,
        Index: m.index,
        DateCreated: new Date(m.dateCreated).toISOString(),
        DateUpdated: new Date(m.dateUpdated).toISOString(),
      };
}

/** Sets a read horizon; the timestamp defaults to now when only the index is given. */
export function setReadHorizon(
  r: Request,
  member: Member,
  index: number | null | undefined,
  at: number | undefined,
): void {
  if (index !== undefined) {
    member.lastReadIndex = index;
    member.lastReadAt = at ?? (index === null ? null : r.store.now());
  } else if (at !== undefined) {
    member.lastReadAt = at;
  }
}
