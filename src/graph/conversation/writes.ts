/**
 * Conversation writes: create (plain, with participants in one request, or as a Chat channel
 * when a channel `type` is given), update, delete, and Chat v3's switch to private. The loaders
 * read the answer and keep their caches current.
 */
import type {
  CreateConversationInput,
  DeleteConversationInput,
  MakeChannelPrivateInput,
  NewParticipantInput,
  UpdateConversationInput,
} from '../../generated/graphql.js';
import type { GraphContext } from '../context.js';
import { toWire } from '../enums.js';
import { encodeId } from '../ids.js';
import { conversationParent, type ConversationParent } from '../parents.js';
import { InputCheck, isSid } from '../mutation/checks.js';
import { LIMITS } from '../mutation/limits.js';
import { idempotentWrite } from '../mutation/idempotency.js';
import { createdEdge } from '../mutation/payloads.js';
import { resolveTarget, serviceChildRef, serviceOf, targetField } from '../mutation/targets.js';
import type { FieldPath } from '../mutation/user-errors.js';
import { sendWrite, type WriteResult } from '../mutation/write.js';

/** Conversations wire name → input field, for every conversation write. */
const FIELDS: Readonly<Record<string, FieldPath>> = {
  ChatServiceSid: ['serviceSid'],
  Sid: ['sid'],
  FriendlyName: ['friendlyName'],
  UniqueName: ['uniqueName'],
  Attributes: ['attributes'],
  MessagingServiceSid: ['messagingServiceSid'],
  State: ['state'],
  'Timers.Inactive': ['timers', 'inactive'],
  'Timers.Closed': ['timers', 'closed'],
  'Bindings.Email.Address': ['emailBinding', 'address'],
  'Bindings.Email.Name': ['emailBinding', 'name'],
  DateCreated: ['createdAt'],
  DateUpdated: ['updatedAt'],
  Type: ['type'],
  CreatedBy: ['createdBy'],
  Participant: ['participants'],
};

/** Twilio codes that point at one input field of a conversation write. */
const BLAME_CODES: Readonly<Record<number, FieldPath>> = {
  50306: ['uniqueName'],
  50307: ['uniqueName'],
  50353: ['uniqueName'],
  50390: ['uniqueName'],
  50375: ['timers'],
  50376: ['timers'],
  50379: ['timers'],
  50380: ['timers'],
  50382: ['state'],
  50433: ['participants'],
  50437: ['participants'],
  50426: ['participants'],
};

interface SettingsInput {
  readonly friendlyName?: string | null;
  readonly uniqueName?: string | null;
  readonly attributes?: unknown;
  readonly messagingServiceSid?: string | null;
  readonly state?: string | null;
  readonly timers?: { readonly inactive?: string | null; readonly closed?: string | null } | null;
  readonly emailBinding?: {
    readonly address?: string | null;
    readonly name?: string | null;
  } | null;
  readonly createdAt?: unknown;
  readonly updatedAt?: unknown;
}

function settings(check: InputCheck, input: SettingsInput, nameMax: number) {
  if (input.state === 'INITIALIZING') {
    check.add(['state'], 'INVALID', '`state` INITIALIZING is set by Twilio only.');
  }
  const uniqueName = check.text(input.uniqueName, ['uniqueName'], LIMITS.nameChars);
  if (uniqueName !== undefined && isSid(uniqueName, 'CH')) {
    check.add(['uniqueName'], 'INVALID', '`uniqueName` must not look like a conversation SID.');
  }
  return {
    FriendlyName: check.text(input.friendlyName, ['friendlyName'], nameMax),
    UniqueName: uniqueName,
    Attributes: check.attributes(
      input.attributes,
      ['attributes'],
      LIMITS.conversationAttributesBytes,
    ),
    MessagingServiceSid: check.sid(input.messagingServiceSid, 'MG', ['messagingServiceSid']),
    State: input.state == null || input.state === 'INITIALIZING' ? undefined : toWire(input.state),
    'Timers.Inactive': check.duration(
      input.timers?.inactive,
      ['timers', 'inactive'],
      LIMITS.inactiveTimerMinSeconds,
    ),
    'Timers.Closed': check.duration(
      input.timers?.closed,
      ['timers', 'closed'],
      LIMITS.closedTimerMinSeconds,
    ),
    'Bindings.Email.Address': check.text(
      input.emailBinding?.address,
      ['emailBinding', 'address'],
      LIMITS.identityChars,
    ),
    'Bindings.Email.Name': check.text(
      input.emailBinding?.name,
      ['emailBinding', 'name'],
      LIMITS.identityChars,
    ),
    DateCreated: check.date(input.createdAt, ['createdAt']),
    DateUpdated: check.date(input.updatedAt, ['updatedAt']),
  };
}

