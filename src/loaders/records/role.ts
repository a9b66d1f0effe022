/**
 * Roles of a service (the type words are Twilio's; the graph maps Chat's to its one enum).
 */
import { asWireRecord, str, strings } from '../wire.js';
import { type Dated, dates, type Scope, serviceOf, sidOf } from './common.js';

export interface RoleRecord extends Dated {
  readonly serviceSid: string;
  readonly sid: string;
  readonly friendlyName: string | null;
  readonly type: string | null;
  readonly permissions: string[];
}

export function toRole(data: unknown, scope: Scope = {}): RoleRecord {
  const w = asWireRecord(data, 'role');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    friendlyName: str(w, 'friendly_name'),
    type: str(w, 'type'),
    permissions: strings(w, 'permissions') ?? [],
    ...dates(w),
  };
}
