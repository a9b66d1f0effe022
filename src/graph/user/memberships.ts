/**
 * A user's membership in a conversation (Conversations UserConversation, Chat UserChannel):
 * read horizon and notification level, and leaving. The user is named by id, SID or identity
 * and the conversation by id or SID, in one service.
 */
import type {
  LeaveConversationInput,
  MarkConversationReadInput,
  UpdateConversationMembershipInput,
} from '../../generated/graphql.js';
import { isNotFound } from '../../loaders/index.js';
import type { GraphContext } from '../context.js';
import { toWire } from '../enums.js';
import { toGraphQLError } from '../errors.js';
import { encodeId } from '../ids.js';
import { InputCheck } from '../mutation/checks.js';
import { completeTarget, targetPath } from '../mutation/targets.js';
import { userError, UserErrors, type FieldPath } from '../mutation/user-errors.js';
import { sendWrite, type WriteResult } from '../mutation/write.js';

interface MembershipNaming {
  readonly serviceSid?: string | null;
  readonly userId?: string | null;
  readonly userSid?: string | null;
  readonly identity?: string | null;
  readonly conversationId?: string | null;
  readonly conversationSid?: string | null;
}

interface Membership {
  readonly serviceSid: string;
  readonly userRef: string;
  readonly conversationSid: string;
  readonly userField: FieldPath;
  readonly conversationField: FieldPath;
}

const FIELDS: Readonly<Record<string, FieldPath>> = {
  ChatServiceSid: ['serviceSid'],
  NotificationLevel: ['notificationLevel'],
  LastReadMessageIndex: ['lastReadMessageIndex'],
  LastReadTimestamp: ['lastReadTimestamp'],
};

/** Resolves both ends; the service comes from whichever is named by id, or `serviceSid`. */
async function resolveMembership(
  ctx: GraphContext,
  check: InputCheck,
  input: MembershipNaming,
): Promise<Membership | undefined> {
  check.atMostOne([
    [['userSid'], input.userSid],
    [['identity'], input.identity],
  ]);
  const byIdentity = input.userSid == null && input.identity != null;
  const userField: FieldPath =
    input.userId != null ? ['userId'] : byIdentity ? ['identity'] : ['userSid'];
  const conversationField: FieldPath =
    input.conversationId != null ? ['conversationId'] : ['conversationSid'];
  const localUser = targetPath(check, 'User', {
    idField: ['userId'],
    id: input.userId,
    serviceSid: input.userId == null ? input.serviceSid : null,
    segments: [
      {
        field: byIdentity ? ['identity'] : ['userSid'],
        value: input.userSid ?? input.identity,
        prefix: 'US',
        natural: byIdentity,
      },
    ],
  });
  const localConversation = targetPath(check, 'Conversation', {
    idField: ['conversationId'],
    id: input.conversationId,
    serviceSid: input.conversationId == null ? input.serviceSid : null,
    segments: [{ field: ['conversationSid'], value: input.conversationSid, prefix: 'CH' }],
  });
  const user = await completeTarget(ctx, check, localUser);
  const conversation = await completeTarget(ctx, check, localConversation);
  if (user === undefined || conversation === undefined) return undefined;
  const [userService = '', userRef = ''] = user;
  const [conversationService = '', conversationSid = ''] = conversation;
  if (userService !== conversationService) {
    check.add(
      conversationField,
      'INVALID',
      'The user and the conversation are in different services.',
    );
    return undefined;
  }
  return { serviceSid: userService, userRef, conversationSid, userField, conversationField };
}

function membershipFromWrite(ctx: GraphContext, result: WriteResult, m: Membership) {
  return { membership: ctx.loaders.written.membership(result, m.serviceSid) };
}

/** Index of the newest message (one request), or undefined for an empty conversation. */
async function newestIndex(ctx: GraphContext, m: Membership): Promise<number | undefined> {
  try {
    const page = await ctx.loaders.lists
      .messages(m.serviceSid, m.conversationSid)
      .fetch({ order: 'desc', token: null, page: null, size: 1 });
    return page.items[0]?.index ?? undefined;
  } catch (error) {
    if (isNotFound(error)) {
      throw new UserErrors([
        userError(m.conversationField, 'NOT_FOUND', 'The conversation does not exist.', 20404),
      ]);
    }
    throw toGraphQLError(error);
  }
}

async function updateMembership(
  ctx: GraphContext,
  m: Membership,
  params: Readonly<Record<string, unknown>>,
) {
  const result = await sendWrite(ctx, {
    family: 'membership.update',
    params: {
      ChatServiceSid: m.serviceSid,
      UserSid: m.userRef,
      ConversationSid: m.conversationSid,
      ...params,
    },
    fields: { ...FIELDS, UserSid: m.userField, ConversationSid: m.conversationField },
    // Twilio answers 404 for an unknown user, conversation, or a user who is not a member.
    blame: { NOT_FOUND: m.conversationField },
  });
  return membershipFromWrite(ctx, result, m);
}

export async function markConversationRead(ctx: GraphContext, input: MarkConversationReadInput) {
  const check = new InputCheck();
  const index = check.integer(input.lastReadMessageIndex, ['lastReadMessageIndex'], 0);
  const timestamp = check.date(input.lastReadTimestamp, ['lastReadTimestamp']);
  const m = await resolveMembership(ctx, check, input);
  check.done();
  if (m === undefined) throw new TypeError('A membership without input problems must resolve');
  const lastRead = index ?? (await newestIndex(ctx, m));
  return updateMembership(ctx, m, {
    LastReadMessageIndex: lastRead,
    LastReadTimestamp: timestamp,
  });
}

export async function updateConversationMembership(
  ctx: GraphContext,
  input: UpdateConversationMembershipInput,
) {
  const check = new InputCheck();
  const index = check.integer(input.lastReadMessageIndex, ['lastReadMessageIndex'], 0);
  const timestamp = check.date(input.lastReadTimestamp, ['lastReadTimestamp']);
  const m = await resolveMembership(ctx, check, input);
  check.done();
  if (m === undefined) throw new TypeError('A membership without input problems must resolve');
  return updateMembership(ctx, m, {
    NotificationLevel:
      input.notificationLevel == null ? undefined : toWire(input.notificationLevel),
    LastReadMessageIndex: index,
    LastReadTimestamp: timestamp,
  });
}

export async function leaveConversation(ctx: GraphContext, input: LeaveConversationInput) {
  const check = new InputCheck();
  const m = await resolveMembership(ctx, check, input);
  check.done();
  if (m === undefined) throw new TypeError('A membership without input problems must resolve');
  await sendWrite(ctx, {
    family: 'membership.delete',
    params: {
      ChatServiceSid: m.serviceSid,
      UserSid: m.userRef,
      ConversationSid: m.conversationSid,
    },
    fields: { ...FIELDS, UserSid: m.userField, ConversationSid: m.conversationField },
    webhookEnabled: input.webhookEnabled,
    blame: { NOT_FOUND: m.conversationField },
  });
  ctx.loaders.participant.clearAll();
  ctx.loaders.channel.clearView();
  return { leftConversationId: encodeId('Conversation', [m.serviceSid, m.conversationSid]) };
}
