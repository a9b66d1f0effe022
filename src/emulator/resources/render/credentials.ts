/** A push credential (CR): Chat and Conversations render it alike, under their own base URL. */
import type { WireRecord } from '../../contract.js';
import type { Credential } from '../../store/entities.js';
import { isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';

export function credential(r: Request, c: Credential): WireRecord {
  return {
    sid: c.sid,
    account_sid: r.accountSid,
    friendly_name: c.friendlyName,
    type: c.type,
    sandbox: c.sandbox,
    date_created: isoSeconds(c.dateCreated),
    date_updated: isoSeconds(c.dateUpdated),
    url: `${r.base}/Credentials/${c.sid}`,
  };
}
