/**
 * Chat invitations (no Conversations equivalent).
 */
import { asWireRecord, str } from '../wire.js';
import { conversationChildKeys, type Dated, dates, type Scope } from './common.js';

export interface InviteRecord extends Dated {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly sid: string;
  readonly identity: string | null;
  readonly roleSid: string | null;
  readonly createdBy: string | null;
}

export function toInvite(data: unknown, scope: Scope = {}): InviteRecord {
  const w = asWireRecord(data, 'invite');
  return {
    ...conversationChildKeys(w, scope),
    identity: str(w, 'identity'),
    roleSid: str(w, 'role_sid'),
    createdBy: str(w, 'created_by'),
    ...dates(w),
  };
}
