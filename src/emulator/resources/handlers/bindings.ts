import type { Binding, Service, User } from '../../store/entities.js';
import { chatBinding, chatUserBinding, serviceBinding } from '../render/bindings.js';
import type { Request } from '../request.js';
import { deleted, list, ok } from '../results.js';
import type { HandlerTable } from '../results.js';

// Push bindings are registered by client SDKs, so no API creates them: they come from seed data.

function filtered(r: Request, bindings: readonly Binding[]): Binding[] {
  const types = r.list('BindingType');
  const identities = r.list('Identity');
  return bindings.filter(
    (b) =>
      (types.length === 0 || types.includes(b.bindingType)) &&
      (identities.length === 0 || identities.includes(b.identity)),
  );
}

function bindingOf(r: Request, service: Service, user?: User): Binding {
  const binding = r.store.bindings.find(service.sid, r.path('Sid'));
  if (!binding || (user && binding.identity !== user.identity)) throw r.notFound();
  return binding;
}

function userOf(r: Request, service: Service): User {
  const user = r.store.users.find(service.sid, r.path('UserSid'));
  if (!user) throw r.notFound();
  return user;
}

export const bindingHandlers: HandlerTable = {
  'chat.v2.ListBinding': (r) => {
    const service = r.service();
    return list(filtered(r, r.store.bindings.of(service.sid)), (b) => chatBinding(r, r.store, b));
  },
  'chat.v2.FetchBinding': (r) => ok(chatBinding(r, r.store, bindingOf(r, r.service()))),
  'chat.v2.DeleteBinding': (r) => {
    r.store.bindings.delete(bindingOf(r, r.service()));
    return deleted;
  },
  'chat.v2.ListUserBinding': (r) => {
    const service = r.service();
    const user = userOf(r, service);
    const own = r.store.bindings.of(service.sid).filter((b) => b.identity === user.identity);
    return list(filtered(r, own), (b) => chatUserBinding(r, user, b));
  },
  'chat.v2.FetchUserBinding': (r) => {
    const service = r.service();
    const user = userOf(r, service);
    return ok(chatUserBinding(r, user, bindingOf(r, service, user)));
  },
  'chat.v2.DeleteUserBinding': (r) => {
    const service = r.service();
    r.store.bindings.delete(bindingOf(r, service, userOf(r, service)));
    return deleted;
  },
  'conversations.v1.ListServiceBinding': (r) => {
    const service = r.service();
    return list(filtered(r, r.store.bindings.of(service.sid)), (b) => serviceBinding(r, b));
  },
  'conversations.v1.FetchServiceBinding': (r) => ok(serviceBinding(r, bindingOf(r, r.service()))),
  'conversations.v1.DeleteServiceBinding': (r) => {
    r.store.bindings.delete(bindingOf(r, r.service()));
    return deleted;
  },
};
