import type { AddressConfiguration, NotificationSetting } from '../../store/entities.js';
import { ErrorCode, twilioError } from '../../codes.js';
import { parseIsoDuration } from '../../store/time.js';
import {
  accountConfiguration,
  accountWebhooks,
  addressConfiguration,
  serviceConfiguration,
  serviceNotifications,
  serviceWebhooks,
} from '../render/configuration.js';
import type { Request } from '../request.js';
import { created, deleted, list, ok } from '../results.js';
import type { HandlerTable } from '../results.js';

/** Twilio documents the per-conversation timer codes; the account defaults reuse them. */
const TIMER_CODES = {
  DefaultInactiveTimer: ErrorCode.inactiveTimerNotDuration,
  DefaultClosedTimer: ErrorCode.closedTimerNotDuration,
} as const;

function timer(r: Request, name: keyof typeof TIMER_CODES): string | null | undefined {
  const value = r.nullable(name);
  if (value && parseIsoDuration(value) === null) {
    throw twilioError(TIMER_CODES[name], `${name} must be an ISO 8601 duration, e.g. PT10M`);
  }
  return value;
}

function addressOf(r: Request): AddressConfiguration {
  const address = r.store.addresses.find(r.accountSid, r.path('Sid'));
  if (!address) throw r.notFound();
  return address;
}

function applyAutoCreation(r: Request, a: AddressConfiguration): void {
  const auto = a.autoCreation;
  auto.enabled = r.bool('AutoCreation.Enabled') ?? auto.enabled;
  auto.type = r.nullable('AutoCreation.Type') ?? auto.type;
  auto.conversationServiceSid =
    r.nullable('AutoCreation.ConversationServiceSid') ?? auto.conversationServiceSid;
  auto.webhookUrl = r.nullable('AutoCreation.WebhookUrl') ?? auto.webhookUrl;
  auto.webhookMethod = r.str('AutoCreation.WebhookMethod')?.toUpperCase() ?? auto.webhookMethod;
  if (r.has('AutoCreation.WebhookFilters'))
    auto.webhookFilters = r.list('AutoCreation.WebhookFilters');
  auto.studioFlowSid = r.nullable('AutoCreation.StudioFlowSid') ?? auto.studioFlowSid;
  auto.studioRetryCount = r.int('AutoCreation.StudioRetryCount') ?? auto.studioRetryCount;
}

function updateNotification(r: Request, prefix: string, setting: NotificationSetting): void {
  setting.enabled = r.bool(`${prefix}.Enabled`) ?? setting.enabled;
  setting.template = r.nullable(`${prefix}.Template`) ?? setting.template;
  setting.sound = r.nullable(`${prefix}.Sound`) ?? setting.sound;
}

