/**
 * Service writes: create and delete (Conversations by default), the Chat-only settings update
 * (Chat v2, or Chat v1 when its per-event webhooks are given), and the three settings
 * resources Conversations keeps under `/Services/{IS}/Configuration`.
 */
import type {
  CreateServiceInput,
  DeleteServiceInput,
  NotificationSettingInput,
  UpdateServiceConfigurationInput,
  UpdateServiceInput,
  UpdateServiceNotificationsInput,
  UpdateServiceWebhooksInput,
} from '../../generated/graphql.js';
import {
  toServiceConfiguration,
  toServiceNotifications,
  toServiceWebhooks,
  type ServiceRecord,
  type WriteApi,
} from '../../loaders/index.js';
import { chatV1ServiceHookEvents } from '../../registry/index.js';
import type { TwilioParams } from '../../twilio/index.js';
import type { GraphContext } from '../context.js';
import { encodeId } from '../ids.js';
import { InputCheck } from '../mutation/checks.js';
import { eventFilters } from '../mutation/events.js';
import { LIMITS } from '../mutation/limits.js';
import { createdEdge } from '../mutation/payloads.js';
import { accountTarget, serviceOf, targetField } from '../mutation/targets.js';
import type { FieldPath } from '../mutation/user-errors.js';
import { sendWrite, type WriteResult } from '../mutation/write.js';
import { serviceWebhooksView, webhookEventName } from './views.js';

/** Forgets every cached view of service-level data: one store backs them all. */
function forgetServiceViews(ctx: GraphContext): void {
  for (const loader of [
    ctx.loaders.service,
    ctx.loaders.serviceConfiguration,
    ctx.loaders.serviceNotifications,
    ctx.loaders.serviceWebhooks,
  ]) {
    loader.clearAll();
  }
}

function serviceFromWrite(ctx: GraphContext, result: WriteResult): ServiceRecord {
  forgetServiceViews(ctx);
  return ctx.loaders.written.service(result);
}

export async function createService(ctx: GraphContext, input: CreateServiceInput, api?: WriteApi) {
  const check = new InputCheck();
  // Conversations takes 256 characters; the loaders hold a Chat route to Chat's 64.
  const friendlyName = check.text(input.friendlyName, ['friendlyName'], LIMITS.serviceNameChars);
  check.done();
  const result = await sendWrite(ctx, {
    family: 'service.create',
    ...(api ? { api } : {}),
    params: { FriendlyName: friendlyName },
    fields: { FriendlyName: ['friendlyName'] },
  });
  const service = serviceFromWrite(ctx, result);
  const list = ctx.loaders.lists.services();
  return { service, serviceEdge: await createdEdge(list, service.sid, service, service) };
}

function notification(
  value: NotificationSettingInput | null | undefined,
  field: FieldPath,
  prefix: string,
  fields: Record<string, FieldPath>,
): TwilioParams {
  if (value == null) return {};
  for (const key of ['enabled', 'template', 'sound'] as const) {
    fields[`${prefix}.${key.charAt(0).toUpperCase()}${key.slice(1)}`] = [...field, key];
  }
  return {
    [`${prefix}.Enabled`]: value.enabled ?? undefined,
    // Twilio documents no limits for templates and sounds; they go as given.
    [`${prefix}.Template`]: value.template ?? undefined,
    [`${prefix}.Sound`]: value.sound ?? undefined,
  };
}

/** Chat v1's per-event webhooks as `Webhooks.<Event>.Url/Method` parameters. */
function eventWebhooks(
  check: InputCheck,
  input: UpdateServiceInput,
  fields: Record<string, FieldPath>,
): TwilioParams {
  const params: Record<string, string | undefined> = {};
  const seen = new Set<string>();
  (input.eventWebhooks ?? []).forEach((hook, index) => {
    const at = ['eventWebhooks', String(index)];
    const name = webhookEventName(hook.event);
    if (!chatV1ServiceHookEvents.includes(name)) {
      check.add([...at, 'event'], 'INVALID', `\`${hook.event}\` is not a Chat v1 event.`);
      return;
    }
    if (seen.has(name)) {
      check.add([...at, 'event'], 'INVALID', `\`${hook.event}\` is listed twice.`);
      return;
    }
    seen.add(name);
    if (hook.url == null && hook.method == null) {
      check.add(at, 'REQUIRED', 'Give a `url` or a `method` for the event.');
    }
    fields[`Webhooks.${name}.Url`] = [...at, 'url'];
    fields[`Webhooks.${name}.Method`] = [...at, 'method'];
    params[`Webhooks.${name}.Url`] = check.url(hook.url, [...at, 'url']);
    params[`Webhooks.${name}.Method`] = hook.method ?? undefined;
  });
  return params;
}

