/**
 * Participant writes: add (a chat identity or a messaging address), update, remove. Chat's
 * member count and the user's memberships change with them, so those cached views are dropped.
 */
import type {
  AddParticipantInput,
  RemoveParticipantInput,
  UpdateParticipantInput,
} from '../../generated/graphql.js';
import { toParticipant, type ParticipantRecord } from '../../loaders/index.js';
import type { GraphContext } from '../context.js';
import { encodeId } from '../ids.js';
import { participantParent } from '../parents.js';
import { InputCheck } from '../mutation/checks.js';
import { LIMITS } from '../mutation/limits.js';
import { createdEdge } from '../mutation/payloads.js';
import {
  CONVERSATION_CHILD_FIELDS,
  conversationChildRef,
  parentConversationField,
  parentConversationRef,
  resolveTarget,
  targetField,
} from '../mutation/targets.js';
import type { FieldPath } from '../mutation/user-errors.js';
import { sendWrite, type WriteResult } from '../mutation/write.js';

const FIELDS: Readonly<Record<string, FieldPath>> = {
  ...CONVERSATION_CHILD_FIELDS,
  Identity: ['identity'],
  'MessagingBinding.Address': ['messagingBinding', 'address'],
  'MessagingBinding.ProxyAddress': ['messagingBinding', 'proxyAddress'],
  'MessagingBinding.ProjectedAddress': ['messagingBinding', 'projectedAddress'],
  RoleSid: ['roleSid'],
  Attributes: ['attributes'],
  LastReadMessageIndex: ['lastReadMessageIndex'],
  LastReadTimestamp: ['lastReadTimestamp'],
  DateCreated: ['createdAt'],
  DateUpdated: ['updatedAt'],
};

const BLAME_CODES: Readonly<Record<number, FieldPath>> = {
  50433: ['identity'],
  50404: ['identity'],
  50437: ['messagingBinding', 'address'],
  50211: ['identity'],
};

interface ParticipantSettings {
  readonly identity?: string | null;
  readonly messagingBinding?: {
    readonly address?: string | null;
    readonly proxyAddress?: string | null;
    readonly projectedAddress?: string | null;
  } | null;
  readonly roleSid?: string | null;
  readonly attributes?: unknown;
  readonly createdAt?: unknown;
  readonly updatedAt?: unknown;
}

function settings(check: InputCheck, input: ParticipantSettings) {
  const binding = input.messagingBinding;
  const address = (key: 'address' | 'proxyAddress' | 'projectedAddress') =>
    check.text(binding?.[key], ['messagingBinding', key], LIMITS.identityChars);
  return {
    Identity: check.text(input.identity, ['identity'], LIMITS.identityChars),
    'MessagingBinding.Address': address('address'),
    'MessagingBinding.ProxyAddress': address('proxyAddress'),
    'MessagingBinding.ProjectedAddress': address('projectedAddress'),
    RoleSid: check.sid(input.roleSid, 'RL', ['roleSid']),
    Attributes: check.attributes(
      input.attributes,
      ['attributes'],
      LIMITS.participantAttributesBytes,
    ),
    DateCreated: check.date(input.createdAt, ['createdAt']),
    DateUpdated: check.date(input.updatedAt, ['updatedAt']),
  };
}

/** After any participant write: counts and memberships seen through other loaders changed. */
function forgetViews(ctx: GraphContext): void {
  ctx.loaders.channel.clearView();
  ctx.loaders.userConversation.clearAll();
}

/** The participant as the write answered it, cached; the views it changes are dropped. */
function participantFromWrite(
  ctx: GraphContext,
  result: WriteResult,
  scope: { readonly serviceSid: string; readonly conversationSid: string },
): ParticipantRecord {
  const record = ctx.loaders.written.served(
    'Participant',
    result,
    toParticipant(result.data, scope),
  );
  ctx.loaders.participant.replace(record);
  forgetViews(ctx);
  return record;
}

