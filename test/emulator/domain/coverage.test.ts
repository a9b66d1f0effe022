import { describe, expect, it } from 'vitest';
import type { EmulatorDomain, WireParams } from '../../../src/emulator/contract.js';
import { createDomain, unhandledOperationIds } from '../../../src/emulator/resources/index.js';
import type { OperationSpec } from '../../../src/registry/index.js';
import { operations } from '../../../src/registry/index.js';
import type { WireRecord } from '../../../src/emulator/contract.js';
import { ACCOUNT_SID, call, items, keysOf, record, renderAll, text } from './support.js';

/** What a page token names in a rendered record: its sid, or the row key of SID-less rows. */
function renderedKey(op: OperationSpec, item: WireRecord): unknown {
  if (item.sid !== undefined) return item.sid;
  if (op.id.includes('ParticipantConversation')) return item.participant_sid;
  return item.channel_sid ?? item.conversation_sid;
}
import { schemaProblems } from './schemas.js';

/** SIDs of seeded (and a few created) records every operation can address. */
interface Fixture {
  readonly service: string;
  readonly channel: string;
  readonly member: string;
  readonly user: string;
  readonly message: string;
  readonly role: string;
  readonly binding: string;
  readonly credential: string;
  readonly webhook: string;
  readonly invite: string;
  readonly receiptConversation: string;
  readonly receiptMessage: string;
  readonly receipt: string;
  readonly address: string;
}

function fixture(domain: EmulatorDomain): Fixture {
  const service = text(items(domain, 'chat.v2.ListService')[0]?.sid);
  const at = { ServiceSid: service };
  const general = record(domain, 'chat.v2.FetchChannel', { path: { ...at, Sid: 'general' } });
  const channel = text(general.sid);
  const inChannel = { ...at, ChannelSid: channel };
  const member = items(domain, 'chat.v2.ListMember', { path: inChannel })[0];
  const identity = text(member?.identity);
  const user = record(domain, 'chat.v2.FetchUser', { path: { ...at, Sid: identity } });
  const support = record(domain, 'chat.v2.FetchChannel', { path: { ...at, Sid: 'support' } });
  const supportMessages = items(domain, 'conversations.v1.ListConversationMessage', {
    path: { ConversationSid: text(support.sid) },
    query: { Order: 'desc' },
  });
  const receiptMessage = text(supportMessages[0]?.sid);
  const receipts = items(domain, 'conversations.v1.ListConversationMessageReceipt', {
    path: { ConversationSid: text(support.sid), MessageSid: receiptMessage },
  });
  const bindings = items(domain, 'chat.v2.ListBinding', {
    path: at,
    query: { Identity: identity },
  });
  return {
    service,
    channel,
    member: text(member?.sid),
    user: text(user.sid),
    message: text(items(domain, 'chat.v2.ListMessage', { path: inChannel })[0]?.sid),
    role: text(items(domain, 'chat.v2.ListRole', { path: at })[0]?.sid),
    binding: text(bindings[0]?.sid),
    credential: text(items(domain, 'chat.v2.ListCredential')[0]?.sid),
    webhook: text(
      record(domain, 'chat.v2.CreateChannelWebhook', {
        path: inChannel,
        body: { Type: 'webhook', 'Configuration.Url': 'https://hooks.example.com/channel' },
      }).sid,
    ),
    invite: text(
      record(domain, 'chat.v2.CreateInvite', { path: inChannel, body: { Identity: 'yara' } }).sid,
    ),
    receiptConversation: text(support.sid),
    receiptMessage,
    receipt: text(receipts[0]?.sid),
    address: text(items(domain, 'conversations.v1.ListConfigurationAddress')[0]?.sid),
  };
}

/** The `{Sid}` an operation addresses, by its resource. */
function instanceSid(op: OperationSpec, f: Fixture): string {
  const resource = op.resource.replace(/^(ChatV\d|ConversationsV1)/, '');
  const byResource: Record<string, string> = {
    Channel: f.channel,
    Conversation: f.channel,
    Credential: f.credential,
    Invite: f.invite,
    Member: f.member,
    Participant: f.member,
    Message: f.message,
    Role: f.role,
    Service: f.service,
    User: f.user,
    Binding: f.binding,
    UserBinding: f.binding,
    Webhook: f.webhook,
    AddressConfiguration: f.address,
    DeliveryReceipt: f.receipt,
  };
  const sid = byResource[resource];
  if (sid === undefined) throw new Error(`no fixture for ${op.id}`);
  return sid;
}

