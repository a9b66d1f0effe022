/**
 * Every one of the 198 registry operations, called over HTTP with our own `TwilioClient`
 * against a fresh emulator: parents are created first, children fetched, listed and updated,
 * and everything deleted last, children before parents. Chat v2 runs twice, on the `chat` host
 * and on the `ip-messaging` host (all 54 operations on each). Every call must answer the
 * registry's success status with a body that honours the OpenAPI contract; at the end the set of
 * operation ids the emulator's request log saw must be exactly the registry.
 *
 * Bindings and delivery receipts have no create operation in any of these APIs: Twilio makes
 * them when a device registers for push or a message reaches an SMS participant. They come from
 * the small seed instead (3 bindings per seeded service; receipts on the last messages of the
 * second seeded conversation, which has an SMS participant).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeEmulatorResponses, startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  getOperation,
  hostServes,
  hostsOf,
  operationIds,
  operations,
} from '../../src/registry/index.js';
import type { HostProduct, OperationSpec } from '../../src/registry/index.js';
import { isTwilioError, type TwilioClient } from '../../src/twilio/index.js';
import type { CallEntry, TwilioParams } from '../../src/twilio/index.js';
import { emulatorClient } from '../support/emulator-client.js';
import { responseProblems } from '../support/openapi-contract.js';

type Json = Record<string, unknown>;

/** SIDs and names the steps hand to each other. */
class State {
  private readonly values = new Map<string, string>();

  set(name: string, value: unknown): void {
    if (typeof value !== 'string' || value === '') {
      throw new Error(`expected a string for ${name}, got ${JSON.stringify(value)}`);
    }
    this.values.set(name, value);
  }

  get(name: string): string {
    const value = this.values.get(name);
    if (value === undefined) throw new Error(`no ${name} yet (a step ran out of order)`);
    return value;
  }
}

/** Calls an operation through the client under test (the steps' helper lookups use it too). */
type Caller = (id: string, params?: TwilioParams, host?: HostProduct) => Promise<Json>;

interface Step {
  readonly id: string;
  readonly host?: HostProduct;
  readonly params?: (s: State) => TwilioParams;
  /** Reads what later steps need from the answer. */
  readonly keep?: (body: Json, s: State, call: Caller) => void | Promise<void>;
}

function asJson(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Json;
}

/** The items of a list answer (`meta.key` names the array). */
function itemsOf(body: Json): Json[] {
  const meta = asJson(body.meta);
  const items = body[String(meta.key)];
  if (!Array.isArray(items)) throw new Error(`no ${String(meta.key)} array in the answer`);
  return items.map(asJson);
}

const HOOK = 'https://hooks.example.com/coverage';

