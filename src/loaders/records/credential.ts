/**
 * Push credentials (account-level in every API).
 */
import { asWireRecord, bool, str } from '../wire.js';
import { type Dated, dates, sidOf } from './common.js';

export interface CredentialRecord extends Dated {
  readonly sid: string;
  readonly friendlyName: string | null;
  readonly type: string | null;
  readonly sandbox: boolean | null;
}

export function toCredential(data: unknown): CredentialRecord {
  const w = asWireRecord(data, 'credential');
  return {
    sid: sidOf(w),
    friendlyName: str(w, 'friendly_name'),
    type: str(w, 'type'),
    sandbox: bool(w, 'sandbox'),
    ...dates(w),
  };
}