/** One `Participant` item of ConversationWithParticipants: JSON text in Twilio's snake case. */
function participantItem(
  check: InputCheck,
  p: NewParticipantInput,
  at: FieldPath,
): string | undefined {
  const identity = check.text(p.identity, [...at, 'identity'], LIMITS.identityChars);
  const binding = p.messagingBinding;
  const address = check.text(binding?.address, [...at, 'messagingBinding', 'address'], 256);
  if (identity === undefined && address === undefined && p.identity == null) {
    check.add(
      [...at, 'identity'],
      'REQUIRED',
      'Give an `identity` or a `messagingBinding.address`.',
    );
  }
  const item = {
    identity,
    messaging_binding:
      binding == null
        ? undefined
        : {
            address,
            proxy_address: check.text(
              binding.proxyAddress,
              [...at, 'messagingBinding', 'proxyAddress'],
              256,
            ),
            projected_address: check.text(
              binding.projectedAddress,
              [...at, 'messagingBinding', 'projectedAddress'],
              256,
            ),
          },
    role_sid: check.sid(p.roleSid, 'RL', [...at, 'roleSid']),
    attributes: check.attributes(
      p.attributes,
      [...at, 'attributes'],
      LIMITS.participantAttributesBytes,
    ),
  };
  return JSON.stringify(item);
}

/** The conversation as a write answered it (the loaders keep their caches current). */
function conversationFromWrite(
  ctx: GraphContext,
  result: WriteResult,
  serviceSid: string,
): ConversationParent {
  const { known, channel } = ctx.loaders.written.conversation(result, serviceSid);
  return conversationParent(known, channel);
}

const CONVERSATIONS_ONLY = [
  'messagingServiceSid',
  'state',
  'timers',
  'emailBinding',
  'participants',
] as const;

export async function createConversation(ctx: GraphContext, input: CreateConversationInput) {
  const check = new InputCheck();
  const asChannel = input.type != null;
  const params = settings(
    check,
    input,
    asChannel ? LIMITS.chatChannelCreateNameChars : LIMITS.nameChars,
  );
  if (asChannel) {
    for (const name of CONVERSATIONS_ONLY) {
      if (input[name] != null) {
        check.add(
          [name],
          'INVALID',
          `\`${name}\` is a Conversations setting; it cannot be combined with \`type\` (a Chat channel).`,
        );
      }
    }
  } else if (input.createdBy != null) {
    check.add(
      ['createdBy'],
      'INVALID',
      '`createdBy` applies to Chat channels only; give `type` too.',
    );
  }
  if (input.timers != null && input.state == null && !asChannel) {
    check.add(['state'], 'REQUIRED', 'Twilio needs `state` when `timers` are given at creation.');
  }
  const participants = input.participants ?? [];
  if (participants.length > LIMITS.participantsPerCreate) {
    check.add(
      ['participants'],
      'LIMIT_REACHED',
      `At most ${LIMITS.participantsPerCreate} participants can be added with the conversation.`,
    );
  }
  const items = participants.map((p, i) => participantItem(check, p, ['participants', String(i)]));
  const serviceSid = await serviceOf(ctx, check, input.serviceSid);
  check.done();

  const result = await idempotentWrite(ctx, 'createConversation', input, () =>
    sendWrite(ctx, {
      family: asChannel
        ? 'channel.create'
        : participants.length > 0
          ? 'conversationWithParticipants.create'
          : 'conversation.create',
      params: {
        ChatServiceSid: serviceSid,
        ...params,
        Type: input.type == null ? undefined : toWire(input.type),
        CreatedBy: input.createdBy,
        Participant: items.length > 0 ? items : undefined,
      },
      fields: FIELDS,
      webhookEnabled: input.webhookEnabled,
      blame: { NOT_FOUND: ['serviceSid'], ALREADY_EXISTS: ['uniqueName'] },
      blameTwilioCode: BLAME_CODES,
    }),
  );
  const conversation = conversationFromWrite(ctx, result, serviceSid ?? '');
  const list = ctx.loaders.lists.conversations(conversation.serviceSid, {});
  return {
    conversation,
    conversationEdge: await createdEdge(list, conversation.sid, conversation, result.data),
  };
}