export async function updateService(ctx: GraphContext, input: UpdateServiceInput) {
  const check = new InputCheck();
  const sid = accountTarget(check, 'Service', { id: input.id, sid: input.sid, prefix: 'IS' });
  const fields: Record<string, FieldPath> = {
    Sid: targetField(input),
    FriendlyName: ['friendlyName'],
    ReadStatusEnabled: ['readStatusEnabled'],
    TypingIndicatorTimeout: ['typingIndicatorTimeout'],
    ConsumptionReportInterval: ['consumptionReportInterval'],
    'Limits.ChannelMembers': ['limits', 'channelMembers'],
    'Limits.UserChannels': ['limits', 'userChannels'],
    PreWebhookRetryCount: ['preWebhookRetryCount'],
    PostWebhookRetryCount: ['postWebhookRetryCount'],
    'Media.CompatibilityMessage': ['mediaCompatibilityMessage'],
  };
  const params: TwilioParams = {
    Sid: sid,
    FriendlyName: check.text(input.friendlyName, ['friendlyName'], LIMITS.adminNameChars),
    ReadStatusEnabled: input.readStatusEnabled ?? undefined,
    TypingIndicatorTimeout: check.integer(
      input.typingIndicatorTimeout,
      ['typingIndicatorTimeout'],
      1,
    ),
    ConsumptionReportInterval: check.integer(
      input.consumptionReportInterval,
      ['consumptionReportInterval'],
      1,
    ),
    'Limits.ChannelMembers': check.integer(
      input.limits?.channelMembers,
      ['limits', 'channelMembers'],
      1,
      LIMITS.serviceLimitMax,
    ),
    'Limits.UserChannels': check.integer(
      input.limits?.userChannels,
      ['limits', 'userChannels'],
      1,
      LIMITS.serviceLimitMax,
    ),
    PreWebhookRetryCount: check.integer(input.preWebhookRetryCount, ['preWebhookRetryCount'], 0),
    PostWebhookRetryCount: check.integer(input.postWebhookRetryCount, ['postWebhookRetryCount'], 0),
    'Media.CompatibilityMessage': input.mediaCompatibilityMessage ?? undefined,
    ...notification(
      input.invitedToConversationNotification,
      ['invitedToConversationNotification'],
      'Notifications.InvitedToChannel',
      fields,
    ),
    ...eventWebhooks(check, input, fields),
  };
  check.done();
  const result = await sendWrite(ctx, {
    // Only Chat v1 has the per-event webhooks; the router's choice stands otherwise.
    family: input.eventWebhooks != null ? 'serviceEventWebhooks.update' : 'service.update',
    params,
    fields,
    blame: { NOT_FOUND: targetField(input) },
  });
  return { service: serviceFromWrite(ctx, result) };
}

export async function deleteService(ctx: GraphContext, input: DeleteServiceInput, api?: WriteApi) {
  const check = new InputCheck();
  const sid = accountTarget(check, 'Service', { id: input.id, sid: input.sid, prefix: 'IS' });
  check.done();
  await sendWrite(ctx, {
    family: 'service.delete',
    ...(api ? { api } : {}),
    params: { Sid: sid },
    fields: { Sid: targetField(input) },
    blame: { NOT_FOUND: targetField(input) },
  });
  // Everything in the service went with it.
  forgetServiceViews(ctx);
  for (const loader of [
    ctx.loaders.service,
    ctx.loaders.role,
    ctx.loaders.binding,
    ctx.loaders.user,
    ctx.loaders.conversation,
  ]) {
    loader.clearAll();
  }
  return { deletedServiceId: encodeId('Service', [sid ?? '']) };
}

