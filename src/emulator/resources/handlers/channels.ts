import type { Channel, ChannelType, Service } from '../../store/entities.js';
import { ErrorCode, twilioError } from '../../codes.js';
import { parseInstant } from '../../store/time.js';
import { emit, Events } from '../events.js';
import {
  addMember,
  applyChannelNames,
  applyConversationWrite,
  assertOpen,
  checkMember,
  checkUniqueName,
  conversationEventFields,
} from '../mutations.js';
import type { MemberSpec } from '../mutations.js';
import { chatChannel, conversation } from '../render/channels.js';
import { refreshTimers } from '../request.js';
import type { Request } from '../request.js';
import { created, deleted, list, ok } from '../results.js';
import type { DomainHandler, HandlerTable } from '../results.js';
import { bothConversationForms, prefixed } from './shared.js';

// ---- Chat v1 / v2 / v3 ------------------------------------------------------------------------

function chatEventFields(channel: Channel): Record<string, string | null> {
  return {
    ChannelSid: channel.sid,
    FriendlyName: channel.friendlyName,
    UniqueName: channel.uniqueName,
    Attributes: channel.attributes,
    ChannelType: channel.type,
    CreatedBy: channel.createdBy,
  };
}

function applyChatWrite(r: Request, service: Service, channel: Channel): void {
  applyChannelNames(r, service, channel);
  channel.createdBy = r.str('CreatedBy') ?? channel.createdBy;
  const dateCreated = r.instant('DateCreated');
  if (dateCreated !== undefined) channel.dateCreated = dateCreated;
}

const chatCreate: DomainHandler = (r) => {
  const service = r.service();
  const attributes = r.json('Attributes');
  const uniqueName = r.nullable('UniqueName');
  if (uniqueName) checkUniqueName(r, service, uniqueName, null);
  const dateCreated = r.instant('DateCreated');
  const channel = r.store.createChannel(service, {
    friendlyName: r.nullable('FriendlyName') ?? null,
    uniqueName: uniqueName ?? null,
    attributes: attributes ?? '{}',
    type: (r.str('Type') ?? 'public') as ChannelType,
    createdBy: r.str('CreatedBy') ?? 'system',
    ...(dateCreated === undefined ? {} : { dateCreated }),
  });
  channel.dateUpdated = r.instant('DateUpdated') ?? channel.dateCreated;
  emit(r, service, Events.channelAdded, chatEventFields(channel), channel);
  return created(chatChannel(r, channel));
};

const chatTable = (allowUniqueName: boolean): HandlerTable => ({
  ListChannel: (r) => {
    const service = r.service();
    const types = r.list('Type');
    const channels = r.store.channels
      .of(service.sid)
      .filter((c) => types.length === 0 || types.includes(c.type));
    return list(channels, (c) => chatChannel(r, c));
  },
  CreateChannel: chatCreate,
  FetchChannel: (r) => ok(chatChannel(r, r.channel(r.service(), r.path('Sid'), allowUniqueName))),
  UpdateChannel: (r) => {
    const service = r.service();
    const channel = r.channel(service, r.path('Sid'), allowUniqueName);
    assertOpen(channel);
    applyChatWrite(r, service, channel);
    channel.dateUpdated = r.instant('DateUpdated') ?? r.store.now();
    emit(r, service, Events.channelUpdated, chatEventFields(channel), channel);
    return ok(chatChannel(r, channel));
  },
  DeleteChannel: (r) => {
    const service = r.service();
    const channel = r.channel(service, r.path('Sid'), allowUniqueName);
    r.store.deleteChannel(channel);
    emit(r, service, Events.channelRemoved, chatEventFields(channel), channel);
    return deleted;
  },
});

/** Chat v3's one operation: switch a channel's type (public → private makes it a conversation). */
const chatV3Update: DomainHandler = (r) => {
  const service = r.service();
  const channel = r.channel(service, r.path('Sid'));
  assertOpen(channel);
  const type = r.str('Type');
  if (type !== undefined) channel.type = type as ChannelType;
  if (r.has('MessagingServiceSid'))
    channel.messagingServiceSid = r.nullable('MessagingServiceSid') ?? null;
  channel.dateUpdated = r.store.now();
  emit(r, service, Events.channelUpdated, chatEventFields(channel), channel);
  return ok(chatChannel(r, channel));
};

// ---- Conversations --------------------------------------------------------------------------

/** An inclusive bound; a bare date as EndDate means the end of that day. */
function dateBound(r: Request, name: string, endOfDay: boolean): number | undefined {
  const text = r.str(name);
  if (text === undefined) return undefined;
  const ms = parseInstant(text);
  if (ms === null) {
    throw twilioError(ErrorCode.invalidParameter, `Invalid ${name}: expected an ISO 8601 date`);
  }
  return endOfDay && text.length === 10 ? ms + 86_399_999 : ms;
}

function createConversation(r: Request, service: Service): Channel {
  // Validate everything first so a rejected request leaves no half-made conversation.
  const uniqueName = r.nullable('UniqueName');
  if (uniqueName) checkUniqueName(r, service, uniqueName, null);
  r.json('Attributes');
  const channel = r.store.createChannel(service, { type: 'private' });
  try {
    applyConversationWrite(r, service, channel, true);
  } catch (error) {
    r.store.deleteChannel(channel);
    throw error;
  }
  return channel;
}

