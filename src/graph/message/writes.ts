/**
 * Message writes: send, update, delete — one mutation each whichever API serves the
 * conversation (the route table picks the operation). Chat's copy of the message and the
 * channel's message count are dropped from the request's cache after each write.
 */
import type {
  DeleteMessageInput,
  SendMessageInput,
  UpdateMessageInput,
} from '../../generated/graphql.js';
import { toMessage, type MessageRecord } from '../../loaders/index.js';
import type { GraphContext } from '../context.js';
import { encodeId } from '../ids.js';
import { InputCheck } from '../mutation/checks.js';
import { LIMITS } from '../mutation/limits.js';
import { idempotentWrite } from '../mutation/idempotency.js';
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
import { sendWrite, type WriteResult } from '../mutation/write.js';

const FIELDS: Readonly<Record<string, FieldPath>> = {
  ...CONVERSATION_CHILD_FIELDS,
  Author: ['author'],
  Body: ['body'],
  Attributes: ['attributes'],
  MediaSid: ['mediaSid'],
  ContentSid: ['contentSid'],
  ContentVariables: ['contentVariables'],
  Subject: ['subject'],
  DateCreated: ['createdAt'],
  DateUpdated: ['updatedAt'],
};

const BLAME_CODES: Readonly<Record<number, FieldPath>> = {
  50503: ['body'],
  50504: ['body'],
  50527: ['contentVariables'],
};

interface MessageSettings {
  readonly author?: string | null;
  readonly body?: string | null;
  readonly attributes?: unknown;
  readonly subject?: string | null;
  readonly createdAt?: unknown;
  readonly updatedAt?: unknown;
}

function settings(check: InputCheck, input: MessageSettings) {
  return {
    Author: check.text(input.author, ['author'], LIMITS.identityChars),
    Body: check.sizedText(input.body, ['body'], LIMITS.messageBodyBytes),
    Attributes: check.attributes(input.attributes, ['attributes'], LIMITS.messageAttributesBytes),
    Subject: check.text(input.subject, ['subject'], LIMITS.nameChars),
    DateCreated: check.date(input.createdAt, ['createdAt']),
    DateUpdated: check.date(input.updatedAt, ['updatedAt']),
  };
}

function forgetViews(ctx: GraphContext): void {
  // One cache holds a message's views, one a conversation's (and its Chat counts).
  ctx.loaders.message.clearAll();
  // A new message moves the conversation's last activity (and its inactivity timer).
  ctx.loaders.conversation.clearAll();
}

/** The message as the write answered it, cached; the views it changes are dropped. */
function messageFromWrite(
  ctx: GraphContext,
  result: WriteResult,
  scope: { readonly serviceSid: string; readonly conversationSid: string },
): MessageRecord {
  const record = ctx.loaders.written.served('Message', result, toMessage(result.data, scope));
  forgetViews(ctx);
  ctx.loaders.message.replace(record);
  return record;
}

export async function sendMessage(ctx: GraphContext, input: SendMessageInput) {
  const check = new InputCheck();
  const params = settings(check, input);
  const mediaSid = check.sid(input.mediaSid, 'ME', ['mediaSid']);
  const contentSid = check.sid(input.contentSid, 'HX', ['contentSid']);
  const contentVariables = check.jsonObject(
    input.contentVariables,
    ['contentVariables'],
    LIMITS.messageAttributesBytes,
    'template values',
  );
  if (input.body == null && input.mediaSid == null && input.contentSid == null) {
    check.add(['body'], 'REQUIRED', 'Give a `body`, a `mediaSid` or a `contentSid`.');
  }
  const conversationField = parentConversationField(input);
  const target = await resolveTarget(ctx, check, 'Conversation', parentConversationRef(input));
  check.done();
  const [serviceSid = '', conversationSid = ''] = target ?? [];
  const result = await idempotentWrite(ctx, 'sendMessage', input, () =>
    sendWrite(ctx, {
      family: 'message.create',
      params: {
        ChatServiceSid: serviceSid,
        ConversationSid: conversationSid,
        ...params,
        MediaSid: mediaSid,
        ContentSid: contentSid,
        ContentVariables: contentVariables,
      },
      fields: { ...FIELDS, ConversationSid: conversationField },
      webhookEnabled: input.webhookEnabled,
      blame: { NOT_FOUND: conversationField },
      blameTwilioCode: BLAME_CODES,
    }),
  );
  const record = messageFromWrite(ctx, result, { serviceSid, conversationSid });
  const list = ctx.loaders.lists.messages(serviceSid, conversationSid);
  return { message: record, messageEdge: await createdEdge(list, record.sid, record, record) };
}

export async function updateMessage(ctx: GraphContext, input: UpdateMessageInput) {
  const check = new InputCheck();
  const params = settings(check, input);
  const target = await resolveTarget(ctx, check, 'Message', conversationChildRef(input, 'IM'));
  check.done();
  const [serviceSid = '', conversationSid = '', sid = ''] = target ?? [];
  const result = await sendWrite(ctx, {
    family: 'message.update',
    params: { ChatServiceSid: serviceSid, ConversationSid: conversationSid, Sid: sid, ...params },
    fields: { ...FIELDS, Sid: targetField(input) },
    webhookEnabled: input.webhookEnabled,
    blame: { NOT_FOUND: targetField(input) },
    blameTwilioCode: BLAME_CODES,
  });
  const record = messageFromWrite(ctx, result, { serviceSid, conversationSid });
  return { message: record };
}

export async function deleteMessage(ctx: GraphContext, input: DeleteMessageInput) {
  const check = new InputCheck();
  const target = await resolveTarget(ctx, check, 'Message', conversationChildRef(input, 'IM'));
  check.done();
  const [serviceSid = '', conversationSid = '', sid = ''] = target ?? [];
  await sendWrite(ctx, {
    family: 'message.delete',
    params: { ChatServiceSid: serviceSid, ConversationSid: conversationSid, Sid: sid },
    fields: { ...FIELDS, Sid: targetField(input) },
    webhookEnabled: input.webhookEnabled,
    blame: { NOT_FOUND: targetField(input) },
  });
  forgetViews(ctx);
  return { deletedMessageId: encodeId('Message', [serviceSid, conversationSid, sid]) };
}