/** Chat v2 on `host`; state names are prefixed so the two hosts keep separate records. */
function chatV2Steps(host: 'chat' | 'ip-messaging', seededService: string): Step[] {
  const p = `${host}:`;
  const svc = (s: State) => ({ ServiceSid: s.get(`${p}service`) });
  const chan = (s: State) => ({ ...svc(s), ChannelSid: s.get(`${p}channel`) });
  const steps: Omit<Step, 'host'>[] = [
    {
      id: 'chat.v2.CreateService',
      params: () => ({ FriendlyName: `v2 ${host}` }),
      keep: (b, s) => s.set(`${p}service`, b.sid),
    },
    { id: 'chat.v2.ListService' },
    { id: 'chat.v2.FetchService', params: (s) => ({ Sid: s.get(`${p}service`) }) },
    {
      id: 'chat.v2.UpdateService',
      params: (s) => ({
        Sid: s.get(`${p}service`),
        FriendlyName: `v2 ${host} renamed`,
        ReachabilityEnabled: true,
        'Limits.ChannelMembers': 50,
      }),
    },
    {
      id: 'chat.v2.CreateCredential',
      params: () => ({ Type: 'fcm', FriendlyName: 'push', Secret: 'fcm-secret' }),
      keep: (b, s) => s.set(`${p}credential`, b.sid),
    },
    { id: 'chat.v2.ListCredential' },
    { id: 'chat.v2.FetchCredential', params: (s) => ({ Sid: s.get(`${p}credential`) }) },
    {
      id: 'chat.v2.UpdateCredential',
      params: (s) => ({ Sid: s.get(`${p}credential`), FriendlyName: 'push 2' }),
    },
    {
      id: 'chat.v2.CreateRole',
      params: (s) => ({
        ...svc(s),
        FriendlyName: 'moderator',
        Type: 'channel',
        Permission: ['sendMessage', 'leaveChannel'],
      }),
      keep: (b, s) => s.set(`${p}role`, b.sid),
    },
    { id: 'chat.v2.ListRole', params: svc },
    { id: 'chat.v2.FetchRole', params: (s) => ({ ...svc(s), Sid: s.get(`${p}role`) }) },
    {
      id: 'chat.v2.UpdateRole',
      params: (s) => ({ ...svc(s), Sid: s.get(`${p}role`), Permission: ['sendMessage'] }),
    },
    {
      id: 'chat.v2.CreateUser',
      params: (s) => ({ ...svc(s), Identity: 'v2-user', FriendlyName: 'V2' }),
      keep: (b, s) => s.set(`${p}user`, b.sid),
    },
    { id: 'chat.v2.ListUser', params: svc },
    { id: 'chat.v2.FetchUser', params: (s) => ({ ...svc(s), Sid: s.get(`${p}user`) }) },
    {
      id: 'chat.v2.UpdateUser',
      params: (s) => ({ ...svc(s), Sid: s.get(`${p}user`), Attributes: '{"level":2}' }),
    },
    {
      id: 'chat.v2.CreateChannel',
      params: (s) => ({ ...svc(s), FriendlyName: 'Lobby', UniqueName: 'lobby', Type: 'public' }),
      keep: (b, s) => s.set(`${p}channel`, b.sid),
    },
    { id: 'chat.v2.ListChannel', params: svc },
    { id: 'chat.v2.FetchChannel', params: (s) => ({ ...svc(s), Sid: s.get(`${p}channel`) }) },
    {
      id: 'chat.v2.UpdateChannel',
      params: (s) => ({ ...svc(s), Sid: s.get(`${p}channel`), FriendlyName: 'Lobby 2' }),
    },
    {
      id: 'chat.v2.CreateMember',
      params: (s) => ({ ...chan(s), Identity: 'v2-user' }),
      keep: (b, s) => s.set(`${p}member`, b.sid),
    },
    { id: 'chat.v2.ListMember', params: chan },
    { id: 'chat.v2.FetchMember', params: (s) => ({ ...chan(s), Sid: s.get(`${p}member`) }) },
    {
      id: 'chat.v2.UpdateMember',
      params: (s) => ({ ...chan(s), Sid: s.get(`${p}member`), Attributes: '{"seat":1}' }),
    },
    {
      id: 'chat.v2.CreateMessage',
      params: (s) => ({ ...chan(s), From: 'v2-user', Body: 'hello' }),
      keep: (b, s) => s.set(`${p}message`, b.sid),
    },
    { id: 'chat.v2.ListMessage', params: chan },
    { id: 'chat.v2.FetchMessage', params: (s) => ({ ...chan(s), Sid: s.get(`${p}message`) }) },
    {
      id: 'chat.v2.UpdateMessage',
      params: (s) => ({ ...chan(s), Sid: s.get(`${p}message`), Body: 'hello again' }),
    },
    {
      id: 'chat.v2.CreateInvite',
      params: (s) => ({ ...chan(s), Identity: 'v2-guest' }),
      keep: (b, s) => s.set(`${p}invite`, b.sid),
    },
    { id: 'chat.v2.ListInvite', params: chan },
    { id: 'chat.v2.FetchInvite', params: (s) => ({ ...chan(s), Sid: s.get(`${p}invite`) }) },
    {
      id: 'chat.v2.CreateChannelWebhook',
      params: (s) => ({
        ...chan(s),
        Type: 'webhook',
        'Configuration.Url': HOOK,
        'Configuration.Method': 'POST',
        'Configuration.Filters': ['onMessageSent'],
      }),
      keep: (b, s) => s.set(`${p}webhook`, b.sid),
    },
    { id: 'chat.v2.ListChannelWebhook', params: chan },
    {
      id: 'chat.v2.FetchChannelWebhook',
      params: (s) => ({ ...chan(s), Sid: s.get(`${p}webhook`) }),
    },
    {
      id: 'chat.v2.UpdateChannelWebhook',
      params: (s) => ({ ...chan(s), Sid: s.get(`${p}webhook`), 'Configuration.Url': `${HOOK}/2` }),
    },
    // A second channel the user joins, so that leaving it (DeleteUserChannel) and removing the
    // member of the first one (DeleteMember) each have a membership of their own.
    {
      id: 'chat.v2.CreateChannel',
      params: (s) => ({ ...svc(s), FriendlyName: 'Side room', Type: 'private' }),
      keep: (b, s) => s.set(`${p}side`, b.sid),
    },
    {
      id: 'chat.v2.CreateMember',
      params: (s) => ({ ...svc(s), ChannelSid: s.get(`${p}side`), Identity: 'v2-user' }),
    },
    { id: 'chat.v2.ListUserChannel', params: (s) => ({ ...svc(s), UserSid: s.get(`${p}user`) }) },
    {
      id: 'chat.v2.FetchUserChannel',
      params: (s) => ({ ...svc(s), UserSid: s.get(`${p}user`), ChannelSid: s.get(`${p}channel`) }),
    },
    {
      id: 'chat.v2.UpdateUserChannel',
      params: (s) => ({
        ...svc(s),
        UserSid: s.get(`${p}user`),
        ChannelSid: s.get(`${p}channel`),
        NotificationLevel: 'muted',
      }),
    },
    {
      id: 'chat.v2.DeleteUserChannel',
      params: (s) => ({ ...svc(s), UserSid: s.get(`${p}user`), ChannelSid: s.get(`${p}side`) }),
    },
    // Bindings (seeded): one goes through the service collection, one through its user.
    {
      id: 'chat.v2.ListBinding',
      params: () => ({ ServiceSid: seededService }),
      keep: (b, s) => {
        const [first, second] = itemsOf(b);
        s.set(`${p}binding`, first?.sid);
        s.set(`${p}bindingIdentity`, second?.identity);
      },
    },
    {
      id: 'chat.v2.FetchBinding',
      params: (s) => ({ ServiceSid: seededService, Sid: s.get(`${p}binding`) }),
    },
    {
      id: 'chat.v2.DeleteBinding',
      params: (s) => ({ ServiceSid: seededService, Sid: s.get(`${p}binding`) }),
    },
    // Chat addresses a user by identity as well as by SID.
    {
      id: 'chat.v2.FetchUser',
      params: (s) => ({ ServiceSid: seededService, Sid: s.get(`${p}bindingIdentity`) }),
      keep: (b, s) => s.set(`${p}bindingUser`, b.sid),
    },
    {
      id: 'chat.v2.ListUserBinding',
      params: (s) => ({ ServiceSid: seededService, UserSid: s.get(`${p}bindingUser`) }),
      keep: (b, s) => s.set(`${p}userBinding`, itemsOf(b)[0]?.sid),
    },
    {
      id: 'chat.v2.FetchUserBinding',
      params: (s) => ({
        ServiceSid: seededService,
        UserSid: s.get(`${p}bindingUser`),
        Sid: s.get(`${p}userBinding`),
      }),
    },
    {
      id: 'chat.v2.DeleteUserBinding',
      params: (s) => ({
        ServiceSid: seededService,
        UserSid: s.get(`${p}bindingUser`),
        Sid: s.get(`${p}userBinding`),
      }),
    },
    // Deletes, children first.
    {
      id: 'chat.v2.DeleteChannelWebhook',
      params: (s) => ({ ...chan(s), Sid: s.get(`${p}webhook`) }),
    },
    { id: 'chat.v2.DeleteInvite', params: (s) => ({ ...chan(s), Sid: s.get(`${p}invite`) }) },
    { id: 'chat.v2.DeleteMessage', params: (s) => ({ ...chan(s), Sid: s.get(`${p}message`) }) },
    { id: 'chat.v2.DeleteMember', params: (s) => ({ ...chan(s), Sid: s.get(`${p}member`) }) },
    { id: 'chat.v2.DeleteChannel', params: (s) => ({ ...svc(s), Sid: s.get(`${p}side`) }) },
    { id: 'chat.v2.DeleteChannel', params: (s) => ({ ...svc(s), Sid: s.get(`${p}channel`) }) },
    { id: 'chat.v2.DeleteUser', params: (s) => ({ ...svc(s), Sid: s.get(`${p}user`) }) },
    { id: 'chat.v2.DeleteRole', params: (s) => ({ ...svc(s), Sid: s.get(`${p}role`) }) },
    { id: 'chat.v2.DeleteCredential', params: (s) => ({ Sid: s.get(`${p}credential`) }) },
    { id: 'chat.v2.DeleteService', params: (s) => ({ Sid: s.get(`${p}service`) }) },
  ];
  return steps.map((step) => ({ ...step, host }));
}