export async function updateConversation(ctx: GraphContext, input: UpdateConversationInput) {
  const check = new InputCheck();
  const params = settings(check, input, LIMITS.nameChars);
  const target = await resolveTarget(ctx, check, 'Conversation', serviceChildRef(input, 'CH'));
  check.done();
  const [serviceSid = '', sid = ''] = target ?? [];
  const result = await sendWrite(ctx, {
    family: 'conversation.update',
    params: { ChatServiceSid: serviceSid, Sid: sid, ...params },
    fields: { ...FIELDS, Sid: targetField(input) },
    webhookEnabled: input.webhookEnabled,
    blame: { NOT_FOUND: targetField(input), ALREADY_EXISTS: ['uniqueName'] },
    blameTwilioCode: BLAME_CODES,
  });
  return { conversation: conversationFromWrite(ctx, result, serviceSid) };
}

export async function deleteConversation(ctx: GraphContext, input: DeleteConversationInput) {
  const check = new InputCheck();
  const target = await resolveTarget(ctx, check, 'Conversation', serviceChildRef(input, 'CH'));
  check.done();
  const [serviceSid = '', sid = ''] = target ?? [];
  await sendWrite(ctx, {
    family: 'conversation.delete',
    params: { ChatServiceSid: serviceSid, Sid: sid },
    fields: { ...FIELDS, Sid: targetField(input) },
    webhookEnabled: input.webhookEnabled,
    blame: { NOT_FOUND: targetField(input) },
  });
  // Its participants, messages and memberships went with it.
  for (const loader of [
    ctx.loaders.conversation,
    ctx.loaders.participant,
    ctx.loaders.message,
    ctx.loaders.webhook,
    ctx.loaders.invite,
  ]) {
    loader.clearAll();
  }
  return { deletedConversationId: encodeId('Conversation', [serviceSid, sid]) };
}

export async function makeChannelPrivate(ctx: GraphContext, input: MakeChannelPrivateInput) {
  const check = new InputCheck();
  const messagingServiceSid = check.sid(input.messagingServiceSid, 'MG', ['messagingServiceSid']);
  const target = await resolveTarget(ctx, check, 'Conversation', serviceChildRef(input, 'CH'));
  check.done();
  const [serviceSid = '', sid = ''] = target ?? [];
  const result = await sendWrite(ctx, {
    family: 'privateChannel.update',
    params: {
      ChatServiceSid: serviceSid,
      Sid: sid,
      Type: 'private',
      MessagingServiceSid: messagingServiceSid,
    },
    fields: { ...FIELDS, Sid: targetField(input) },
    webhookEnabled: input.webhookEnabled,
    blame: { NOT_FOUND: targetField(input) },
  });
  return { conversation: conversationFromWrite(ctx, result, serviceSid) };
}