export async function addParticipant(ctx: GraphContext, input: AddParticipantInput) {
  const check = new InputCheck();
  const params = settings(check, input);
  const hasAddress = input.messagingBinding?.address != null;
  if (input.identity == null && !hasAddress) {
    check.add(
      ['identity'],
      'REQUIRED',
      'Give an `identity` (chat) or a `messagingBinding.address`.',
    );
  } else if (input.identity != null && hasAddress) {
    check.add(
      ['messagingBinding', 'address'],
      'INVALID',
      'A participant is either a chat identity or a messaging address, not both.',
    );
  }
  const conversationField = parentConversationField(input);
  const target = await resolveTarget(ctx, check, 'Conversation', parentConversationRef(input));
  check.done();
  const [serviceSid = '', conversationSid = ''] = target ?? [];
  const result = await sendWrite(ctx, {
    family: 'participant.create',
    params: { ChatServiceSid: serviceSid, ConversationSid: conversationSid, ...params },
    fields: { ...FIELDS, ConversationSid: conversationField },
    webhookEnabled: input.webhookEnabled,
    blame: { NOT_FOUND: conversationField, ALREADY_EXISTS: ['identity'] },
    blameTwilioCode: BLAME_CODES,
  });
  const record = participantFromWrite(ctx, result, { serviceSid, conversationSid });
  const participant = participantParent(record);
  const list = ctx.loaders.lists.participants(serviceSid, conversationSid);
  return { participant, participantEdge: await createdEdge(list, record.sid, participant, record) };
}

export async function updateParticipant(ctx: GraphContext, input: UpdateParticipantInput) {
  const check = new InputCheck();
  const params = settings(check, input);
  if (input.messagingBinding?.address != null) {
    check.add(
      ['messagingBinding', 'address'],
      'INVALID',
      "A participant's address cannot change; remove it and add the new address.",
    );
  }
  const lastReadMessageIndex = check.integer(
    input.lastReadMessageIndex,
    ['lastReadMessageIndex'],
    0,
  );
  const lastReadTimestamp = check.date(input.lastReadTimestamp, ['lastReadTimestamp']);
  const target = await resolveTarget(ctx, check, 'Participant', conversationChildRef(input, 'MB'));
  check.done();
  const [serviceSid = '', conversationSid = '', sid = ''] = target ?? [];
  const result = await sendWrite(ctx, {
    family: 'participant.update',
    params: {
      ChatServiceSid: serviceSid,
      ConversationSid: conversationSid,
      Sid: sid,
      ...params,
      'MessagingBinding.Address': undefined,
      LastReadMessageIndex: lastReadMessageIndex,
      LastReadTimestamp: lastReadTimestamp,
    },
    fields: { ...FIELDS, Sid: targetField(input) },
    webhookEnabled: input.webhookEnabled,
    blame: { NOT_FOUND: targetField(input), ALREADY_EXISTS: ['identity'] },
    blameTwilioCode: BLAME_CODES,
  });
  const record = participantFromWrite(ctx, result, { serviceSid, conversationSid });
  return { participant: participantParent(record) };
}

export async function removeParticipant(ctx: GraphContext, input: RemoveParticipantInput) {
  const check = new InputCheck();
  const target = await resolveTarget(ctx, check, 'Participant', conversationChildRef(input, 'MB'));
  check.done();
  const [serviceSid = '', conversationSid = '', sid = ''] = target ?? [];
  await sendWrite(ctx, {
    family: 'participant.delete',
    params: { ChatServiceSid: serviceSid, ConversationSid: conversationSid, Sid: sid },
    fields: { ...FIELDS, Sid: targetField(input) },
    webhookEnabled: input.webhookEnabled,
    blame: { NOT_FOUND: targetField(input) },
  });
  ctx.loaders.participant.clearAll();
  forgetViews(ctx);
  return { deletedParticipantId: encodeId('Participant', [serviceSid, conversationSid, sid]) };
}
