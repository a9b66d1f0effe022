import type { Role, RoleType, Service } from '../../store/entities.js';
import { role as render } from '../render/roles.js';
import type { Request } from '../request.js';
import { created, deleted, list, ok } from '../results.js';
import type { HandlerTable } from '../results.js';
import { bothConversationForms, prefixed } from './shared.js';

/** Conversations names Chat's role types differently: conversation = channel, service = deployment. */
function storedType(type: string | undefined): RoleType {
  return type === 'channel' || type === 'conversation' ? 'channel' : 'deployment';
}

function roleOf(r: Request, service: Service): Role {
  const role = r.store.roles.find(service.sid, r.path('Sid'));
  if (!role) throw r.notFound();
  return role;
}

const table: HandlerTable = {
  ListRole: (r) => list(r.store.roles.of(r.service().sid), (role) => render(r, role)),
  CreateRole: (r) => {
    const service = r.service();
    const now = r.store.now();
    const role = r.store.roles.create({
      serviceSid: service.sid,
      friendlyName: r.str('FriendlyName') ?? '',
      type: storedType(r.str('Type')),
      permissions: r.list('Permission'),
      dateCreated: now,
      dateUpdated: now,
    });
    return created(render(r, role));
  },
  FetchRole: (r) => ok(render(r, roleOf(r, r.service()))),
  UpdateRole: (r) => {
    const role = roleOf(r, r.service());
    // An update replaces the whole permission list.
    role.permissions = r.list('Permission');
    role.dateUpdated = r.store.now();
    return ok(render(r, role));
  },
  DeleteRole: (r) => {
    r.store.roles.delete(roleOf(r, r.service()));
    return deleted;
  },
};

export const roleHandlers: HandlerTable = {
  ...prefixed('chat.v1.', table),
  ...prefixed('chat.v2.', table),
  ...bothConversationForms(table),
};