function chatV1Steps(): Step[] {
  const svc = (s: State) => ({ ServiceSid: s.get('v1:service') });
  const chan = (s: State) => ({ ...svc(s), ChannelSid: s.get('v1:channel') });
  return [
    {
      id: 'chat.v1.CreateService',
      params: () => ({ FriendlyName: 'v1' }),
      keep: (b, s) => s.set('v1:service', b.sid),
    },
    { id: 'chat.v1.ListService' },
    { id: 'chat.v1.FetchService', params: (s) => ({ Sid: s.get('v1:service') }) },
    {
      id: 'chat.v1.UpdateService',
      params: (s) => ({
        Sid: s.get('v1:service'),
        FriendlyName: 'v1 renamed',
        'Webhooks.OnMessageSend.Url': HOOK,
      }),
    },
    {
      id: 'chat.v1.CreateCredential',
      params: () => ({ Type: 'apn', FriendlyName: 'ios', Certificate: 'cert', PrivateKey: 'key' }),
      keep: (b, s) => s.set('v1:credential', b.sid),
    },
    { id: 'chat.v1.ListCredential' },
    { id: 'chat.v1.FetchCredential', params: (s) => ({ Sid: s.get('v1:credential') }) },
    {
      id: 'chat.v1.UpdateCredential',
      params: (s) => ({ Sid: s.get('v1:credential'), Sandbox: true }),
    },
    {
      id: 'chat.v1.CreateRole',
      params: (s) => ({
        ...svc(s),
        FriendlyName: 'helper',
        Type: 'deployment',
        Permission: ['createChannel'],
      }),
      keep: (b, s) => s.set('v1:role', b.sid),
    },
    { id: 'chat.v1.ListRole', params: svc },
    { id: 'chat.v1.FetchRole', params: (s) => ({ ...svc(s), Sid: s.get('v1:role') }) },
    {
      id: 'chat.v1.UpdateRole',
      params: (s) => ({
        ...svc(s),
        Sid: s.get('v1:role'),
        Permission: ['createChannel', 'joinChannel'],
      }),
    },
    {
      id: 'chat.v1.CreateUser',
      params: (s) => ({ ...svc(s), Identity: 'v1-user' }),
      keep: (b, s) => s.set('v1:user', b.sid),
    },
    { id: 'chat.v1.ListUser', params: svc },
    { id: 'chat.v1.FetchUser', params: (s) => ({ ...svc(s), Sid: s.get('v1:user') }) },
    {
      id: 'chat.v1.UpdateUser',
      params: (s) => ({ ...svc(s), Sid: s.get('v1:user'), FriendlyName: 'V1' }),
    },
    {
      id: 'chat.v1.CreateChannel',
      params: (s) => ({ ...svc(s), FriendlyName: 'v1 room', Type: 'private' }),
      keep: (b, s) => s.set('v1:channel', b.sid),
    },
    { id: 'chat.v1.ListChannel', params: svc },
    { id: 'chat.v1.FetchChannel', params: (s) => ({ ...svc(s), Sid: s.get('v1:channel') }) },
    {
      id: 'chat.v1.UpdateChannel',
      params: (s) => ({ ...svc(s), Sid: s.get('v1:channel'), Attributes: '{"v":1}' }),
    },
    {
      id: 'chat.v1.CreateMember',
      params: (s) => ({ ...chan(s), Identity: 'v1-user' }),
      keep: (b, s) => s.set('v1:member', b.sid),
    },
    { id: 'chat.v1.ListMember', params: chan },
    { id: 'chat.v1.FetchMember', params: (s) => ({ ...chan(s), Sid: s.get('v1:member') }) },
    { id: 'chat.v1.ListUserChannel', params: (s) => ({ ...svc(s), UserSid: s.get('v1:user') }) },
    {
      id: 'chat.v1.CreateMessage',
      params: (s) => ({ ...chan(s), Body: 'v1 hello', From: 'v1-user' }),
      keep: (b, s) => s.set('v1:message', b.sid),
    },
    { id: 'chat.v1.ListMessage', params: chan },
    { id: 'chat.v1.FetchMessage', params: (s) => ({ ...chan(s), Sid: s.get('v1:message') }) },
    {
      id: 'chat.v1.UpdateMessage',
      params: (s) => ({ ...chan(s), Sid: s.get('v1:message'), Body: 'v1 edited' }),
    },
    {
      id: 'chat.v1.UpdateMember',
      params: (s) => ({ ...chan(s), Sid: s.get('v1:member'), LastConsumedMessageIndex: 0 }),
    },
    {
      id: 'chat.v1.CreateInvite',
      params: (s) => ({ ...chan(s), Identity: 'v1-guest' }),
      keep: (b, s) => s.set('v1:invite', b.sid),
    },
    { id: 'chat.v1.ListInvite', params: chan },
    { id: 'chat.v1.FetchInvite', params: (s) => ({ ...chan(s), Sid: s.get('v1:invite') }) },
    { id: 'chat.v1.DeleteInvite', params: (s) => ({ ...chan(s), Sid: s.get('v1:invite') }) },
    { id: 'chat.v1.DeleteMessage', params: (s) => ({ ...chan(s), Sid: s.get('v1:message') }) },
    { id: 'chat.v1.DeleteMember', params: (s) => ({ ...chan(s), Sid: s.get('v1:member') }) },
    { id: 'chat.v1.DeleteChannel', params: (s) => ({ ...svc(s), Sid: s.get('v1:channel') }) },
    { id: 'chat.v1.DeleteUser', params: (s) => ({ ...svc(s), Sid: s.get('v1:user') }) },
    { id: 'chat.v1.DeleteRole', params: (s) => ({ ...svc(s), Sid: s.get('v1:role') }) },
    { id: 'chat.v1.DeleteCredential', params: (s) => ({ Sid: s.get('v1:credential') }) },
    { id: 'chat.v1.DeleteService', params: (s) => ({ Sid: s.get('v1:service') }) },
  ];
}

