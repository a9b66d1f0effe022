/**
 * Chat invitations (no Conversations equivalent): create and delete, through Chat v2 by default.
 */
import type { CreateInviteInput, DeleteInviteInput } from '../../generated/graphql.js';
import { toInvite } from '../../loaders/records.js';
import type { GraphContext } from '../context.js';
import { encodeId } from '../ids.js';
import { InputCheck } from './checks.js';
import { LIMITS } from './limits.js';
import { createdEdge } from './payloads.js';
import { resolveTarget } from './targets.js';
import type { FieldPath } from './user-errors.js';
import { sendWrite } from './write.js';

const FIELDS: Readonly<Record<string, FieldPath>> = {
  ChatServiceSid: ['serviceSid'],
  ConversationSid: ['conversationSid'],
  Sid: ['sid'],
  Identity: ['identity'],
  RoleSid: ['roleSid'],
};

export async function createInvite(ctx: GraphContext, input: CreateInviteInput) {
  const check = new InputCheck();
  const identity = check.text(input.identity, ['identity'], LIMITS.identityChars);
  const roleSid = check.sid(input.roleSid, 'RL', ['roleSid']);
  const conversationField: FieldPath =
    input.conversationId != null ? ['conversationId'] : ['conversationSid'];
  const target = await resolveTarget(ctx, check, 'Conversation', {
    idField: ['conversationId'],
    id: input.conversationId,
    serviceSid: input.serviceSid,
    segments: [{ field: ['conversationSid'], value: input.conversationSid, prefix: 'CH' }],
  });
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
  return { invite: record, inviteEdge: createdEdge(list, record.sid, record, record) };
}

export async function deleteInvite(ctx: GraphContext, input: DeleteInviteInput) {
  const check = new InputCheck();
  const target = await resolveTarget(ctx, check, 'Invite', {
    idField: ['id'],
    id: input.id,
    serviceSid: input.serviceSid,
    segments: [
      { field: ['conversationSid'], value: input.conversationSid, prefix: 'CH' },
      { field: ['sid'], value: input.sid, prefix: 'IN' },
    ],
  });
  check.done();
  const [serviceSid = '', conversationSid = '', sid = ''] = target ?? [];
  const blamed: FieldPath = input.id != null ? ['id'] : ['sid'];
  await sendWrite(ctx, {
    family: 'invite.delete',
    params: { ChatServiceSid: serviceSid, ConversationSid: conversationSid, Sid: sid },
    fields: { ...FIELDS, Sid: blamed },
    blame: { NOT_FOUND: blamed },
  });
  ctx.loaders.invite.clearAll();
  return { deletedInviteId: encodeId('Invite', [serviceSid, conversationSid, sid]) };
}
