/**
 * Chat invitations (no Conversations equivalent): create and delete, through Chat v2 by default.
 */
import type { CreateInviteInput, DeleteInviteInput } from '../../generated/graphql.js';
import { toInvite } from '../../loaders/index.js';
import type { GraphContext } from '../context.js';
import { encodeId } from '../ids.js';
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
import { sendWrite } from '../mutation/write.js';

const FIELDS: Readonly<Record<string, FieldPath>> = {
  ...CONVERSATION_CHILD_FIELDS,
  Identity: ['identity'],
  RoleSid: ['roleSid'],
};

export async function createInvite(ctx: GraphContext, input: CreateInviteInput) {
  const check = new InputCheck();
  const identity = check.text(input.identity, ['identity'], LIMITS.identityChars);
  const roleSid = check.sid(input.roleSid, 'RL', ['roleSid']);
  const conversationField = parentConversationField(input);
  const target = await resolveTarget(ctx, check, 'Conversation', parentConversationRef(input));
  check.done();
  const [serviceSid = '', conversationSid = ''] = target ?? [];
  const result = await sendWrite(ctx, {
    family: 'invite.create',
    params: {
      ChatServiceSid: serviceSid,
      ConversationSid: conversationSid,
      Identity: identity,
      RoleSid: roleSid,
    },
    fields: { ...FIELDS, ConversationSid: conversationField },
    blame: { NOT_FOUND: conversationField, ALREADY_EXISTS: ['identity'] },
  });
  const record = toInvite(result.data, { serviceSid, conversationSid });
  ctx.loaders.invite.replace(record);
  const list = ctx.loaders.lists.invites(serviceSid, conversationSid, []);
  return { invite: record, inviteEdge: await createdEdge(list, record.sid, record, record) };
}

export async function deleteInvite(ctx: GraphContext, input: DeleteInviteInput) {
  const check = new InputCheck();
  const target = await resolveTarget(ctx, check, 'Invite', conversationChildRef(input, 'IN'));
  check.done();
  const [serviceSid = '', conversationSid = '', sid = ''] = target ?? [];
  const blamed = targetField(input);
  await sendWrite(ctx, {
    family: 'invite.delete',
    params: { ChatServiceSid: serviceSid, ConversationSid: conversationSid, Sid: sid },
    fields: { ...FIELDS, Sid: blamed },
    blame: { NOT_FOUND: blamed },
  });
  ctx.loaders.invite.clearAll();
  return { deletedInviteId: encodeId('Invite', [serviceSid, conversationSid, sid]) };
}