/** Finds a seeded message with delivery receipts by asking the API (the seed's SMS conversation). */
async function findReceipt(s: State, list: Caller): Promise<void> {
  const service = s.get('defaultService');
  const conversations = itemsOf(
    await list('conversations.v1.ListServiceConversation', { ChatServiceSid: service }),
  );
  for (const conversation of conversations) {
    const at = { ChatServiceSid: service, ConversationSid: conversation.sid };
    const messages = itemsOf(
      await list('conversations.v1.ListServiceConversationMessage', {
        ...at,
        Order: 'desc',
        PageSize: 1,
      }),
    );
    const message = messages[0];
    if (!message) continue;
    const receipts = itemsOf(
      await list('conversations.v1.ListServiceConversationMessageReceipt', {
        ...at,
        MessageSid: message.sid,
      }),
    );
    if (receipts.length === 0) continue;
    s.set('receiptConversation', conversation.sid);
    s.set('receiptMessage', message.sid);
    s.set('receipt', receipts[0]?.sid);
    return;
  }
  throw new Error('the seed has no message with delivery receipts');
}

function conversationsSteps(): Step[] {
  const conv = (s: State) => ({ ConversationSid: s.get('conversation') });
  const svc = (s: State) => ({ ChatServiceSid: s.get('service') });
  const sconv = (s: State) => ({ ...svc(s), ConversationSid: s.get('serviceConversation') });
  const receiptAt = (s: State) => ({
    ConversationSid: s.get('receiptConversation'),
    MessageSid: s.get('receiptMessage'),
  });
  return [
    // Account configuration.
    {
      id: 'conversations.v1.FetchConfiguration',
      keep: async (b, s, call) => {
        s.set('defaultService', b.default_chat_service_sid);
        await findReceipt(s, call);
      },
    },
    {
      id: 'conversations.v1.UpdateConfiguration',
      params: (s) => ({
        DefaultChatServiceSid: s.get('defaultService'),
        DefaultInactiveTimer: 'PT1H',
      }),
    },
    { id: 'conversations.v1.FetchConfigurationWebhook' },
    {
      id: 'conversations.v1.UpdateConfigurationWebhook',
      params: () => ({
        Method: 'POST',
        PreWebhookUrl: HOOK,
        Filters: ['onMessageAdd'],
        Target: 'webhook',
      }),
    },
    { id: 'conversations.v1.ListConfigurationAddress' },
    {
      id: 'conversations.v1.CreateConfigurationAddress',
      params: () => ({ Type: 'sms', Address: '+15005550199', FriendlyName: 'coverage number' }),
      keep: (b, s) => s.set('address', b.sid),
    },
    {
      id: 'conversations.v1.FetchConfigurationAddress',
      params: (s) => ({ Sid: s.get('address') }),
    },
    {
      id: 'conversations.v1.UpdateConfigurationAddress',
      params: (s) => ({ Sid: s.get('address'), FriendlyName: 'renamed number' }),
    },
    // Credentials and account roles.
    {
      id: 'conversations.v1.CreateCredential',
      params: () => ({ Type: 'fcm', FriendlyName: 'android', Secret: 'fcm' }),
      keep: (b, s) => s.set('credential', b.sid),
    },
    { id: 'conversations.v1.ListCredential' },
    { id: 'conversations.v1.FetchCredential', params: (s) => ({ Sid: s.get('credential') }) },
    {
      id: 'conversations.v1.UpdateCredential',
      params: (s) => ({ Sid: s.get('credential'), FriendlyName: 'android 2' }),
    },
    {
      id: 'conversations.v1.CreateRole',
      params: () => ({
        FriendlyName: 'speaker',
        Type: 'conversation',
        Permission: ['sendMessage', 'leaveConversation'],
      }),
      keep: (b, s) => s.set('role', b.sid),
    },
    { id: 'conversations.v1.ListRole' },
    { id: 'conversations.v1.FetchRole', params: (s) => ({ Sid: s.get('role') }) },
    {
      id: 'conversations.v1.UpdateRole',
      params: (s) => ({ Sid: s.get('role'), Permission: ['sendMessage'] }),
    },
    // Users, conversations, participants, messages and webhooks of the default service.
    {
      id: 'conversations.v1.CreateUser',
      params: () => ({ Identity: 'cov-user', FriendlyName: 'Cov' }),
      keep: (b, s) => s.set('user', b.sid),
    },
    { id: 'conversations.v1.ListUser' },
    { id: 'conversations.v1.FetchUser', params: (s) => ({ Sid: s.get('user') }) },
    {
      id: 'conversations.v1.UpdateUser',
      params: (s) => ({ Sid: s.get('user'), Attributes: '{"vip":true}' }),
    },
    {
      id: 'conversations.v1.CreateConversation',
      params: () => ({
        FriendlyName: 'Coverage',
        UniqueName: 'coverage',
        State: 'active',
        // Timers need State on create (Twilio's 50382).
        'Timers.Closed': 'P1D',
      }),
      keep: (b, s) => s.set('conversation', b.sid),
    },
    { id: 'conversations.v1.ListConversation' },
    { id: 'conversations.v1.FetchConversation', params: (s) => ({ Sid: s.get('conversation') }) },
    {
      id: 'conversations.v1.UpdateConversation',
      params: (s) => ({ Sid: s.get('conversation'), FriendlyName: 'Coverage 2' }),
    },
    {
      id: 'conversations.v1.CreateConversationParticipant',
      params: (s) => ({ ...conv(s), Identity: 'cov-user' }),
      keep: (b, s) => s.set('participant', b.sid),
    },
    { id: 'conversations.v1.ListConversationParticipant', params: conv },
    {
      id: 'conversations.v1.FetchConversationParticipant',
      params: (s) => ({ ...conv(s), Sid: s.get('participant') }),
    },
    {
      id: 'conversations.v1.CreateConversationMessage',
      params: (s) => ({ ...conv(s), Author: 'cov-user', Body: 'hi' }),
      keep: (b, s) => s.set('message', b.sid),
    },
    { id: 'conversations.v1.ListConversationMessage', params: conv },
    {
      id: 'conversations.v1.FetchConversationMessage',
      params: (s) => ({ ...conv(s), Sid: s.get('message') }),
    },
    {
      id: 'conversations.v1.UpdateConversationMessage',
      params: (s) => ({ ...conv(s), Sid: s.get('message'), Body: 'hi!' }),
    },
    {
      id: 'conversations.v1.UpdateConversationParticipant',
      params: (s) => ({
        ...conv(s),
        Sid: s.get('participant'),
        LastReadMessageIndex: 0,
        Attributes: '{"seat":2}',
      }),
    },
    {
      id: 'conversations.v1.CreateConversationScopedWebhook',
      params: (s) => ({
        ...conv(s),
        Target: 'webhook',
        'Configuration.Url': HOOK,
        'Configuration.Method': 'post',
        'Configuration.Filters': ['onMessageAdded'],
      }),
      keep: (b, s) => s.set('webhook', b.sid),
    },
    { id: 'conversations.v1.ListConversationScopedWebhook', params: conv },
    {
      id: 'conversations.v1.FetchConversationScopedWebhook',
      params: (s) => ({ ...conv(s), Sid: s.get('webhook') }),
    },
    {
      id: 'conversations.v1.UpdateConversationScopedWebhook',
      params: (s) => ({ ...conv(s), Sid: s.get('webhook'), 'Configuration.Url': `${HOOK}/2` }),
    },
    {
      id: 'conversations.v1.CreateConversationWithParticipants',
      params: () => ({ FriendlyName: 'Pair', Participant: ['{"identity":"cov-user"}'] }),
      keep: (b, s) => s.set('pair', b.sid),
    },
    {
      id: 'conversations.v1.ListParticipantConversation',
      params: () => ({ Identity: 'cov-user' }),
    },
    { id: 'conversations.v1.ListUserConversation', params: (s) => ({ UserSid: s.get('user') }) },
    {
      id: 'conversations.v1.FetchUserConversation',
      params: (s) => ({ UserSid: s.get('user'), ConversationSid: s.get('conversation') }),
    },
    {
      id: 'conversations.v1.UpdateUserConversation',
      params: (s) => ({
        UserSid: s.get('user'),
        ConversationSid: s.get('conversation'),
        NotificationLevel: 'muted',
      }),
    },
    // Leaving the pair conversation keeps the participant of the first one for its own delete.
    {
      id: 'conversations.v1.DeleteUserConversation',
      params: (s) => ({ UserSid: s.get('user'), ConversationSid: s.get('pair') }),
    },
    // Receipts (seeded), account-level paths.
    { id: 'conversations.v1.ListConversationMessageReceipt', params: receiptAt },
    {
      id: 'conversations.v1.FetchConversationMessageReceipt',
      params: (s) => ({ ...receiptAt(s), Sid: s.get('receipt') }),
    },
    // A service of its own and everything under it.
    {
      id: 'conversations.v1.CreateService',
      params: () => ({ FriendlyName: 'Coverage service' }),
      keep: (b, s) => s.set('service', b.sid),
    },
    { id: 'conversations.v1.ListService' },
    { id: 'conversations.v1.FetchService', params: (s) => ({ Sid: s.get('service') }) },
    { id: 'conversations.v1.FetchServiceConfiguration', params: svc },
    {
      id: 'conversations.v1.UpdateServiceConfiguration',
      params: (s) => ({ ...svc(s), ReachabilityEnabled: true }),
    },
    { id: 'conversations.v1.FetchServiceNotification', params: svc },
    {
      id: 'conversations.v1.UpdateServiceNotification',
      params: (s) => ({
        ...svc(s),
        LogEnabled: true,
        'NewMessage.Enabled': true,
        'NewMessage.Template': '${PARTICIPANT}: ${MESSAGE}',
      }),
    },
    { id: 'conversations.v1.FetchServiceWebhookConfiguration', params: svc },
    {
      id: 'conversations.v1.UpdateServiceWebhookConfiguration',
      params: (s) => ({
        ...svc(s),
        PostWebhookUrl: HOOK,
        Method: 'POST',
        Filters: ['onMessageAdded'],
      }),
    },
    {
      id: 'conversations.v1.CreateServiceRole',
      params: (s) => ({
        ...svc(s),
        FriendlyName: 'host',
        Type: 'service',
        Permission: ['addParticipant'],
      }),
      keep: (b, s) => s.set('serviceRole', b.sid),
    },
    { id: 'conversations.v1.ListServiceRole', params: svc },
    {
      id: 'conversations.v1.FetchServiceRole',
      params: (s) => ({ ...svc(s), Sid: s.get('serviceRole') }),
    },
    {
      id: 'conversations.v1.UpdateServiceRole',
      params: (s) => ({
        ...svc(s),
        Sid: s.get('serviceRole'),
        Permission: ['addParticipant', 'removeParticipant'],
      }),
    },
    {
      id: 'conversations.v1.CreateServiceUser',
      params: (s) => ({ ...svc(s), Identity: 'svc-user' }),
      keep: (b, s) => s.set('serviceUser', b.sid),
    },
    { id: 'conversations.v1.ListServiceUser', params: svc },
    {
      id: 'conversations.v1.FetchServiceUser',
      params: (s) => ({ ...svc(s), Sid: s.get('serviceUser') }),
    },
    {
      id: 'conversations.v1.UpdateServiceUser',
      params: (s) => ({ ...svc(s), Sid: s.get('serviceUser'), FriendlyName: 'Svc' }),
    },
    {
      id: 'conversations.v1.CreateServiceConversation',
      params: (s) => ({ ...svc(s), FriendlyName: 'In service' }),
      keep: (b, s) => s.set('serviceConversation', b.sid),
    },
    { id: 'conversations.v1.ListServiceConversation', params: svc },
    {
      id: 'conversations.v1.FetchServiceConversation',
      params: (s) => ({ ...svc(s), Sid: s.get('serviceConversation') }),
    },
    {
      id: 'conversations.v1.UpdateServiceConversation',
      params: (s) => ({ ...svc(s), Sid: s.get('serviceConversation'), State: 'inactive' }),
    },
    {
      id: 'conversations.v1.CreateServiceConversationParticipant',
      params: (s) => ({ ...sconv(s), Identity: 'svc-user' }),
      keep: (b, s) => s.set('serviceParticipant', b.sid),
    },
    { id: 'conversations.v1.ListServiceConversationParticipant', params: sconv },
    {
      id: 'conversations.v1.FetchServiceConversationParticipant',
      params: (s) => ({ ...sconv(s), Sid: s.get('serviceParticipant') }),
    },
    {
      id: 'conversations.v1.UpdateServiceConversationParticipant',
      params: (s) => ({ ...sconv(s), Sid: s.get('serviceParticipant'), Attributes: '{"x":1}' }),
    },
    {
      id: 'conversations.v1.CreateServiceConversationMessage',
      params: (s) => ({ ...sconv(s), Author: 'svc-user', Body: 'in service' }),
      keep: (b, s) => s.set('serviceMessage', b.sid),
    },
    { id: 'conversations.v1.ListServiceConversationMessage', params: sconv },
    {
      id: 'conversations.v1.FetchServiceConversationMessage',
      params: (s) => ({ ...sconv(s), Sid: s.get('serviceMessage') }),
    },
    {
      id: 'conversations.v1.UpdateServiceConversationMessage',
      params: (s) => ({ ...sconv(s), Sid: s.get('serviceMessage'), Attributes: '{"edited":true}' }),
    },
    {
      id: 'conversations.v1.CreateServiceConversationScopedWebhook',
      params: (s) => ({
        ...sconv(s),
        Target: 'webhook',
        'Configuration.Url': HOOK,
        'Configuration.Method': 'get',
      }),
      keep: (b, s) => s.set('serviceWebhook', b.sid),
    },
    { id: 'conversations.v1.ListServiceConversationScopedWebhook', params: sconv },
    {
      id: 'conversations.v1.FetchServiceConversationScopedWebhook',
      params: (s) => ({ ...sconv(s), Sid: s.get('serviceWebhook') }),
    },
    {
      id: 'conversations.v1.UpdateServiceConversationScopedWebhook',
      params: (s) => ({
        ...sconv(s),
        Sid: s.get('serviceWebhook'),
        'Configuration.Method': 'post',
      }),
    },
    {
      id: 'conversations.v1.CreateServiceConversationWithParticipants',
      params: (s) => ({
        ...svc(s),
        FriendlyName: 'Service pair',
        Participant: ['{"identity":"svc-user"}'],
      }),
      keep: (b, s) => s.set('servicePair', b.sid),
    },
    {
      id: 'conversations.v1.ListServiceParticipantConversation',
      params: (s) => ({ ...svc(s), Identity: 'svc-user' }),
    },
    {
      id: 'conversations.v1.ListServiceUserConversation',
      params: (s) => ({ ...svc(s), UserSid: s.get('serviceUser') }),
    },
    {
      id: 'conversations.v1.FetchServiceUserConversation',
      params: (s) => ({
        ...svc(s),
        UserSid: s.get('serviceUser'),
        ConversationSid: s.get('serviceConversation'),
      }),
    },
    {
      id: 'conversations.v1.UpdateServiceUserConversation',
      params: (s) => ({
        ...svc(s),
        UserSid: s.get('serviceUser'),
        ConversationSid: s.get('serviceConversation'),
        LastReadMessageIndex: 0,
      }),
    },
    {
      id: 'conversations.v1.DeleteServiceUserConversation',
      params: (s) => ({
        ...svc(s),
        UserSid: s.get('serviceUser'),
        ConversationSid: s.get('servicePair'),
      }),
    },
    // Receipts and bindings live in the seeded default service.
    {
      id: 'conversations.v1.ListServiceConversationMessageReceipt',
      params: (s) => ({ ChatServiceSid: s.get('defaultService'), ...receiptAt(s) }),
    },
    {
      id: 'conversations.v1.FetchServiceConversationMessageReceipt',
      params: (s) => ({
        ChatServiceSid: s.get('defaultService'),
        ...receiptAt(s),
        Sid: s.get('receipt'),
      }),
    },
    {
      id: 'conversations.v1.ListServiceBinding',
      params: (s) => ({ ChatServiceSid: s.get('defaultService') }),
      keep: (b, s) => s.set('binding', itemsOf(b)[0]?.sid),
    },
    {
      id: 'conversations.v1.FetchServiceBinding',
      params: (s) => ({ ChatServiceSid: s.get('defaultService'), Sid: s.get('binding') }),
    },
    {
      id: 'conversations.v1.DeleteServiceBinding',
      params: (s) => ({ ChatServiceSid: s.get('defaultService'), Sid: s.get('binding') }),
    },
    // Deletes, children first.
    {
      id: 'conversations.v1.DeleteServiceConversationScopedWebhook',
      params: (s) => ({ ...sconv(s), Sid: s.get('serviceWebhook') }),
    },
    {
      id: 'conversations.v1.DeleteServiceConversationMessage',
      params: (s) => ({ ...sconv(s), Sid: s.get('serviceMessage') }),
    },
    {
      id: 'conversations.v1.DeleteServiceConversationParticipant',
      params: (s) => ({ ...sconv(s), Sid: s.get('serviceParticipant') }),
    },
    {
      id: 'conversations.v1.DeleteServiceConversation',
      params: (s) => ({ ...svc(s), Sid: s.get('serviceConversation') }),
    },
    {
      id: 'conversations.v1.DeleteServiceUser',
      params: (s) => ({ ...svc(s), Sid: s.get('serviceUser') }),
    },
    {
      id: 'conversations.v1.DeleteServiceRole',
      params: (s) => ({ ...svc(s), Sid: s.get('serviceRole') }),
    },
    { id: 'conversations.v1.DeleteService', params: (s) => ({ Sid: s.get('service') }) },
    {
      id: 'conversations.v1.DeleteConversationScopedWebhook',
      params: (s) => ({ ...conv(s), Sid: s.get('webhook') }),
    },
    {
      id: 'conversations.v1.DeleteConversationMessage',
      params: (s) => ({ ...conv(s), Sid: s.get('message') }),
    },
    {
      id: 'conversations.v1.DeleteConversationParticipant',
      params: (s) => ({ ...conv(s), Sid: s.get('participant') }),
    },
    { id: 'conversations.v1.DeleteConversation', params: (s) => ({ Sid: s.get('conversation') }) },
    { id: 'conversations.v1.DeleteUser', params: (s) => ({ Sid: s.get('user') }) },
    { id: 'conversations.v1.DeleteRole', params: (s) => ({ Sid: s.get('role') }) },
    { id: 'conversations.v1.DeleteCredential', params: (s) => ({ Sid: s.get('credential') }) },
    {
      id: 'conversations.v1.DeleteConfigurationAddress',
      params: (s) => ({ Sid: s.get('address') }),
    },
  ];
}

