import type { NotificationSetting, Service } from '../../store/entities.js';
import { chatV1ServiceHookEvents } from '../../../registry/index.js';
import { chatService, conversationsService } from '../render/services.js';
import type { Request } from '../request.js';
import { created, deleted, list, ok } from '../results.js';
import type { HandlerTable } from '../results.js';

function serviceBySid(r: Request): Service {
  const service = r.store.services.get(r.path('Sid'));
  if (!service) throw r.notFound();
  return service;
}

function allServices(r: Request): readonly Service[] {
  return r.store.services.of(r.accountSid);
}

function updateNotification(r: Request, prefix: string, setting: NotificationSetting): void {
  setting.enabled = r.bool(`${prefix}.Enabled`) ?? setting.enabled;
  setting.template = r.nullable(`${prefix}.Template`) ?? setting.template;
  setting.sound = r.nullable(`${prefix}.Sound`) ?? setting.sound;
}

/** Chat v1/v2 service update: the v2 field set plus v1's per-event hooks. */
function updateChatService(r: Request, s: Service): void {
  s.friendlyName = r.str('FriendlyName') ?? s.friendlyName;
  s.defaultServiceRoleSid = r.nullable('DefaultServiceRoleSid') ?? s.defaultServiceRoleSid;
  s.defaultChannelRoleSid = r.nullable('DefaultChannelRoleSid') ?? s.defaultChannelRoleSid;
  s.defaultChannelCreatorRoleSid =
    r.nullable('DefaultChannelCreatorRoleSid') ?? s.defaultChannelCreatorRoleSid;
  s.readStatusEnabled = r.bool('ReadStatusEnabled') ?? s.readStatusEnabled;
  s.reachabilityEnabled = r.bool('ReachabilityEnabled') ?? s.reachabilityEnabled;
  s.typingIndicatorTimeout = r.int('TypingIndicatorTimeout') ?? s.typingIndicatorTimeout;
  s.consumptionReportInterval = r.int('ConsumptionReportInterval') ?? s.consumptionReportInterval;
  const n = s.notifications;
  updateNotification(r, 'Notifications.NewMessage', n.newMessage);
  n.newMessage.badgeCountEnabled =
    r.bool('Notifications.NewMessage.BadgeCountEnabled') ?? n.newMessage.badgeCountEnabled;
  updateNotification(r, 'Notifications.AddedToChannel', n.addedToChannel);
  updateNotification(r, 'Notifications.RemovedFromChannel', n.removedFromChannel);
  updateNotification(r, 'Notifications.InvitedToChannel', n.invitedToChannel);
  n.logEnabled = r.bool('Notifications.LogEnabled') ?? n.logEnabled;
  s.preWebhookUrl = r.nullable('PreWebhookUrl') ?? s.preWebhookUrl;
  s.postWebhookUrl = r.nullable('PostWebhookUrl') ?? s.postWebhookUrl;
  s.webhookMethod = r.str('WebhookMethod')?.toUpperCase() ?? s.webhookMethod;
  if (r.has('WebhookFilters')) s.webhookFilters = r.list('WebhookFilters');
  s.limits.channelMembers = r.int('Limits.ChannelMembers') ?? s.limits.channelMembers;
  s.limits.userChannels = r.int('Limits.UserChannels') ?? s.limits.userChannels;
  s.media.compatibilityMessage =
    r.nullable('Media.CompatibilityMessage') ?? s.media.compatibilityMessage;
  s.preWebhookRetryCount = r.int('PreWebhookRetryCount') ?? s.preWebhookRetryCount;
  s.postWebhookRetryCount = r.int('PostWebhookRetryCount') ?? s.postWebhookRetryCount;
  for (const event of chatV1ServiceHookEvents) {
    const url = r.nullable(`Webhooks.${event}.Url`);
    const method = r.str(`Webhooks.${event}.Method`);
    if (url === undefined && method === undefined) continue;
    const hook = s.eventHooks.get(event) ?? { url: null, method: null };
    if (url !== undefined) hook.url = url;
    if (method !== undefined) hook.method = method.toUpperCase();
    s.eventHooks.set(event, hook);
  }
  s.dateUpdated = r.store.now();
}

function createService(r: Request): Service {
  return r.store.createService(r.str('FriendlyName') ?? '');
}

const chat: HandlerTable = {
  ListService: (r) => list(allServices(r), (s) => chatService(r, s)),
  CreateService: (r) => created(chatService(r, createService(r))),
  FetchService: (r) => ok(chatService(r, serviceBySid(r))),
  UpdateService: (r) => {
    const service = serviceBySid(r);
    updateChatService(r, service);
    return ok(chatService(r, service));
  },
  DeleteService: (r) => {
    r.store.deleteService(serviceBySid(r));
    return deleted;
  },
};

export const serviceHandlers: HandlerTable = {
  ...Object.fromEntries(Object.entries(chat).map(([name, h]) => [`chat.v1.${name}`, h])),
  ...Object.fromEntries(Object.entries(chat).map(([name, h]) => [`chat.v2.${name}`, h])),
  'conversations.v1.ListService': (r) => list(allServices(r), (s) => conversationsService(r, s)),
  'conversations.v1.CreateService': (r) => created(conversationsService(r, createService(r))),
  'conversations.v1.FetchService': (r) => ok(conversationsService(r, serviceBySid(r))),
  'conversations.v1.DeleteService': (r) => {
    r.store.deleteService(serviceBySid(r));
    return deleted;
  },
};
