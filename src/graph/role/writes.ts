/**
 * Role writes. A role has one type enum in the graph (CONVERSATION / SERVICE); Chat routes
 * spell the same types `channel` / `deployment`, which the loaders derive from the chosen
 * operation's enum. Each helper takes an optional API: the graph leaves the choice to the
 * router; the seam lets the tests drive every route of the table.
 */
import type { CreateRoleInput, DeleteRoleInput, UpdateRoleInput } from '../../generated/graphql.js';
import { toRole, type RoleRecord, type WriteApi } from '../../loaders/index.js';
import type { GraphContext } from '../context.js';
import { toWire } from '../enums.js';
import { encodeId } from '../ids.js';
import { InputCheck } from '../mutation/checks.js';
import { LIMITS } from '../mutation/limits.js';
import { createdEdge } from '../mutation/payloads.js';
import { resolveTarget, serviceChildRef, serviceOf, targetField } from '../mutation/targets.js';
import type { FieldPath } from '../mutation/user-errors.js';
import { sendWrite, type WriteResult } from '../mutation/write.js';

const FIELDS: Readonly<Record<string, FieldPath>> = {
  ChatServiceSid: ['serviceSid'],
  Sid: ['sid'],
  FriendlyName: ['friendlyName'],
  Type: ['type'],
  Permission: ['permissions'],
};

const PERMISSION = /^[A-Za-z]+$/;

/** Permission names: at least one, each a name made of letters, none twice. */
function permissions(check: InputCheck, values: readonly string[]): string[] | undefined {
  if (values.length === 0) {
    return check.add(['permissions'], 'REQUIRED', 'Give at least one permission.');
  }
  const seen = new Set<string>();
  let ok = true;
  values.forEach((value, index) => {
    const field = ['permissions', String(index)];
    if (!PERMISSION.test(value)) {
      ok = false;
      check.add(field, 'INVALID', `\`${value}\` is not a permission name (letters only).`);
    } else if (seen.has(value)) {
      ok = false;
      check.add(field, 'INVALID', `\`${value}\` is listed twice.`);
    }
    seen.add(value);
  });
  return ok ? [...values] : undefined;
}

/** The role as the write answered it; everything else cached of roles is dropped. */
function roleFromWrite(ctx: GraphContext, result: WriteResult, serviceSid: string): RoleRecord {
  const role = toRole(result.data, { serviceSid });
  ctx.loaders.role.replace(role);
  return role;
}

export async function createRole(ctx: GraphContext, input: CreateRoleInput, api?: WriteApi) {
  const check = new InputCheck();
  const serviceSid = (await serviceOf(ctx, check, input.serviceSid)) ?? '';
  const friendlyName = check.text(input.friendlyName, ['friendlyName'], LIMITS.adminNameChars);
  const permission = permissions(check, input.permissions);
  check.done();
  const result = await sendWrite(ctx, {
    family: 'role.create',
    ...(api ? { api } : {}),
    params: {
      ChatServiceSid: serviceSid,
      FriendlyName: friendlyName,
      // Chat's words for the same types (channel, deployment) come from the route's enum.
      Type: toWire(input.type),
      Permission: permission,
    },
    fields: FIELDS,
    blame: { NOT_FOUND: ['serviceSid'], ALREADY_EXISTS: ['friendlyName'] },
  });
  const role = roleFromWrite(ctx, result, serviceSid);
  const list = ctx.loaders.lists.roles(serviceSid);
  return { role, roleEdge: await createdEdge(list, role.sid, role, role) };
}

export async function updateRole(ctx: GraphContext, input: UpdateRoleInput, api?: WriteApi) {
  const check = new InputCheck();
  const target = await resolveTarget(ctx, check, 'Role', serviceChildRef(input, 'RL'));
  const permission = permissions(check, input.permissions);
  check.done();
  const [serviceSid = '', sid = ''] = target ?? [];
  const result = await sendWrite(ctx, {
    family: 'role.update',
    ...(api ? { api } : {}),
    params: { ChatServiceSid: serviceSid, Sid: sid, Permission: permission },
    fields: { ...FIELDS, Sid: targetField(input) },
    blame: { NOT_FOUND: targetField(input) },
  });
  return { role: roleFromWrite(ctx, result, serviceSid) };
}

export async function deleteRole(ctx: GraphContext, input: DeleteRoleInput, api?: WriteApi) {
  const check = new InputCheck();
  const target = await resolveTarget(ctx, check, 'Role', serviceChildRef(input, 'RL'));
  check.done();
  const [serviceSid = '', sid = ''] = target ?? [];
  await sendWrite(ctx, {
    family: 'role.delete',
    ...(api ? { api } : {}),
    params: { ChatServiceSid: serviceSid, Sid: sid },
    fields: { ...FIELDS, Sid: targetField(input) },
    blame: { NOT_FOUND: targetField(input) },
  });
  ctx.loaders.role.clearAll();
  return { deletedRoleId: encodeId('Role', [serviceSid, sid]) };
}
