/**
 * Account-level Conversations writes: the account configuration, the global webhooks and the
 * address configurations. None of them has a Chat counterpart.
 */
import type {
  AddressAutoCreationInput,
  CreateAddressConfigurationInput,
  DeleteAddressConfigurationInput,
  UpdateAccountConfigurationInput,
  UpdateAccountWebhooksInput,
  UpdateAddressConfigurationInput,
} from '../../generated/graphql.js';
import {
  toAccountWebhooks,
  toAddressConfiguration,
  toConfiguration,
  type AddressConfigurationRecord,
} from '../../loaders/index.js';
import type { TwilioParams } from '../../twilio/index.js';
import type { GraphContext } from '../context.js';
import { toWire } from '../enums.js';
import { encodeId } from '../ids.js';
import { InputCheck } from '../mutation/checks.js';
import { LIMITS } from '../mutation/limits.js';
import { createdEdge } from '../mutation/payloads.js';
import { UserErrors, userError, type FieldPath } from '../mutation/user-errors.js';
import { sendWrite, type WriteResult } from '../mutation/write.js';
import { eventFilters } from '../mutation/events.js';
import { accountWebhooksView } from './views.js';
import { accountTarget, targetField } from '../mutation/targets.js';

export async function updateAccountConfiguration(
  ctx: GraphContext,
  input: UpdateAccountConfigurationInput,
) {
  const check = new InputCheck();
  const params = {
    DefaultChatServiceSid: check.sid(input.defaultChatServiceSid, 'IS', ['defaultChatServiceSid']),
    DefaultMessagingServiceSid: check.sid(input.defaultMessagingServiceSid, 'MG', [
      'defaultMessagingServiceSid',
    ]),
    DefaultInactiveTimer: check.duration(
      input.defaultInactiveTimer,
      ['defaultInactiveTimer'],
      LIMITS.inactiveTimerMinSeconds,
    ),
    DefaultClosedTimer: check.duration(
      input.defaultClosedTimer,
      ['defaultClosedTimer'],
      LIMITS.closedTimerMinSeconds,
    ),
  };
  check.done();
  const result = await sendWrite(ctx, {
    family: 'accountConfiguration.update',
    params,
    fields: {
      DefaultChatServiceSid: ['defaultChatServiceSid'],
      DefaultMessagingServiceSid: ['defaultMessagingServiceSid'],
      DefaultInactiveTimer: ['defaultInactiveTimer'],
      DefaultClosedTimer: ['defaultClosedTimer'],
    },
    // Twilio refuses an unknown default service as an invalid parameter.
    ...(input.defaultChatServiceSid != null
      ? { blame: { INVALID: ['defaultChatServiceSid'], NOT_FOUND: ['defaultChatServiceSid'] } }
      : {}),
  });
  const configuration = toConfiguration(result.data);
  ctx.loaders.replaceConfiguration(configuration);
  return { configuration };
}

export async function updateAccountWebhooks(ctx: GraphContext, input: UpdateAccountWebhooksInput) {
  const check = new InputCheck();
  const params = {
    PreWebhookUrl: check.url(input.preWebhookUrl, ['preWebhookUrl']),
    PostWebhookUrl: check.url(input.postWebhookUrl, ['postWebhookUrl']),
    Method: input.method ?? undefined,
    Filters: eventFilters(check, input.filters, ['filters'], 'account'),
    Target: input.target == null ? undefined : toWire(input.target),
  };
  check.done();
  const result = await sendWrite(ctx, {
    family: 'accountWebhooks.update',
    params,
    fields: {
      PreWebhookUrl: ['preWebhookUrl'],
      PostWebhookUrl: ['postWebhookUrl'],
      Method: ['method'],
      Filters: ['filters'],
      Target: ['target'],
    },
  });
  const record = toAccountWebhooks(result.data);
  ctx.loaders.replaceAccountWebhooks(record);
  return { webhooks: accountWebhooksView(record) };
}

const ADDRESS_FIELDS: Readonly<Record<string, FieldPath>> = {
  Sid: ['sid'],
  Type: ['type'],
  Address: ['address'],
  FriendlyName: ['friendlyName'],
  AddressCountry: ['addressCountry'],
  'AutoCreation.Enabled': ['autoCreation', 'enabled'],
  'AutoCreation.Type': ['autoCreation', 'type'],
  'AutoCreation.ConversationServiceSid': ['autoCreation', 'conversationServiceSid'],
  'AutoCreation.WebhookUrl': ['autoCreation', 'webhookUrl'],
  'AutoCreation.WebhookMethod': ['autoCreation', 'webhookMethod'],
  'AutoCreation.WebhookFilters': ['autoCreation', 'webhookFilters'],
  'AutoCreation.StudioFlowSid': ['autoCreation', 'studioFlowSid'],
  'AutoCreation.StudioRetryCount': ['autoCreation', 'studioRetryCount'],
};

const WEBHOOK_ONLY = ['webhookUrl', 'webhookMethod', 'webhookFilters'] as const;
const STUDIO_ONLY = ['studioFlowSid', 'studioRetryCount'] as const;

