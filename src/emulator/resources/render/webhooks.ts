/**
 * Chat v2 channel webhook and Conversations conversation-scoped webhook renderings of one
 * webhook record (WH).
 */
import type { WireRecord } from '../../contract.js';
import type { ChannelWebhook } from '../../store/entities.js';
import { isoSeconds } from '../../store/time.js';
import type { Request } from '../request.js';
import { channelUrl, conversationUrl, scoped } from './urls.js';

/** The settings both APIs render alike; Chat upper-cases the method, Conversations lower-cases it. */
function configurationOf(w: ChannelWebhook, method: string): Record<string, unknown> {
  const configuration: Record<string, unknown> = {};
  if (w.url !== null) configuration.url = w.url;
  configuration.method = method;
  if (w.filters.length > 0) configuration.filters = w.filters;
  if (w.triggers.length > 0) configuration.triggers = w.triggers;
  if (w.flowSid !== null) configuration.flow_sid = w.flowSid;
  return configuration;
}

export function chatWebhook(r: Request, w: ChannelWebhook): WireRecord {
  const configuration = configurationOf(w, w.method.toUpperCase());
  configuration.retry_count = w.retryCount;
  return {
    sid: w.sid,
    account_sid: r.accountSid,
    service_sid: w.serviceSid,
    channel_sid: w.channelSid,
    type: w.target,
    url: `${channelUrl(r, { serviceSid: w.serviceSid, sid: w.channelSid })}/Webhooks/${w.sid}`,
    configuration,
    date_created: isoSeconds(w.dateCreated),
    date_updated: isoSeconds(w.dateUpdated),
  };
}

export function scopedWebhook(r: Request, w: ChannelWebhook): WireRecord {
  const configuration = configurationOf(w, w.method.toLowerCase());
  if (w.replayAfter !== null) configuration.replay_after = w.replayAfter;
  return {
    sid: w.sid,
    account_sid: r.accountSid,
    ...scoped(r, w.serviceSid),
    conversation_sid: w.channelSid,
    target: w.target,
    url: `${conversationUrl(r, w.serviceSid, w.channelSid)}/Webhooks/${w.sid}`,
    configuration,
    date_created: isoSeconds(w.dateCreated),
    date_updated: isoSeconds(w.dateUpdated),
  };
}

/** The webhook in the dialect of the API called. */
export function webhook(r: Request, w: ChannelWebhook): WireRecord {
  return r.isConversations ? scopedWebhook(r, w) : chatWebhook(r, w);
}