/** Chat v3's one operation: making a public Chat channel private (it then joins Conversations). */
function chatV3Steps(): Step[] {
  const at = (s: State) => ({ ServiceSid: s.get('defaultService') });
  return [
    {
      id: 'chat.v2.CreateChannel',
      host: 'chat',
      params: (s) => ({ ...at(s), FriendlyName: 'Town square', Type: 'public' }),
      keep: (b, s) => s.set('v3:channel', b.sid),
    },
    {
      id: 'chat.v3.UpdateChannel',
      params: (s) => ({ ...at(s), Sid: s.get('v3:channel'), Type: 'private' }),
    },
    { id: 'conversations.v1.FetchConversation', params: (s) => ({ Sid: s.get('v3:channel') }) },
    {
      id: 'chat.v2.DeleteChannel',
      host: 'chat',
      params: (s) => ({ ...at(s), Sid: s.get('v3:channel') }),
    },
  ];
}

/** Small, but with what has no create operation: bindings (3 per service) and receipts. */
const SEED = {
  services: 2,
  usersPerService: 3,
  conversationsPerService: 2,
  messagesPerConversation: 3,
  publicChannelsPerService: 0,
} as const;

let emulator: RunningEmulator;
let client: TwilioClient;
const calls: CallEntry[] = [];
/**
 * Contract problems of the answers this file receives. The suite-wide check (setupFiles) reports
 * them too, but only after the file; collected here they fail the coverage test itself.
 */