function autoCreation(
  check: InputCheck,
  auto: AddressAutoCreationInput | null | undefined,
  creating: boolean,
): TwilioParams {
  if (auto == null) return {};
  const at = (name: string): FieldPath => ['autoCreation', name];
  // Settings of the other attachment kind would be stored and never used.
  const foreign =
    auto.type === 'WEBHOOK' ? STUDIO_ONLY : auto.type === 'STUDIO' ? WEBHOOK_ONLY : [];
  for (const name of foreign) {
    if (auto[name] != null) {
      check.add(at(name), 'INVALID', `\`autoCreation.${name}\` does not apply to ${auto.type}.`);
    }
  }
  if (creating && auto.type === 'WEBHOOK' && auto.webhookUrl == null) {
    check.add(at('webhookUrl'), 'REQUIRED', 'A WEBHOOK attachment needs `webhookUrl`.');
  }
  if (creating && auto.type === 'STUDIO' && auto.studioFlowSid == null) {
    check.add(at('studioFlowSid'), 'REQUIRED', 'A STUDIO attachment needs `studioFlowSid`.');
  }
  return {
    'AutoCreation.Enabled': auto.enabled ?? undefined,
    'AutoCreation.Type': auto.type == null ? undefined : toWire(auto.type),
    'AutoCreation.ConversationServiceSid': check.sid(
      auto.conversationServiceSid,
      'IS',
      at('conversationServiceSid'),
    ),
    'AutoCreation.WebhookUrl': check.url(auto.webhookUrl, at('webhookUrl')),
    'AutoCreation.WebhookMethod':
      auto.webhookMethod == null ? undefined : toWire(auto.webhookMethod),
    'AutoCreation.WebhookFilters': eventFilters(
      check,
      auto.webhookFilters,
      at('webhookFilters'),
      'addressAutoCreation',
    ),
    'AutoCreation.StudioFlowSid': check.sid(auto.studioFlowSid, 'FW', at('studioFlowSid')),
    'AutoCreation.StudioRetryCount': check.integer(
      auto.studioRetryCount,
      at('studioRetryCount'),
      0,
    ),
  };
}

const COUNTRY = /^[A-Za-z]{2}$/;

function addressFromWrite(ctx: GraphContext, result: WriteResult): AddressConfigurationRecord {
  const record = toAddressConfiguration(result.data);
  ctx.loaders.addressConfiguration.replace(record);
  return record;
}

export async function createAddressConfiguration(
  ctx: GraphContext,
  input: CreateAddressConfigurationInput,
) {
  const check = new InputCheck();
  let country: string | undefined;
  if (input.addressCountry != null) {
    if (COUNTRY.test(input.addressCountry)) country = input.addressCountry.toUpperCase();
    else check.add(['addressCountry'], 'INVALID', '`addressCountry` must be a two-letter code.');
  }
  const params = {
    Type: toWire(input.type),
    Address: check.text(input.address, ['address'], LIMITS.identityChars),
    FriendlyName: check.text(input.friendlyName, ['friendlyName'], LIMITS.serviceNameChars),
    AddressCountry: country,
    ...autoCreation(check, input.autoCreation, true),
  };
  check.done();
  const result = await sendWrite(ctx, {
    family: 'addressConfiguration.create',
    params,
    fields: ADDRESS_FIELDS,
    blame: { ALREADY_EXISTS: ['address'] },
  });
  const addressConfiguration = addressFromWrite(ctx, result);
  const list = ctx.loaders.lists.addressConfigurations(null);
  return {
    addressConfiguration,
    addressConfigurationEdge: await createdEdge(
      list,
      addressConfiguration.sid,
      addressConfiguration,
      addressConfiguration,
    ),
  };
}

function addressTarget(
  check: InputCheck,
  input: UpdateAddressConfigurationInput | DeleteAddressConfigurationInput,
) {
  return accountTarget(check, 'AddressConfiguration', {
    id: input.id,
    sid: input.sid,
    prefix: 'IG',
    natural: { field: ['address'], value: input.address },
  });
}

export async function updateAddressConfiguration(
  ctx: GraphContext,
  input: UpdateAddressConfigurationInput,
) {
  const check = new InputCheck();
  const sid = addressTarget(check, input);
  const params = {
    Sid: sid,
    FriendlyName: check.text(input.friendlyName, ['friendlyName'], LIMITS.serviceNameChars),
    ...autoCreation(check, input.autoCreation, false),
  };
  check.done();
  const result = await sendWrite(ctx, {
    family: 'addressConfiguration.update',
    params,
    fields: { ...ADDRESS_FIELDS, Sid: targetField(input) },
    blame: { NOT_FOUND: targetField(input) },
  });
  return { addressConfiguration: addressFromWrite(ctx, result) };
}

export async function deleteAddressConfiguration(
  ctx: GraphContext,
  input: DeleteAddressConfigurationInput,
) {
  const check = new InputCheck();
  let sid = addressTarget(check, input);
  check.done();
  if (input.address != null) {
    // The payload names the deleted object by id, which needs its SID.
    const known = await ctx.loaders.addressConfiguration.load([sid ?? '']);
    if (known === null) {
      throw new UserErrors([
        userError(['address'], 'NOT_FOUND', '`address` names an object that does not exist.'),
      ]);
    }
    sid = known.sid;
  }
  await sendWrite(ctx, {
    family: 'addressConfiguration.delete',
    params: { Sid: sid },
    fields: { Sid: targetField(input) },
    blame: { NOT_FOUND: targetField(input) },
  });
  ctx.loaders.addressConfiguration.clearAll();
  return { deletedAddressConfigurationId: encodeId('AddressConfiguration', [sid ?? '']) };
}