const MAX_PARTICIPANTS_PER_REQUEST = 10;

function pick(record: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) if (record[name] !== undefined) return record[name];
  return undefined;
}

const optionalString = (value: unknown): string | null =>
  typeof value === 'string' ? value : null;

/** One `Participant` item of ConversationWithParticipants: a JSON object, snake or Pascal case. */
function participantSpec(text: string): MemberSpec {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw twilioError(ErrorCode.invalidParameter, 'Each Participant must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw twilioError(ErrorCode.invalidParameter, 'Each Participant must be a JSON object');
  }
  const p = parsed as Record<string, unknown>;
  const nested = pick(p, 'messaging_binding', 'MessagingBinding');
  const b: Record<string, unknown> =
    typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>) : {};
  const attributes = pick(p, 'attributes', 'Attributes');
  if (attributes !== undefined) {
    try {
      JSON.parse(String(attributes));
    } catch {
      throw twilioError(
        ErrorCode.invalidAttributes,
        'Participant attributes must be a JSON string',
      );
    }
  }
  return {
    identity: optionalString(pick(p, 'identity', 'Identity')),
    address: optionalString(
      pick(b, 'address', 'Address') ??
        pick(p, 'messaging_binding.address', 'MessagingBinding.Address'),
    ),
    proxyAddress: optionalString(
      pick(b, 'proxy_address', 'ProxyAddress') ??
        pick(p, 'messaging_binding.proxy_address', 'MessagingBinding.ProxyAddress'),
    ),
    projectedAddress: optionalString(
      pick(b, 'projected_address', 'ProjectedAddress') ??
        pick(p, 'messaging_binding.projected_address', 'MessagingBinding.ProjectedAddress'),
    ),
    roleSid: optionalString(pick(p, 'role_sid', 'RoleSid')),
    ...(attributes === undefined ? {} : { attributes: String(attributes) }),
  };
}

const createWithParticipants: DomainHandler = (r) => {
  const service = r.service();
  const items = r.list('Participant');
  if (items.length > MAX_PARTICIPANTS_PER_REQUEST) {
    throw twilioError(
      ErrorCode.tooManyParticipantsInRequest,
      `At most ${MAX_PARTICIPANTS_PER_REQUEST} participants can be added in one request`,
    );
  }
  const specs = items.map(participantSpec);
  const identities = new Set<string>();
  for (const spec of specs) {
    if (spec.identity === null) continue;
    if (identities.has(spec.identity)) {
      throw twilioError(
        ErrorCode.participantExists,
        `Participant ${spec.identity} is listed twice`,
      );
    }
    identities.add(spec.identity);
  }
  const channel = createConversation(r, service);
  try {
    specs.forEach((spec, i) => checkMember(r, service, channel, spec, 'conversations', i));
  } catch (error) {
    r.store.deleteChannel(channel);
    throw error;
  }
  emit(r, service, Events.channelAdded, conversationEventFields(channel), channel);
  for (const spec of specs) addMember(r, service, channel, spec, 'conversations');
  return created(conversation(r, channel, true));
};

const conversationTable: HandlerTable = {
  ListConversation: (r) => {
    const service = r.service();
    const start = dateBound(r, 'StartDate', false);
    const end = dateBound(r, 'EndDate', true);
    const state = r.str('State');
    const now = r.store.now();
    const items = r.store.channels.of(service.sid).filter((c) => {
      if (c.type !== 'private') return false;
      refreshTimers(c, now);
      if (start !== undefined && c.dateCreated < start) return false;
      if (end !== undefined && c.dateCreated > end) return false;
      return state === undefined || c.state === state;
    });
    return list(items, (c) => conversation(r, c));
  },
  CreateConversation: (r) => {
    const service = r.service();
    const channel = createConversation(r, service);
    emit(r, service, Events.channelAdded, conversationEventFields(channel), channel);
    return created(conversation(r, channel));
  },
  FetchConversation: (r) => ok(conversation(r, r.channel(r.service(), r.path('Sid')))),
  UpdateConversation: (r) => {
    const service = r.service();
    const channel = r.channel(service, r.path('Sid'));
    assertOpen(channel);
    const stateChanged = applyConversationWrite(r, service, channel, false);
    const fields = conversationEventFields(channel);
    emit(r, service, Events.channelUpdated, fields, channel);
    if (stateChanged) emit(r, service, Events.stateUpdated, fields, channel);
    return ok(conversation(r, channel));
  },
  DeleteConversation: (r) => {
    const service = r.service();
    const channel = r.channel(service, r.path('Sid'));
    r.store.deleteChannel(channel);
    emit(r, service, Events.channelRemoved, conversationEventFields(channel), channel);
    return deleted;
  },
  CreateConversationWithParticipants: createWithParticipants,
};

export const channelHandlers: HandlerTable = {
  ...prefixed('chat.v1.', chatTable(true)),
  ...prefixed('chat.v2.', chatTable(true)),
  'chat.v3.UpdateChannel': chatV3Update,
  ...bothConversationForms(conversationTable),
};
