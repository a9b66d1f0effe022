/**
 * Conversation-scoped webhooks (Chat: channel webhooks).
 */
import { asWireRecord, int, obj, str, strings, strOf } from '../wire.js';
import { conversationChildKeys, type Dated, dates, type Scope } from './common.js';

export interface WebhookConfigurationRecord {
  readonly url: string | null;
  readonly method: string | null;
  readonly filters: string[] | null;
  readonly triggers: string[] | null;
  readonly flowSid: string | null;
  readonly replayAfter: number | null;
}

export interface WebhookRecord extends Dated {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly sid: string;
  readonly target: string | null;
  readonly configuration: WebhookConfigurationRecord | null;
}

export function toWebhook(data: unknown, scope: Scope = {}): WebhookRecord {
  const w = asWireRecord(data, 'webhook');
  const c = obj(w, 'configuration');
  return {
    ...conversationChildKeys(w, scope),
    target: strOf(w, 'target', 'type'),
    configuration: c
      ? {
          url: str(c, 'url'),
          method: str(c, 'method')?.toUpperCase() ?? null,
          filters: strings(c, 'filters'),
          triggers: strings(c, 'triggers'),
          flowSid: str(c, 'flow_sid'),
          replayAfter: int(c, 'replay_after'),
        }
      : null,
    ...dates(w),
  };
}