function pathFor(op: OperationSpec, f: Fixture): Record<string, string> {
  const receipts = op.resource.endsWith('DeliveryReceipt');
  const values: Record<string, string> = {
    ServiceSid: f.service,
    ChatServiceSid: f.service,
    ChannelSid: f.channel,
    ConversationSid: receipts ? f.receiptConversation : f.channel,
    UserSid: f.user,
    MessageSid: f.receiptMessage,
  };
  const path: Record<string, string> = {};
  for (const param of op.pathParams) {
    path[param.name] = param.name === 'Sid' ? instanceSid(op, f) : (values[param.name] ?? '');
  }
  return path;
}

/** A minimal valid body: every required parameter plus a harmless optional one. */
function bodyFor(op: OperationSpec): WireParams {
  if (op.method !== 'POST') return {};
  const conversations = op.product === 'conversations';
  const samples: Record<string, string | string[]> = {
    FriendlyName: 'Coverage',
    Identity: 'zed',
    Body: 'hello',
    Type: op.resource.endsWith('Role')
      ? conversations
        ? 'conversation'
        : 'channel'
      : op.resource.endsWith('Webhook')
        ? 'webhook'
        : op.resource.endsWith('AddressConfiguration')
          ? 'sms'
          : op.resource.endsWith('Credential')
            ? 'fcm'
            : 'private',
    Target: 'webhook',
    'Configuration.Url': 'https://hooks.example.com/x',
    Permission: ['sendMessage', 'leaveChannel'],
    Address: '+15005550100',
    Participant: ['{"identity":"zed"}'],
    Attributes: '{"coverage":true}',
  };
  const body: Record<string, string | readonly string[]> = {};
  for (const param of op.bodyParams) {
    const sample = samples[param.name];
    if (sample !== undefined && (param.required || OPTIONAL_SAMPLES.has(param.name))) {
      body[param.name] = sample;
    }
  }
  return body;
}

/** Optional parameters worth sending: the operations they belong to need them in practice. */
const OPTIONAL_SAMPLES = new Set(['Attributes', 'Configuration.Url', 'Identity', 'Body']);

function queryFor(op: OperationSpec): WireParams {
  return op.operationName.endsWith('ParticipantConversation') ? { Identity: 'alice' } : {};
}

function hostsFor(op: OperationSpec) {
  return op.product === 'chat' && op.version === 'v2'
    ? (['chat', 'ip-messaging'] as const)
    : ([op.product] as const);
}

describe('every registry operation', () => {
  it('has a domain handler', () => {
    expect(unhandledOperationIds()).toEqual([]);
  });

  for (const op of operations) {
    for (const host of hostsFor(op)) {
      it(`${op.id} on ${host} answers its documented status and exact response shape`, () => {
        const domain = createDomain({ accountSid: ACCOUNT_SID });
        const f = fixture(domain);
        const result = call(domain, op.id, {
          host,
          path: pathFor(op, f),
          query: queryFor(op),
          body: bodyFor(op),
        });
        if (op.kind === 'delete') {
          expect(result.kind).toBe('empty');
          return;
        }
        const schema = op.responseSchema ?? '';
        if (op.kind === 'list') {
          expect(result.kind).toBe('list');
          if (result.kind !== 'list') return;
          expect(result.entities.length).toBeGreaterThan(0);
          const rendered = renderAll(result);
          for (const item of rendered) expect(schemaProblems(schema, item)).toEqual([]);
          // Page tokens are built from keyOf; clients see the rendered key, so they must agree.
          expect(keysOf(result)).toEqual(rendered.map((item) => renderedKey(op, item)));
          return;
        }
        expect(result.kind).toBe('record');
        if (result.kind !== 'record') return;
        expect(result.status).toBe(op.successStatus);
        expect(schemaProblems(schema, result.body)).toEqual([]);
        if (typeof result.body.url === 'string') {
          expect(result.body.url.startsWith(`http://127.0.0.1:4010/${host}/${op.version}/`)).toBe(
            true,
          );
        }
      });
    }
  }
});
