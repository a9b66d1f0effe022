import type { Channel, Message, Service } from '../../store/entities.js';
import { ErrorCode, twilioError } from '../../codes.js';
import { emit, Events } from '../events.js';
import { assertOpen, messageEventFields } from '../mutations.js';
import { chatMessage, conversationMessage, receipt } from '../render/messages.js';
import type { Request } from '../request.js';
import { created, deleted, list, ok } from '../results.js';
import type { HandlerTable } from '../results.js';
import { bothConversationForms, prefixed } from './shared.js';

/** Conversations caps a message body at 1,600 characters. */
const MAX_CONVERSATION_BODY = 1600;

interface Scope {
  readonly service: Service;
  readonly channel: Channel;
}

function scope(r: Request): Scope {
  const service = r.service();
  if (r.isConversations) return { service, channel: r.channel(service, r.path('ConversationSid')) };
  // Chat v1 message paths take the channel SID only; v2 also accepts the unique name.
  return { service, channel: r.channel(service, r.path('ChannelSid'), r.version === 'v2') };
}

function messageOf(r: Request, channel: Channel, name = 'Sid'): Message {
  const message = channel.messageBySid.get(r.path(name));
  if (!message) throw r.notFound();
  return message;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function ordered(r: Request, channel: Channel): Message[] {
  return r.str('Order') === 'desc' ? [...channel.messages].reverse() : channel.messages;
}

/** A media SID stands for a stored media file; the emulator keeps only its descriptor. */
function mediaFor(sid: string | undefined): Message['media'] {
  if (sid === undefined) return null;
  return { sid, size: 0, contentType: 'application/octet-stream', filename: `${sid}.bin` };
}

/** Non-chat participants (SMS, WhatsApp…) get a delivery receipt for every message sent. */
function addReceipts(r: Request, channel: Channel, message: Message): void {
  for (const member of channel.members.values()) {
    if (!member.messagingBinding?.address || member.sid === message.participantSid) continue;
    r.store.addReceipt(message, {
      channelMessageSid: r.store.sids.next('SM'),
      participantSid: member.sid,
      status: 'sent',
      errorCode: 0,
      dateCreated: message.dateCreated,
      dateUpdated: message.dateCreated,
    });
  }
}

function create(r: Request, { service, channel }: Scope): Message {
  assertOpen(channel);
  const author = r.str(r.isConversations ? 'Author' : 'From') ?? 'system';
  const body = r.str('Body');
  const attributes = r.json('Attributes');
  const media = mediaFor(r.str('MediaSid'));
  const contentSid = r.str('ContentSid') ?? null;
  if (r.isConversations) {
    if (body === undefined && media === null && contentSid === null) {
      throw twilioError(
        ErrorCode.messageBodyRequired,
        'A message needs a Body, MediaSid or ContentSid',
      );
    }
    if (body !== undefined && body.length > MAX_CONVERSATION_BODY) {
      throw twilioError(
        ErrorCode.messageBodyTooLong,
        `Body must be at most ${MAX_CONVERSATION_BODY} characters`,
      );
    }
    const variables = r.str('ContentVariables');
    if (variables !== undefined && !isJsonObject(variables)) {
      throw twilioError(
        ErrorCode.invalidContentVariables,
        'ContentVariables must be a JSON object',
      );
    }
  }
  const dateCreated = r.instant('DateCreated');
  const dateUpdated = r.instant('DateUpdated');
  const authorSid = channel.memberByIdentity.get(author) ?? null;
  const message = r.store.addMessage(channel, {
    author,
    body: contentSid === null ? (body ?? (r.isConversations ? null : '')) : null,
    attributes: attributes ?? '{}',
    media: contentSid === null ? media : null,
    participantSid: authorSid,
    contentSid,
    subject: r.str('Subject') ?? null,
    lastUpdatedBy: r.str('LastUpdatedBy') ?? null,
    ...(dateCreated === undefined ? {} : { dateCreated }),
    ...(dateUpdated === undefined ? {} : { dateUpdated }),
  });
  if (r.isConversations) addReceipts(r, channel, message);
  emit(r, service, Events.messageAdded, messageEventFields(r, channel, message), channel);
  return message;
}

function update(r: Request, { service, channel }: Scope): Message {
  assertOpen(channel);
  const message = messageOf(r, channel);
  const attributes = r.json('Attributes');
  const body = r.str('Body');
  if (body !== undefined && body !== message.body) {
    message.body = body;
    message.wasEdited = true;
  }
  if (attributes !== undefined) message.attributes = attributes;
  message.author = r.str(r.isConversations ? 'Author' : 'From') ?? message.author;
  message.lastUpdatedBy = r.str('LastUpdatedBy') ?? message.lastUpdatedBy;
  message.subject = r.str('Subject') ?? message.subject;
  const dateCreated = r.instant('DateCreated');
  if (dateCreated !== undefined) message.dateCreated = dateCreated;
  message.dateUpdated = r.instant('DateUpdated') ?? r.store.now();
  emit(r, service, Events.messageUpdated, messageEventFields(r, channel, message), channel);
  return message;
}

function remove(r: Request, { service, channel }: Scope): void {
  const message = messageOf(r, channel);
  r.store.deleteMessage(channel, message);
  emit(r, service, Events.messageRemoved, messageEventFields(r, channel, message), channel);
}

const chatTable: HandlerTable = {
  ListMessage: (r) => list(ordered(r, scope(r).channel), (m) => chatMessage(r, m)),
  CreateMessage: (r) => created(chatMessage(r, create(r, scope(r)))),
  FetchMessage: (r) => ok(chatMessage(r, messageOf(r, scope(r).channel))),
  UpdateMessage: (r) => ok(chatMessage(r, update(r, scope(r)))),
  DeleteMessage: (r) => {
    remove(r, scope(r));
    return deleted;
  },
};

const conversationTable: HandlerTable = {
  ListConversationMessage: (r) =>
    list(ordered(r, scope(r).channel), (m) => conversationMessage(r, m)),
  CreateConversationMessage: (r) => created(conversationMessage(r, create(r, scope(r)))),
  FetchConversationMessage: (r) => ok(conversationMessage(r, messageOf(r, scope(r).channel))),
  UpdateConversationMessage: (r) => ok(conversationMessage(r, update(r, scope(r)))),
  DeleteConversationMessage: (r) => {
    remove(r, scope(r));
    return deleted;
  },
  ListConversationMessageReceipt: (r) => {
    const message = messageOf(r, scope(r).channel, 'MessageSid');
    const receipts = [...message.receipts.values()].sort((a, b) =>
      a.dateCreated === b.dateCreated ? (a.sid < b.sid ? -1 : 1) : a.dateCreated - b.dateCreated,
    );
    return list(receipts, (d) => receipt(r, d));
  },
  FetchConversationMessageReceipt: (r) => {
    const message = messageOf(r, scope(r).channel, 'MessageSid');
    const found = message.receipts.get(r.path('Sid'));
    if (!found) throw r.notFound();
    return ok(receipt(r, found));
  },
};

export const messageHandlers: HandlerTable = {
  ...prefixed('chat.v1.', chatTable),
  ...prefixed('chat.v2.', chatTable),
  ...bothConversationForms(conversationTable),
};
