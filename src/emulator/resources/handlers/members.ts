import type { Channel, Member, Service } from '../../store/entities.js';
import { ErrorCode, twilioError } from '../../codes.js';
import { byCreation } from '../../store/collection.js';
import { emit, Events } from '../events.js';
import {
  addMember,
  assertOpen,
  ensureUser,
  memberEventFields,
  setReadHorizon,
} from '../mutations.js';
import { chatMember, participant } from '../render/members.js';
import type { Request } from '../request.js';
import { created, deleted, list, ok } from '../results.js';
import type { HandlerTable } from '../results.js';
import { bothConversationForms, prefixed } from './shared.js';

interface Scope {
  readonly service: Service;
  readonly channel: Channel;
}

function scope(r: Request): Scope {
  const service = r.service();
  const key = r.path(r.isConversations ? 'ConversationSid' : 'ChannelSid');
  return { service, channel: r.channel(service, key) };
}

/** Chat v2 addresses a member by MB sid or identity; Chat v1 and Conversations by sid only. */
function memberOf(r: Request, channel: Channel): Member {
  const byIdentity = r.ctx.op.product === 'chat' && r.version === 'v2';
  const member = r.store.findMember(channel, r.path('Sid'), byIdentity);
  if (!member) throw r.notFound();
  return member;
}

function removeMember(r: Request, { service, channel }: Scope, member: Member): void {
  r.store.removeMember(channel, member);
  emit(r, service, Events.memberRemoved, memberEventFields(r, channel, member), channel);
}

const chatTable: HandlerTable = {
  ListMember: (r) => {
    const { channel } = scope(r);
    const identities = r.list('Identity');
    const members = byCreation([...channel.members.values()]).filter(
      (m) => identities.length === 0 || (m.identity !== null && identities.includes(m.identity)),
    );
    return list(members, (m) => chatMember(r, m));
  },
  CreateMember: (r) => {
    const { service, channel } = scope(r);
    const attributes = r.json('Attributes');
    const dateCreated = r.instant('DateCreated');
    const dateUpdated = r.instant('DateUpdated');
    const lastReadIndex = r.int('LastConsumedMessageIndex');
    const lastReadAt = r.instant('LastConsumptionTimestamp');
    const member = addMember(
      r,
      service,
      channel,
      {
        identity: r.str('Identity') ?? '',
        roleSid: r.nullable('RoleSid') ?? null,
        ...(attributes === undefined ? {} : { attributes }),
        ...(dateCreated === undefined ? {} : { dateCreated }),
        ...(dateUpdated === undefined ? {} : { dateUpdated }),
        ...(lastReadIndex === undefined ? {} : { lastReadIndex }),
        ...(lastReadAt === undefined
          ? lastReadIndex === undefined
            ? {}
            : { lastReadAt: r.store.now() }
          : { lastReadAt }),
      },
      'chat',
    );
    return created(chatMember(r, member));
  },
  FetchMember: (r) => ok(chatMember(r, memberOf(r, scope(r).channel))),
  UpdateMember: (r) => {
    const s = scope(r);
    assertOpen(s.channel);
    const member = memberOf(r, s.channel);
    const attributes = r.json('Attributes');
    const at = r.instant('LastConsumptionTimestamp');
    const dateCreated = r.instant('DateCreated');
    member.roleSid = r.nullable('RoleSid') ?? member.roleSid;
    if (attributes !== undefined) member.attributes = attributes;
    setReadHorizon(r, member, r.int('LastConsumedMessageIndex'), at);
    if (dateCreated !== undefined) member.dateCreated = dateCreated;
    member.dateUpdated = r.instant('DateUpdated') ?? r.store.now();
    emit(r, s.service, Events.memberUpdated, memberEventFields(r, s.channel, member), s.channel);
    return ok(chatMember(r, member));
  },
  DeleteMember: (r) => {
    const s = scope(r);
    removeMember(r, s, memberOf(r, s.channel));
    return deleted;
  },
};

const participantTable: HandlerTable = {
  ListConversationParticipant: (r) => {
    const { channel } = scope(r);
    return list(byCreation([...channel.members.values()]), (m) => participant(r, m));
  },
  CreateConversationParticipant: (r) => {
    const { service, channel } = scope(r);
    const attributes = r.json('Attributes');
    const dateCreated = r.instant('DateCreated');
    const dateUpdated = r.instant('DateUpdated');
    const member = addMember(
      r,
      service,
      channel,
      {
        identity: r.nullable('Identity') ?? null,
        address: r.nullable('MessagingBinding.Address') ?? null,
        proxyAddress: r.nullable('MessagingBinding.ProxyAddress') ?? null,
        projectedAddress: r.nullable('MessagingBinding.ProjectedAddress') ?? null,
        roleSid: r.nullable('RoleSid') ?? null,
        ...(attributes === undefined ? {} : { attributes }),
        ...(dateCreated === undefined ? {} : { dateCreated }),
        ...(dateUpdated === undefined ? {} : { dateUpdated }),
      },
      'conversations',
    );
    return created(participant(r, member));
  },
  FetchConversationParticipant: (r) => ok(participant(r, memberOf(r, scope(r).channel))),
  UpdateConversationParticipant: (r) => {
    const s = scope(r);
    assertOpen(s.channel);
    const member = memberOf(r, s.channel);
    const attributes = r.json('Attributes');
    const at = r.instant('LastReadTimestamp');
    const dateCreated = r.instant('DateCreated');
    const identity = r.nullable('Identity');
    if (identity && identity !== member.identity) {
      if (s.channel.memberByIdentity.has(identity)) {
        throw twilioError(
          ErrorCode.participantExists,
          `A participant with identity ${identity} is already in this conversation`,
        );
      }
      ensureUser(r, s.service, identity);
      r.store.setMemberIdentity(s.channel, member, identity);
    }
    member.roleSid = r.nullable('RoleSid') ?? member.roleSid;
    if (attributes !== undefined) member.attributes = attributes;
    const proxy = r.nullable('MessagingBinding.ProxyAddress');
    const projected = r.nullable('MessagingBinding.ProjectedAddress');
    if (member.messagingBinding) {
      if (proxy !== undefined) member.messagingBinding.proxyAddress = proxy;
      if (projected !== undefined) member.messagingBinding.projectedAddress = projected;
    } else if (projected) {
      member.messagingBinding = {
        type: 'sms',
        address: null,
        proxyAddress: null,
        projectedAddress: projected,
      };
    }
    setReadHorizon(r, member, r.int('LastReadMessageIndex'), at);
    if (dateCreated !== undefined) member.dateCreated = dateCreated;
    member.dateUpdated = r.instant('DateUpdated') ?? r.store.now();
    emit(r, s.service, Events.memberUpdated, memberEventFields(r, s.channel, member), s.channel);
    return ok(participant(r, member));
  },
  DeleteConversationParticipant: (r) => {
    const s = scope(r);
    removeMember(r, s, memberOf(r, s.channel));
    return deleted;
  },
};

export const memberHandlers: HandlerTable = {
  ...prefixed('chat.v1.', chatTable),
  ...prefixed('chat.v2.', chatTable),
  ...bothConversationForms(participantTable),
};