const contractProblems: string[] = [];
let stopObserving = (): void => {};
const state = new State();
/** SIDs of the two seeded services (bindings for the chat and ip-messaging runs). */
let seeded: [string, string];

function describeError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as { status?: unknown; code?: unknown; message?: unknown };
  return `${String(e.status)}/${String(e.code)} ${String(e.message)}`;
}

const call: Caller = async (id, params = {}, host) => {
  const body = await client.request(id, params, host === undefined ? {} : { host });
  return body === undefined ? {} : asJson(body);
};

/** Written parameters a record echoes back under its snake_case name. */
const ECHOED: Readonly<Record<string, string>> = {
  FriendlyName: 'friendly_name',
  UniqueName: 'unique_name',
  Attributes: 'attributes',
  Body: 'body',
  Identity: 'identity',
  Author: 'author',
  From: 'from',
  Type: 'type',
  State: 'state',
  NotificationLevel: 'notification_level',
};

/** Fields of a create/update answer that do not show what was written. */
function echoProblems(params: TwilioParams, body: Json): string[] {
  const problems: string[] = [];
  for (const [name, field] of Object.entries(ECHOED)) {
    const sent = params[name];
    if (typeof sent !== 'string' || !(field in body)) continue;
    if (body[field] !== sent) {
      problems.push(
        `${field} is ${JSON.stringify(body[field])}, ${name} was ${JSON.stringify(sent)}`,
      );
    }
  }
  return problems;
}

