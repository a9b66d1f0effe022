/** The Chat rendering of a channel invite (IN); Conversations has no invites. */
import type { WireRecord } from '../../contract.js';
import type { Invite } from '../../store/entities.js';
import { isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';
import { channelUrl } from './urls.js';

export function chatInvite(r: Request, i: Invite): WireRecord {
  return {
    sid: i.sid,
    account_sid: r.accountSid,
    channel_sid: i.channelSid,
    service_sid: i.serviceSid,
    identity: i.identity,
    date_created: isoSeconds(i.dateCreated),
    date_updated: isoSeconds(i.dateUpdated),
    role_sid: i.roleSid,
    created_by: i.createdBy,
    url: `${channelUrl(r, { serviceSid: i.serviceSid, sid: i.channelSid })}/Invites/${i.sid}`,
  };
}
