/**
 * Conversation-scoped webhooks (Chat: channel webhooks): create, update, delete. The graph's
 * WebhookMethod is GET/POST; the route adapts the casing each API expects.
 */
import type {
  CreateConversationWebhookInput,
  DeleteConversationWebhookInput,
  UpdateConversationWebhookInput,
} from '../../generated/graphql.js';
import { toWebhook } from '../../loaders/index.js';
import type { GraphContext } from '../context.js';
import { toWire } from '../enums.js';
import { encodeId } from '../ids.js';
import { InputCheck } from '../mutation/checks.js';
import { createdEdge } from '../mutation/payloads.js';
import {
  CONVERSATION_CHILD_FIELDS,
  conversationChildRef,
  parentConversationField,
  parentConversationRef,
  resolveTarget,
  targetField,
} from '../mutation/targets.js';
import type { FieldPath } from '../mutation/user-errors.js';
import { sendWrite } from '../mutation/write.js';

const FIELDS: Readonly<Record<string, FieldPath>> = {
  ...CONVERSATION_CHILD_FIELDS,
  Target: ['target'],
  'Configuration.Url': ['url'],
  'Configuration.Method': ['method'],
  'Configuration.Filters': ['filters'],
  'Configuration.Triggers': ['triggers'],
  'Configuration.FlowSid': ['flowSid'],
  'Configuration.ReplayAfter': ['replayAfter'],
};

interface WebhookSettings {
  readonly url?: string | null;
  readonly method?: string | null;
  readonly filters?: readonly string[] | null;
  readonly triggers?: readonly string[] | null;
  readonly flowSid?: string | null;
}

function settings(check: InputCheck, input: WebhookSettings) {
  return {
    'Configuration.Url': check.url(input.url, ['url']),
    'Configuration.Method': input.method ?? undefined,
    'Configuration.Filters': input.filters ?? undefined,
    'Configuration.Triggers': input.triggers ?? undefined,
    'Configuration.FlowSid': check.sid(input.flowSid, 'FW', ['flowSid']),
  };
}

export async function createConversationWebhook(
  ctx: GraphContext,
  input: CreateConversationWebhookInput,
) {
  const check = new InputCheck();
  const params = settings(check, input);
  const replayAfter = check.integer(input.replayAfter, ['replayAfter'], 0);
  if (input.target === 'STUDIO' && input.flowSid == null) {
    check.add(['flowSid'], 'REQUIRED', 'A STUDIO webhook needs `flowSid`.');
  } else if (input.target !== 'STUDIO' && input.url == null) {
    check.add(['url'], 'REQUIRED', `A ${input.target} webhook needs \`url\`.`);
  }
  const conversationField = parentConversationField(input);
  const target = await resolveTarget(ctx, check, 'Conversation', parentConversationRef(input));
  check.done();
  const [serviceSid = '', conversationSid = ''] = target ?? [];
  const result = await sendWrite(ctx, {
    family: 'webhook.create',
    params: {
      ChatServiceSid: serviceSid,
      ConversationSid: conversationSid,
      Target: toWire(input.target),
      ...params,
      'Configuration.ReplayAfter': replayAfter,
    },
    fields: { ...FIELDS, ConversationSid: conversationField },
    blame: { NOT_FOUND: conversationField },
  });
  const record = toWebhook(result.data, { serviceSid, conversationSid });
  ctx.loaders.webhook.replace(record);
  const list = ctx.loaders.lists.webhooks(serviceSid, conversationSid);
  return { webhook: record, webhookEdge: await createdEdge(list, record.sid, record, record) };
}

export async function updateConversationWebhook(
  ctx: GraphContext,
  input: UpdateConversationWebhookInput,
) {
  const check = new InputCheck();
  const params = settings(check, input);
  const target = await resolveTarget(ctx, check, 'Webhook', conversationChildRef(input, 'WH'));
  check.done();
  const [serviceSid = '', conversationSid = '', sid = ''] = target ?? [];
  const result = await sendWrite(ctx, {
    family: 'webhook.update',
    params: { ChatServiceSid: serviceSid, ConversationSid: conversationSid, Sid: sid, ...params },
    fields: { ...FIELDS, Sid: targetField(input) },
    blame: { NOT_FOUND: targetField(input) },
  });
  const record = toWebhook(result.data, { serviceSid, conversationSid });
  ctx.loaders.webhook.replace(record);
  return { webhook: record };
}

export async function deleteConversationWebhook(
  ctx: GraphContext,
  input: DeleteConversationWebhookInput,
) {
  const check = new InputCheck();
  const target = await resolveTarget(ctx, check, 'Webhook', conversationChildRef(input, 'WH'));
  check.done();
  const [serviceSid = '', conversationSid = '', sid = ''] = target ?? [];
  await sendWrite(ctx, {
    family: 'webhook.delete',
    params: { ChatServiceSid: serviceSid, ConversationSid: conversationSid, Sid: sid },
    fields: { ...FIELDS, Sid: targetField(input) },
    blame: { NOT_FOUND: targetField(input) },
  });
  ctx.loaders.webhook.clearAll();
  return { deletedWebhookId: encodeId('Webhook', [serviceSid, conversationSid, sid]) };
}
