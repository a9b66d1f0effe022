/**
 * User writes: create, update, delete. A user may be named by global id, SID or identity
 * (Twilio's user paths take either); a delete by identity first looks the user up, since the
 * payload returns the deleted user's id and Twilio's 204 carries no body.
 */
import type { CreateUserInput, DeleteUserInput, UpdateUserInput } from '../../generated/graphql.js';
import { toUser } from '../../loaders/index.js';
import type { GraphContext } from '../context.js';
import { encodeId } from '../ids.js';
import { InputCheck, isSid } from '../mutation/checks.js';
import { LIMITS } from '../mutation/limits.js';
import { createdEdge } from '../mutation/payloads.js';
import { resolveTarget, serviceOf, type TargetRef } from '../mutation/targets.js';
import { userError, UserErrors, type FieldPath } from '../mutation/user-errors.js';
import { sendWrite } from '../mutation/write.js';

const FIELDS: Readonly<Record<string, FieldPath>> = {
  ChatServiceSid: ['serviceSid'],
  Sid: ['sid'],
  Identity: ['identity'],
  FriendlyName: ['friendlyName'],
  Attributes: ['attributes'],
  RoleSid: ['roleSid'],
};

const BLAME_CODES: Readonly<Record<number, FieldPath>> = {
  50201: ['identity'],
  50206: ['identity'],
};

interface UserSettings {
  readonly friendlyName?: string | null;
  readonly attributes?: unknown;
  readonly roleSid?: string | null;
}

function settings(check: InputCheck, input: UserSettings) {
  return {
    FriendlyName: check.text(input.friendlyName, ['friendlyName'], LIMITS.nameChars),
    Attributes: check.attributes(input.attributes, ['attributes'], LIMITS.userAttributesBytes),
    RoleSid: check.sid(input.roleSid, 'RL', ['roleSid']),
  };
}

export async function createUser(ctx: GraphContext, input: CreateUserInput) {
  const check = new InputCheck();
  const params = settings(check, input);
  const identity = check.text(input.identity, ['identity'], LIMITS.identityChars);
  if (identity !== undefined && isSid(identity, 'US')) {
    check.add(['identity'], 'INVALID', '`identity` must not look like a user SID.');
  }
  const serviceSid = await serviceOf(ctx, check, input.serviceSid);
  check.done();
  const result = await sendWrite(ctx, {
    family: 'user.create',
    params: { ChatServiceSid: serviceSid, Identity: identity, ...params },
    fields: FIELDS,
    webhookEnabled: input.webhookEnabled,
    blame: { NOT_FOUND: ['serviceSid'], ALREADY_EXISTS: ['identity'] },
    blameTwilioCode: BLAME_CODES,
  });
  const record = toUser(result.data, { serviceSid: serviceSid ?? '' });
  ctx.loaders.user.replace(record);
  const list = ctx.loaders.lists.users(record.serviceSid);
  return { user: record, userEdge: await createdEdge(list, record.sid, record, record) };
}

interface UserNaming {
  readonly id?: string | null;
  readonly serviceSid?: string | null;
  readonly sid?: string | null;
  readonly identity?: string | null;
}

/** `sid` or `identity` fill the same path segment; at most one of them may be given. */
export function userRef(check: InputCheck, input: UserNaming): TargetRef {
  check.atMostOne([
    [['sid'], input.sid],
    [['identity'], input.identity],
  ]);
  const byIdentity = input.sid == null && input.identity != null;
  return {
    idField: ['id'],
    id: input.id,
    serviceSid: input.serviceSid,
    segments: [
      {
        field: byIdentity ? ['identity'] : ['sid'],
        value: input.sid ?? input.identity,
        prefix: 'US',
        natural: byIdentity,
      },
    ],
  };
}

const targetField = (input: UserNaming): FieldPath =>
  input.id != null ? ['id'] : input.sid == null && input.identity != null ? ['identity'] : ['sid'];

export async function updateUser(ctx: GraphContext, input: UpdateUserInput) {
  const check = new InputCheck();
  const params = settings(check, input);
  const target = await resolveTarget(ctx, check, 'User', userRef(check, input));
  check.done();
  const [serviceSid = '', sid = ''] = target ?? [];
  const result = await sendWrite(ctx, {
    family: 'user.update',
    params: { ChatServiceSid: serviceSid, Sid: sid, ...params },
    fields: { ...FIELDS, Sid: targetField(input) },
    webhookEnabled: input.webhookEnabled,
    blame: { NOT_FOUND: targetField(input) },
  });
  const record = toUser(result.data, { serviceSid });
  ctx.loaders.user.replace(record);
  return { user: record };
}

export async function deleteUser(ctx: GraphContext, input: DeleteUserInput) {
  const check = new InputCheck();
  const target = await resolveTarget(ctx, check, 'User', userRef(check, input));
  check.done();
  const [serviceSid = '', ref = ''] = target ?? [];
  let sid = ref;
  if (!isSid(ref, 'US')) {
    const user = await ctx.loaders.user.load([serviceSid, ref]);
    if (user === null) {
      throw new UserErrors([
        userError(targetField(input), 'NOT_FOUND', 'No user has this identity.', 20404),
      ]);
    }
    sid = user.sid;
  }
  await sendWrite(ctx, {
    family: 'user.delete',
    params: { ChatServiceSid: serviceSid, Sid: sid },
    fields: { ...FIELDS, Sid: targetField(input) },
    webhookEnabled: input.webhookEnabled,
    blame: { NOT_FOUND: targetField(input) },
  });
  ctx.loaders.user.clearAll();
  ctx.loaders.participant.clearAll();
  return { deletedUserId: encodeId('User', [serviceSid, sid]) };
}