/** After a delete, the fetch of the same path must answer 404/20404. */
async function goneProblem(
  op: OperationSpec,
  params: TwilioParams,
  host: HostProduct | undefined,
): Promise<string | null> {
  const fetchOp = operations.find(
    (other) => other.method === 'GET' && other.path === op.path && other.product === op.product,
  );
  if (!fetchOp) return null;
  try {
    await call(fetchOp.id, params, host);
    return `${fetchOp.id} still finds it`;
  } catch (error) {
    return isTwilioError(error) && error.status === 404 && error.code === 20404
      ? null
      : `${fetchOp.id} after the delete: ${describeError(error)}`;
  }
}

/** Runs steps in order; returns one line per step that failed (the rest still run). */
async function runSteps(steps: readonly Step[]): Promise<string[]> {
  const failures: string[] = [];
  for (const [index, step] of steps.entries()) {
    const label = `#${index} ${step.id}${step.host ? ` on ${step.host}` : ''}`;
    const op = getOperation(step.id);
    try {
      const before = calls.length;
      const params = step.params?.(state) ?? {};
      const body = await call(step.id, params, step.host);
      const status = calls[before]?.status;
      if (status !== op.successStatus) {
        failures.push(`${label}: answered ${String(status)}, not ${op.successStatus}`);
      }
      if (op.kind === 'create' || op.kind === 'update') {
        for (const problem of echoProblems(params, body)) failures.push(`${label}: ${problem}`);
      }
      if (op.kind === 'delete') {
        const problem = await goneProblem(op, params, step.host);
        if (problem !== null) failures.push(`${label}: ${problem}`);
      }
      await step.keep?.(body, state, call);
    } catch (error) {
      failures.push(`${label}: ${describeError(error)}`);
    }
  }
  return failures;
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, webhooks: false });
  // A failure must show as itself, not be retried away (the helper turns retries off).
  client = emulatorClient(emulator, {}, { onCall: (entry) => calls.push(entry) });
  stopObserving = observeEmulatorResponses((event) => {
    const problems = responseProblems(event);
    if (problems.length > 0) {
      contractProblems.push(
        `${event.operationId ?? event.path}: ${problems.slice(0, 3).join('; ')}`,
      );
    }
  });
  const services = itemsOf(await call('chat.v2.ListService'));
  seeded = [String(services[0]?.sid), String(services[1]?.sid)];
});