export const configurationHandlers: HandlerTable = {
  'conversations.v1.FetchConfiguration': (r) => ok(accountConfiguration(r, r.store)),
  'conversations.v1.UpdateConfiguration': (r) => {
    const account = r.store.account;
    const serviceSid = r.str('DefaultChatServiceSid');
    if (serviceSid !== undefined && r.store.services.get(serviceSid) === undefined) {
      throw twilioError(ErrorCode.invalidParameter, `Service ${serviceSid} does not exist`);
    }
    const inactive = timer(r, 'DefaultInactiveTimer');
    const closed = timer(r, 'DefaultClosedTimer');
    account.defaultChatServiceSid = serviceSid ?? account.defaultChatServiceSid;
    if (r.has('DefaultMessagingServiceSid'))
      account.defaultMessagingServiceSid = r.nullable('DefaultMessagingServiceSid') ?? null;
    if (inactive !== undefined) account.defaultInactiveTimer = inactive;
    if (closed !== undefined) account.defaultClosedTimer = closed;
    return ok(accountConfiguration(r, r.store));
  },
  'conversations.v1.FetchConfigurationWebhook': (r) => ok(accountWebhooks(r, r.store)),
  'conversations.v1.UpdateConfigurationWebhook': (r) => {
    const account = r.store.account;
    account.webhookMethod = r.str('Method')?.toUpperCase() ?? account.webhookMethod;
    if (r.has('Filters')) account.webhookFilters = r.list('Filters');
    if (r.has('PreWebhookUrl')) account.preWebhookUrl = r.nullable('PreWebhookUrl') ?? null;
    if (r.has('PostWebhookUrl')) account.postWebhookUrl = r.nullable('PostWebhookUrl') ?? null;
    const target = r.str('Target');
    if (target === 'webhook' || target === 'flex') account.webhookTarget = target;
    return ok(accountWebhooks(r, r.store));
  },

  'conversations.v1.ListConfigurationAddress': (r) => {
    const type = r.str('Type');
    const addresses = r.store.addresses
      .of(r.accountSid)
      .filter((a) => type === undefined || a.type === type);
    return list(addresses, (a) => addressConfiguration(r, a));
  },
  'conversations.v1.CreateConfigurationAddress': (r) => {
    const value = r.str('Address') ?? '';
    if (r.store.addresses.find(r.accountSid, value)?.address === value) {
      throw twilioError(
        ErrorCode.addressConfigurationExists,
        `Address ${value} is already configured`,
      );
    }
    const now = r.store.now();
    const address = r.store.addresses.create({
      type: r.str('Type') ?? 'sms',
      address: value,
      friendlyName: r.nullable('FriendlyName') ?? null,
      autoCreation: {
        enabled: false,
        type: null,
        conversationServiceSid: null,
        webhookUrl: null,
        webhookMethod: null,
        webhookFilters: [],
        studioFlowSid: null,
        studioRetryCount: null,
      },
      addressCountry: r.nullable('AddressCountry') ?? null,
      dateCreated: now,
      dateUpdated: now,
    });
    applyAutoCreation(r, address);
    return created(addressConfiguration(r, address));
  },
  'conversations.v1.FetchConfigurationAddress': (r) => ok(addressConfiguration(r, addressOf(r))),
  'conversations.v1.UpdateConfigurationAddress': (r) => {
    const address = addressOf(r);
    if (r.has('FriendlyName')) address.friendlyName = r.nullable('FriendlyName') ?? null;
    applyAutoCreation(r, address);
    address.dateUpdated = r.store.now();
    return ok(addressConfiguration(r, address));
  },
  'conversations.v1.DeleteConfigurationAddress': (r) => {
    r.store.addresses.delete(addressOf(r));
    return deleted;
  },

  'conversations.v1.FetchServiceConfiguration': (r) => ok(serviceConfiguration(r, r.service())),
  'conversations.v1.UpdateServiceConfiguration': (r) => {
    const s = r.service();
    s.defaultChannelCreatorRoleSid =
      r.nullable('DefaultConversationCreatorRoleSid') ?? s.defaultChannelCreatorRoleSid;
    s.defaultChannelRoleSid = r.nullable('DefaultConversationRoleSid') ?? s.defaultChannelRoleSid;
    s.defaultServiceRoleSid = r.nullable('DefaultChatServiceRoleSid') ?? s.defaultServiceRoleSid;
    s.reachabilityEnabled = r.bool('ReachabilityEnabled') ?? s.reachabilityEnabled;
    s.dateUpdated = r.store.now();
    return ok(serviceConfiguration(r, s));
  },
  'conversations.v1.FetchServiceNotification': (r) => ok(serviceNotifications(r, r.service())),
  'conversations.v1.UpdateServiceNotification': (r) => {
    const s = r.service();
    const n = s.notifications;
    n.logEnabled = r.bool('LogEnabled') ?? n.logEnabled;
    updateNotification(r, 'NewMessage', n.newMessage);
    n.newMessage.badgeCountEnabled =
      r.bool('NewMessage.BadgeCountEnabled') ?? n.newMessage.badgeCountEnabled;
    n.newMessage.withMedia.enabled =
      r.bool('NewMessage.WithMedia.Enabled') ?? n.newMessage.withMedia.enabled;
    n.newMessage.withMedia.template =
      r.nullable('NewMessage.WithMedia.Template') ?? n.newMessage.withMedia.template;
    updateNotification(r, 'AddedToConversation', n.addedToChannel);
    updateNotification(r, 'RemovedFromConversation', n.removedFromChannel);
    s.dateUpdated = r.store.now();
    return ok(serviceNotifications(r, s));
  },
  'conversations.v1.FetchServiceWebhookConfiguration': (r) => ok(serviceWebhooks(r, r.service())),
  'conversations.v1.UpdateServiceWebhookConfiguration': (r) => {
    const s = r.service();
    if (r.has('PreWebhookUrl')) s.preWebhookUrl = r.nullable('PreWebhookUrl') ?? null;
    if (r.has('PostWebhookUrl')) s.postWebhookUrl = r.nullable('PostWebhookUrl') ?? null;
    if (r.has('Filters')) s.webhookFilters = r.list('Filters');
    s.webhookMethod = r.str('Method')?.toUpperCase() ?? s.webhookMethod;
    s.dateUpdated = r.store.now();
    return ok(serviceWebhooks(r, s));
  },
};
