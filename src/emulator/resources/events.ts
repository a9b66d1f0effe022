import type { Channel, Service } from '../store/entities.js';
import type { Request } from './request.js';

/** A post-event in each API's vocabulary (Chat `onMessageSent` = Conversations `onMessageAdded`). */
export interface DomainEvent {
  readonly chat: string;
  readonly conversations: string;
}

export const Events = {
  channelAdded: { chat: 'onChannelAdded', conversations: 'onConversationAdded' },
  channelUpdated: { chat: 'onChannelUpdated', conversations: 'onConversationUpdated' },
  channelRemoved: { chat: 'onChannelDestroyed', conversations: 'onConversationRemoved' },
  stateUpdated: { chat: 'onChannelUpdated', conversations: 'onConversationStateUpdated' },
  memberAdded: { chat: 'onMemberAdded', conversations: 'onParticipantAdded' },
  memberUpdated: { chat: 'onMemberUpdated', conversations: 'onParticipantUpdated' },
  memberRemoved: { chat: 'onMemberRemoved', conversations: 'onParticipantRemoved' },
  messageAdded: { chat: 'onMessageSent', conversations: 'onMessageAdded' },
  messageUpdated: { chat: 'onMessageUpdated', conversations: 'onMessageUpdated' },
  messageRemoved: { chat: 'onMessageRemoved', conversations: 'onMessageRemoved' },
  userAdded: { chat: 'onUserAdded', conversations: 'onUserAdded' },
  userUpdated: { chat: 'onUserUpdated', conversations: 'onUserUpdated' },
  userRemoved: { chat: 'onUserRemoved', conversations: 'onUserRemoved' },
} as const satisfies Record<string, DomainEvent>;

interface Target {
  readonly url: string;
  readonly method: string;
  readonly filters: readonly string[];
}

/**
 * Queues the post-event webhooks of a REST write. Twilio only fires them for REST calls that
 * carry `X-Twilio-Webhook-Enabled: true`. Targets: the service's post-event URL (for
 * Conversations, the account-level one when the service has none), Chat v1's per-event URLs
 * and the channel's own webhooks. An empty filter list lets every event through (an emulator convenience: Twilio
 * documents filters as the events that fire, so configure them to be exact).
 */
export function emit(
  r: Request,
  service: Service,
  event: DomainEvent,
  fields: Readonly<Record<string, string | number | null | undefined>>,
  channel?: Channel,
): void {
  if (!r.ctx.webhookEnabled) return;
  const conversations = r.isConversations;
  const name = conversations ? event.conversations : event.chat;
  const targets: Target[] = [];
  const account = r.store.account;
  if (service.postWebhookUrl !== null) {
    targets.push({
      url: service.postWebhookUrl,
      method: service.webhookMethod,
      filters: service.webhookFilters,
    });
  } else if (
    conversations &&
    account.postWebhookUrl !== null &&
    account.webhookTarget === 'webhook'
  ) {
    targets.push({
      url: account.postWebhookUrl,
      method: account.webhookMethod,
      filters: account.webhookFilters,
    });
  }
  // Chat v1 also keeps one URL per event (`Webhooks.OnMessageSent.Url`).
  const perEvent = conversations ? undefined : service.eventHooks.get(`O${name.slice(1)}`);
  if (perEvent?.url) {
    targets.push({ url: perEvent.url, method: perEvent.method ?? 'POST', filters: [] });
  }
  for (const hook of channel?.webhooks.values() ?? []) {
    if (hook.target === 'webhook' && hook.url !== null) {
      targets.push({ url: hook.url, method: hook.method, filters: hook.filters });
    }
  }
  if (targets.length === 0) return;
  const params: Record<string, string> = {
    EventType: name,
    AccountSid: r.accountSid,
    ...(conversations
      ? { ChatServiceSid: service.sid }
      : { ServiceSid: service.sid, InstanceSid: service.sid }),
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== null && value !== undefined) params[key] = String(value);
  }
  params.Source = 'API';
  params.RetryCount = '0';
  for (const target of targets) {
    if (target.filters.length > 0 && !target.filters.includes(name)) continue;
    r.env.webhooks.push({
      url: target.url,
      method: target.method.toUpperCase() === 'GET' ? 'GET' : 'POST',
      params: { ...params },
    });
  }
}