export async function updateServiceConfiguration(
  ctx: GraphContext,
  input: UpdateServiceConfigurationInput,
) {
  const check = new InputCheck();
  const serviceSid = (await serviceOf(ctx, check, input.serviceSid)) ?? '';
  const params = {
    ChatServiceSid: serviceSid,
    DefaultChatServiceRoleSid: check.sid(input.defaultChatServiceRoleSid, 'RL', [
      'defaultChatServiceRoleSid',
    ]),
    DefaultConversationRoleSid: check.sid(input.defaultConversationRoleSid, 'RL', [
      'defaultConversationRoleSid',
    ]),
    DefaultConversationCreatorRoleSid: check.sid(input.defaultConversationCreatorRoleSid, 'RL', [
      'defaultConversationCreatorRoleSid',
    ]),
    ReachabilityEnabled: input.reachabilityEnabled ?? undefined,
  };
  check.done();
  const result = await sendWrite(ctx, {
    family: 'serviceConfiguration.update',
    params,
    fields: {
      ChatServiceSid: ['serviceSid'],
      DefaultChatServiceRoleSid: ['defaultChatServiceRoleSid'],
      DefaultConversationRoleSid: ['defaultConversationRoleSid'],
      DefaultConversationCreatorRoleSid: ['defaultConversationCreatorRoleSid'],
      ReachabilityEnabled: ['reachabilityEnabled'],
    },
    blame: { NOT_FOUND: ['serviceSid'] },
  });
  const configuration = toServiceConfiguration(result.data, serviceSid);
  forgetServiceViews(ctx);
  ctx.loaders.serviceConfiguration.replace(configuration);
  return { serviceSid, configuration };
}

export async function updateServiceNotifications(
  ctx: GraphContext,
  input: UpdateServiceNotificationsInput,
) {
  const check = new InputCheck();
  const serviceSid = (await serviceOf(ctx, check, input.serviceSid)) ?? '';
  const fields: Record<string, FieldPath> = {
    ChatServiceSid: ['serviceSid'],
    LogEnabled: ['logEnabled'],
    'NewMessage.BadgeCountEnabled': ['newMessage', 'badgeCountEnabled'],
    'NewMessage.WithMedia.Enabled': ['newMessage', 'withMediaEnabled'],
    'NewMessage.WithMedia.Template': ['newMessage', 'withMediaTemplate'],
  };
  const newMessage = input.newMessage;
  const params: TwilioParams = {
    ChatServiceSid: serviceSid,
    LogEnabled: input.logEnabled ?? undefined,
    ...notification(newMessage, ['newMessage'], 'NewMessage', fields),
    'NewMessage.BadgeCountEnabled': newMessage?.badgeCountEnabled ?? undefined,
    'NewMessage.WithMedia.Enabled': newMessage?.withMediaEnabled ?? undefined,
    'NewMessage.WithMedia.Template': newMessage?.withMediaTemplate ?? undefined,
    ...notification(
      input.addedToConversation,
      ['addedToConversation'],
      'AddedToConversation',
      fields,
    ),
    ...notification(
      input.removedFromConversation,
      ['removedFromConversation'],
      'RemovedFromConversation',
      fields,
    ),
  };
  check.done();
  const result = await sendWrite(ctx, {
    family: 'serviceNotifications.update',
    params,
    fields,
    blame: { NOT_FOUND: ['serviceSid'] },
  });
  const notifications = toServiceNotifications(result.data, serviceSid);
  forgetServiceViews(ctx);
  ctx.loaders.serviceNotifications.replace(notifications);
  return { serviceSid, notifications };
}

export async function updateServiceWebhooks(ctx: GraphContext, input: UpdateServiceWebhooksInput) {
  const check = new InputCheck();
  const serviceSid = (await serviceOf(ctx, check, input.serviceSid)) ?? '';
  const params = {
    ChatServiceSid: serviceSid,
    PreWebhookUrl: check.url(input.preWebhookUrl, ['preWebhookUrl']),
    PostWebhookUrl: check.url(input.postWebhookUrl, ['postWebhookUrl']),
    Method: input.method ?? undefined,
    Filters: eventFilters(check, input.filters, ['filters'], 'service'),
  };
  check.done();
  const result = await sendWrite(ctx, {
    family: 'serviceWebhooks.update',
    params,
    fields: {
      ChatServiceSid: ['serviceSid'],
      PreWebhookUrl: ['preWebhookUrl'],
      PostWebhookUrl: ['postWebhookUrl'],
      Method: ['method'],
      Filters: ['filters'],
    },
    blame: { NOT_FOUND: ['serviceSid'] },
  });
  const record = toServiceWebhooks(result.data, serviceSid);
  forgetServiceViews(ctx);
  ctx.loaders.serviceWebhooks.replace(record);
  return { serviceSid, webhooks: serviceWebhooksView(record) };
}
