/**
 * Binding deletes. No API creates bindings (client SDKs register them); Chat v2 can also
 * delete through the user's own path, which refuses a binding of another user.
 */
import type { DeleteBindingInput } from '../../generated/graphql.js';
import type { GraphContext } from '../context.js';
import { encodeId } from '../ids.js';
import { InputCheck, isSid } from '../mutation/checks.js';
import { LIMITS } from '../mutation/limits.js';
import { resolveTarget } from '../mutation/targets.js';
import type { WriteApi } from '../../loaders/index.js';
import type { FieldPath } from '../mutation/user-errors.js';
import { sendWrite } from '../mutation/write.js';

/** `api` picks another route of `binding.delete` (a user-path delete has only Chat v2). */
export async function deleteBinding(ctx: GraphContext, input: DeleteBindingInput, api?: WriteApi) {
  const check = new InputCheck();
  const target = await resolveTarget(ctx, check, 'Binding', {
    idField: ['id'],
    id: input.id,
    serviceSid: input.serviceSid,
    segments: [{ field: ['sid'], value: input.sid, prefix: 'BS' }],
  });
  // A user is named by SID or identity, as Chat's path takes either.
  const user =
    input.userSid == null || isSid(input.userSid, 'US')
      ? (input.userSid ?? undefined)
      : check.text(input.userSid, ['userSid'], LIMITS.identityChars);
  check.done();
  const [serviceSid = '', sid = ''] = target ?? [];
  const bindingField: FieldPath = input.id != null ? ['id'] : ['sid'];
  await sendWrite(ctx, {
    family: user === undefined ? 'binding.delete' : 'userBinding.delete',
    ...(api && user === undefined ? { api } : {}),
    params: { ChatServiceSid: serviceSid, Sid: sid, UserSid: user },
    fields: { ChatServiceSid: ['serviceSid'], Sid: bindingField, UserSid: ['userSid'] },
    blame: { NOT_FOUND: bindingField },
  });
  ctx.loaders.binding.clearAll();
  return { deletedBindingId: encodeId('Binding', [serviceSid, sid]) };
}
