/**
 * Push bindings of a service's users.
 */
import { asWireRecord, str, strings } from '../wire.js';
import { type Dated, dates, type Scope, serviceOf, sidOf } from './common.js';

export interface BindingRecord extends Dated {
  readonly serviceSid: string;
  readonly sid: string;
  readonly identity: string | null;
  readonly endpoint: string | null;
  readonly credentialSid: string | null;
  readonly bindingType: string | null;
  readonly messageTypes: string[];
}

export function toBinding(data: unknown, scope: Scope = {}): BindingRecord {
  const w = asWireRecord(data, 'binding');
  return {
    serviceSid: serviceOf(w, scope),
    sid: sidOf(w),
    identity: str(w, 'identity'),
    endpoint: str(w, 'endpoint'),
    credentialSid: str(w, 'credential_sid'),
    bindingType: str(w, 'binding_type'),
    messageTypes: strings(w, 'message_types') ?? [],
    ...dates(w),
  };
}
