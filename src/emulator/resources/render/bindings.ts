/** Chat v2 (service and user) and Conversations renderings of a push binding (BS). */
import type { WireRecord } from '../../contract.js';
import type { Binding, User } from '../../store/entities.js';
import type { Store } from '../../store/store.js';
import { isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';
import { serviceUrl, userUrl } from './urls.js';

export function chatBinding(r: Request, store: Store, b: Binding): WireRecord {
  const user = store.users.find(b.serviceSid, b.identity);
  return {
    sid: b.sid,
    account_sid: r.accountSid,
    service_sid: b.serviceSid,
    date_created: isoSeconds(b.dateCreated),
    date_updated: isoSeconds(b.dateUpdated),
    endpoint: b.endpoint,
    identity: b.identity,
    credential_sid: b.credentialSid,
    binding_type: b.bindingType,
    message_types: b.messageTypes,
    url: `${serviceUrl(r, b.serviceSid)}/Bindings/${b.sid}`,
    links: { user: `${serviceUrl(r, b.serviceSid)}/Users/${user?.sid ?? b.identity}` },
  };
}

export function chatUserBinding(r: Request, user: User, b: Binding): WireRecord {
  return {
    sid: b.sid,
    account_sid: r.accountSid,
    service_sid: b.serviceSid,
    date_created: isoSeconds(b.dateCreated),
    date_updated: isoSeconds(b.dateUpdated),
    endpoint: b.endpoint,
    identity: b.identity,
    user_sid: user.sid,
    credential_sid: b.credentialSid,
    binding_type: b.bindingType,
    message_types: b.messageTypes,
    url: `${userUrl(r, user)}/Bindings/${b.sid}`,
  };
}

export function serviceBinding(r: Request, b: Binding): WireRecord {
  return {
    sid: b.sid,
    account_sid: r.accountSid,
    chat_service_sid: b.serviceSid,
    credential_sid: b.credentialSid,
    date_created: isoSeconds(b.dateCreated),
    date_updated: isoSeconds(b.dateUpdated),
    endpoint: b.endpoint,
    identity: b.identity,
    binding_type: b.bindingType,
    message_types: b.messageTypes.flatMap((t) =>
      t === 'invited_to_channel' ? [] : [t.replace('_channel', '_conversation')],
    ),
    url: `${r.base}/Services/${b.serviceSid}/Bindings/${b.sid}`,
  };
}