afterAll(async () => {
  stopObserving();
  await client.close();
  await emulator.close();
});

describe('the coverage table', () => {
  it('names every registry operation, and only those', () => {
    const tabled = new Set(
      [
        ...conversationsSteps(),
        ...chatV1Steps(),
        ...chatV2Steps('chat', 'IS'),
        ...chatV3Steps(),
      ].map((step) => step.id),
    );
    expect(operationIds.filter((id) => !tabled.has(id))).toEqual([]);
    expect([...tabled].filter((id) => !operationIds.includes(id))).toEqual([]);
    const ipMessaging = new Set(chatV2Steps('ip-messaging', 'IS').map((step) => step.id));
    const chatV2 = operations.filter((op) => op.product === 'chat' && op.version === 'v2');
    expect(chatV2.filter((op) => !ipMessaging.has(op.id)).map((op) => op.id)).toEqual([]);
    expect(chatV2).toHaveLength(54);
  });
});

describe('every operation over HTTP with our client', () => {
  it('Conversations v1 (account, services, seeded receipts and bindings)', async () => {
    expect(await runSteps(conversationsSteps())).toEqual([]);
  });

  it('Chat v1', async () => {
    expect(await runSteps(chatV1Steps())).toEqual([]);
  });

  it('Chat v2 on the chat host', async () => {
    expect(await runSteps(chatV2Steps('chat', seeded[0]))).toEqual([]);
  });

  it('Chat v3', async () => {
    expect(await runSteps(chatV3Steps())).toEqual([]);
  });

  it('Chat v2 on the ip-messaging host, all 54 operations', async () => {
    expect(await runSteps(chatV2Steps('ip-messaging', seeded[1]))).toEqual([]);
  });

  it('served all 198 operations (and all 54 Chat v2 ones on ip-messaging), within the contract', () => {
    const log = emulator.requestLog();
    const served = new Set(Object.keys(log.byOperation));
    expect(operationIds.filter((id) => !served.has(id))).toEqual([]);
    expect([...served].filter((id) => !operationIds.includes(id))).toEqual([]);
    const onIpMessaging = new Set(
      log.requests
        .filter((entry) => entry.host === 'ip-messaging' && entry.status < 400)
        .map((entry) => entry.operationId),
    );
    const chatV2 = operations.filter((op) => op.product === 'chat' && op.version === 'v2');
    expect(chatV2.filter((op) => !onIpMessaging.has(op.id)).map((op) => op.id)).toEqual([]);
    // Every failed call is a 404 probe after a delete (each step checks its own status).
    expect(calls.filter((entry) => entry.outcome !== 'ok' && entry.status !== 404)).toEqual([]);
    expect(contractProblems).toEqual([]);
  });
});

/** A well-formed value for a path parameter: its SID prefix when it has one, else a name. */
function wellFormed(pattern: string | undefined): string {
  const prefix = /^\^([A-Z]{2})\[0-9a-fA-F\]\{32\}\$$/.exec(pattern ?? '')?.[1];
  return prefix === undefined ? 'some-unique-name' : `${prefix}${'0'.repeat(32)}`;
}

describe('the router', () => {
  it('routes a well-formed path of every operation, on every host that serves it', async () => {
    const routing = await startEmulator({ seed: false, webhooks: false });
    const authorization = `Basic ${Buffer.from(
      `${routing.credentials.accountSid}:${routing.credentials.authToken}`,
    ).toString('base64')}`;
    const unrouted: string[] = [];
    try {
      for (const op of operations) {
        for (const host of hostsOf[op.product]) {
          if (!hostServes(host, op)) continue;
          const path = op.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
            wellFormed(op.pathParams.find((param) => param.name === name)?.pattern),
          );
          const response = await fetch(`${routing.url}/${host}${path}`, {
            method: op.method,
            headers: { authorization },
          });
          await response.arrayBuffer();
          const entry = routing.requestLog().requests.at(-1);
          // 404 from a handler (no such record) is fine; the router must have matched the
          // operation, and the domain must implement it (501 means no handler).
          if (entry?.operationId !== op.id || response.status === 405 || response.status === 501) {
            unrouted.push(
              `${op.id} on ${host}: ${response.status} as ${String(entry?.operationId)}`,
            );
          }
        }
      }
    } finally {
      await routing.close();
    }
    expect(unrouted).toEqual([]);
  });
});
