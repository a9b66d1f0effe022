import type { Channel, ChannelWebhook } from '../../store/entities.js';
import { ErrorCode, twilioError } from '../../codes.js';
import { byCreation } from '../../store/collection.js';
import { webhook as render } from '../render/webhooks.js';
import type { Request } from '../request.js';
import { created, deleted, list, ok } from '../results.js';
import type { HandlerTable } from '../results.js';
import { bothConversationForms, prefixed } from './shared.js';

/** Twilio allows at most five webhooks per channel / conversation. */
const MAX_WEBHOOKS = 5;

function channelOf(r: Request): Channel {
  const service = r.service();
  return r.channel(service, r.path(r.isConversations ? 'ConversationSid' : 'ChannelSid'));
}

function webhookOf(r: Request, channel: Channel): ChannelWebhook {
  const webhook = channel.webhooks.get(r.path('Sid'));
  if (!webhook) throw r.notFound();
  return webhook;
}

type WebhookSettings = Omit<ChannelWebhook, 'sid' | 'channelSid' | 'serviceSid'>;

function applyConfiguration(r: Request, w: WebhookSettings): void {
  if (r.has('Configuration.Url')) w.url = r.nullable('Configuration.Url') ?? null;
  w.method = r.str('Configuration.Method')?.toUpperCase() ?? w.method;
  if (r.has('Configuration.Filters')) w.filters = r.list('Configuration.Filters');
  if (r.has('Configuration.Triggers')) w.triggers = r.list('Configuration.Triggers');
  if (r.has('Configuration.FlowSid')) w.flowSid = r.nullable('Configuration.FlowSid') ?? null;
  w.retryCount = r.int('Configuration.RetryCount') ?? w.retryCount;
  w.replayAfter = r.int('Configuration.ReplayAfter') ?? w.replayAfter;
}

function checkTarget(w: WebhookSettings): void {
  if ((w.target === 'webhook' || w.target === 'trigger') && w.url === null) {
    throw twilioError(
      ErrorCode.invalidParameter,
      `Configuration.Url is required for a ${w.target} webhook`,
    );
  }
  if (w.target === 'studio' && w.flowSid === null) {
    throw twilioError(
      ErrorCode.invalidParameter,
      'Configuration.FlowSid is required for a studio webhook',
    );
  }
}

const table = (names: {
  list: string;
  create: string;
  fetch: string;
  update: string;
  del: string;
}): HandlerTable => ({
  [names.list]: (r) => {
    const channel = channelOf(r);
    return list(byCreation([...channel.webhooks.values()]), (w) => render(r, w));
  },
  [names.create]: (r) => {
    const channel = channelOf(r);
    if (channel.webhooks.size >= MAX_WEBHOOKS) {
      throw r.isConversations
        ? twilioError(
            ErrorCode.conversationWebhooksLimit,
            `A conversation can have at most ${MAX_WEBHOOKS} webhooks`,
          )
        : twilioError(
            ErrorCode.channelWebhooksLimit,
            `A channel can have at most ${MAX_WEBHOOKS} webhooks`,
          );
    }
    const now = r.store.now();
    const draft: WebhookSettings = {
      target: (r.str(r.isConversations ? 'Target' : 'Type') ??
        'webhook') as ChannelWebhook['target'],
      url: null,
      method: 'POST',
      filters: [],
      triggers: [],
      flowSid: null,
      retryCount: 0,
      replayAfter: null,
      dateCreated: now,
      dateUpdated: now,
    };
    applyConfiguration(r, draft);
    checkTarget(draft);
    return created(render(r, r.store.addWebhook(channel, draft)));
  },
  [names.fetch]: (r) => ok(render(r, webhookOf(r, channelOf(r)))),
  [names.update]: (r) => {
    const webhook = webhookOf(r, channelOf(r));
    applyConfiguration(r, webhook);
    checkTarget(webhook);
    webhook.dateUpdated = r.store.now();
    return ok(render(r, webhook));
  },
  [names.del]: (r) => {
    const channel = channelOf(r);
    r.store.deleteWebhook(channel, webhookOf(r, channel));
    return deleted;
  },
});

export const webhookHandlers: HandlerTable = {
  ...prefixed(
    'chat.v2.',
    table({
      list: 'ListChannelWebhook',
      create: 'CreateChannelWebhook',
      fetch: 'FetchChannelWebhook',
      update: 'UpdateChannelWebhook',
      del: 'DeleteChannelWebhook',
    }),
  ),
  ...bothConversationForms(
    table({
      list: 'ListConversationScopedWebhook',
      create: 'CreateConversationScopedWebhook',
      fetch: 'FetchConversationScopedWebhook',
      update: 'UpdateConversationScopedWebhook',
      del: 'DeleteConversationScopedWebhook',
    }),
  ),
};
