/** Chat and Conversations renderings of a role (RL); Conversations renames the role types. */
import type { WireRecord } from '../../contract.js';
import type { Role } from '../../store/entities.js';
import { isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';
import { conversationsRoot, serviceUrl } from './urls.js';

export function roleType(type: Role['type']): 'conversation' | 'service' {
  return type === 'channel' ? 'conversation' : 'service';
}

export function chatRole(r: Request, role: Role): WireRecord {
  return {
    sid: role.sid,
    account_sid: r.accountSid,
    service_sid: role.serviceSid,
    friendly_name: role.friendlyName,
    type: role.type,
    permissions: role.permissions,
    date_created: isoSeconds(role.dateCreated),
    date_updated: isoSeconds(role.dateUpdated),
    url: `${serviceUrl(r, role.serviceSid)}/Roles/${role.sid}`,
  };
}

export function conversationsRole(r: Request, role: Role): WireRecord {
  return {
    sid: role.sid,
    account_sid: r.accountSid,
    chat_service_sid: role.serviceSid,
    friendly_name: role.friendlyName,
    type: roleType(role.type),
    permissions: role.permissions,
    date_created: isoSeconds(role.dateCreated),
    date_updated: isoSeconds(role.dateUpdated),
    url: `${conversationsRoot(r, role.serviceSid)}/Roles/${role.sid}`,
  };
}

/** The role in the dialect of the API called. */
export function role(r: Request, record: Role): WireRecord {
  return r.isConversations ? conversationsRole(r, record) : chatRole(r, record);
}
