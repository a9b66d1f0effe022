import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fillPathTemplate } from '../../src/twilio/encoding.js';
import type { TwilioClient } from '../../src/twilio/index.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CONVERSATION_SID,
  SERVICE_SID,
  clientFor,
} from './support/fixtures.js';
import { ScriptedServer } from './support/scripted-server.js';

let server: ScriptedServer;
let client: TwilioClient;

beforeAll(async () => {
  server = await ScriptedServer.start();
  client = clientFor(server);
});
afterAll(async () => {
  await client.close();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.handler = () => ({ status: 200, body: { sid: 'x' } });
});

function last() {
  const request = server.requests.at(-1);
  if (!request) throw new Error('no request reached the server');
  return request;
}

describe('request encoding', () => {
  it('percent-encodes path segments with spaces, #, /, + and unicode', async () => {
    await client.request('conversations.v1.FetchServiceConversation', {
      ChatServiceSid: SERVICE_SID,
      Sid: 'my channel#1/a+b é😀',
    });
    expect(last().url).toBe(
      `/conv/v1/Services/${SERVICE_SID}/Conversations/my%20channel%231%2Fa%2Bb%20%C3%A9%F0%9F%98%80`,
    );
  });

  it('sends form bodies with PascalCase dotted names and %20 for spaces', async () => {
    await client.request('conversations.v1.CreateServiceConversation', {
      ChatServiceSid: SERVICE_SID,
      FriendlyName: 'Hi & welcome + more',
      'Timers.Inactive': 'PT1M',
      State: 'active',
    });
    expect(last().method).toBe('POST');
    expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(last().body).toBe(
      'FriendlyName=Hi%20%26%20welcome%20%2B%20more&State=active&Timers.Inactive=PT1M',
    );
  });

  it('repeats the key for array parameters in bodies and queries', async () => {
    await client.request('conversations.v1.CreateRole', {
      FriendlyName: 'r',
      Type: 'conversation',
      Permission: ['sendMessage', 'leaveConversation'],
    });
    expect(last().body).toBe(
      'FriendlyName=r&Type=conversation&Permission=sendMessage&Permission=leaveConversation',
    );
    await client.request('chat.v2.ListMember', {
      ServiceSid: SERVICE_SID,
      ChannelSid: CONVERSATION_SID,
      Identity: ['alice', 'bob smith'],
    });
    expect(last().url).toBe(
      `/chat/v2/Services/${SERVICE_SID}/Channels/${CONVERSATION_SID}/Members?Identity=alice&Identity=bob%20smith`,
    );
  });

  it('sends booleans as true/false', async () => {
    await client.request('conversations.v1.UpdateServiceNotification', {
      ChatServiceSid: SERVICE_SID,
      LogEnabled: false,
      'NewMessage.Enabled': true,
    });
    expect(last().body).toContain('LogEnabled=false');
    expect(last().body).toContain('NewMessage.Enabled=true');
  });

  it('sends JSON-valued fields (Attributes, ContentVariables, Participant) as JSON strings', async () => {
    await client.request('conversations.v1.CreateServiceConversationMessage', {
      ChatServiceSid: SERVICE_SID,
      ConversationSid: CONVERSATION_SID,
      Attributes: { mood: 'ok', n: 1 },
      ContentVariables: '{"1":"x"}',
    });
    const body = new URLSearchParams(last().body);
    expect(body.get('Attributes')).toBe('{"mood":"ok","n":1}');
    await client.request('conversations.v1.UpdateServiceConversation', {
      ChatServiceSid: SERVICE_SID,
      Sid: CONVERSATION_SID,
      Attributes: ['a', 1],
    });
    expect(new URLSearchParams(last().body).get('Attributes')).toBe('["a",1]');
    await client.request('conversations.v1.CreateServiceConversationMessage', {
      ChatServiceSid: SERVICE_SID,
      ConversationSid: CONVERSATION_SID,
      Attributes: { mood: 'ok', n: 1 },
      ContentVariables: '{"1":"x"}',
    });
    expect(body.get('ContentVariables')).toBe('{"1":"x"}');
    await client.request('conversations.v1.CreateConversationWithParticipants', {
      Participant: [{ identity: 'alice' }, { identity: 'bob' }],
    });
    expect(new URLSearchParams(last().body).getAll('Participant')).toEqual([
      '{"identity":"alice"}',
      '{"identity":"bob"}',
    ]);
  });

  it('formats Date values as YYYY-MM-DDTHH:mm:ssZ', async () => {
    await client.request('conversations.v1.CreateServiceConversation', {
      ChatServiceSid: SERVICE_SID,
      DateCreated: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)),
    });
    expect(last().body).toBe('DateCreated=2024-01-02T03%3A04%3A05Z');
  });

  it('sends X-Twilio-Webhook-Enabled only where the operation declares it', async () => {
    await client.request('conversations.v1.CreateServiceConversation', {
      ChatServiceSid: SERVICE_SID,
      FriendlyName: 'x',
      'X-Twilio-Webhook-Enabled': true,
    });
    expect(last().headers['x-twilio-webhook-enabled']).toBe('true');
    expect(last().body).toBe('FriendlyName=x');
    await client.request('conversations.v1.CreateServiceConversation', {
      ChatServiceSid: SERVICE_SID,
    });
    expect(last().headers['x-twilio-webhook-enabled']).toBeUndefined();
    const before = server.requests.length;
    await expect(
      client.request('conversations.v1.CreateRole', {
        FriendlyName: 'r',
        Type: 'service',
        Permission: ['x'],
        'X-Twilio-Webhook-Enabled': true,
      }),
    ).rejects.toMatchObject({ kind: 'validation', parameter: 'X-Twilio-Webhook-Enabled' });
    expect(server.requests.length).toBe(before);
  });

  it('does not send X-Twilio-Webhook-Enabled to ip-messaging where that host lacks it', async () => {
    const params = {
      ServiceSid: SERVICE_SID,
      UserSid: 'alice',
      ChannelSid: CONVERSATION_SID,
      'X-Twilio-Webhook-Enabled': 'true',
    };
    server.handler = () => ({ status: 204 });
    await client.request('chat.v2.DeleteUserChannel', params);
    expect(last().headers['x-twilio-webhook-enabled']).toBe('true');
    const before = server.requests.length;
    await expect(
      client.request('chat.v2.DeleteUserChannel', params, { host: 'ip-messaging' }),
    ).rejects.toMatchObject({ kind: 'validation', parameter: 'X-Twilio-Webhook-Enabled' });
    expect(server.requests.length).toBe(before);
  });

  it('sends the twilio-node style headers: Basic auth, User-Agent, Accept, Accept-Charset', async () => {
    await client.request('conversations.v1.FetchService', { Sid: SERVICE_SID });
    const headers = last().headers;
    const basic = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64');
    expect(headers.authorization).toBe(`Basic ${basic}`);
    expect(headers['user-agent']).toMatch(/^twilio-chat-graphql\/\d+\.\d+\.\d+ \(node v/);
    expect(headers.accept).toBe('application/json');
    expect(headers['accept-charset']).toBe('utf-8');
    expect(headers['content-type']).toBeUndefined();
  });

  it('sends a DELETE without a body and answers 204 with undefined', async () => {
    server.handler = () => ({ status: 204 });
    const result = await client.request('conversations.v1.DeleteService', { Sid: SERVICE_SID });
    expect(result).toBeUndefined();
    expect(last()).toMatchObject({
      method: 'DELETE',
      url: `/conv/v1/Services/${SERVICE_SID}`,
      body: '',
    });
  });

  it('calls Chat v2 operations on the ip-messaging host when asked', async () => {
    await client.request('chat.v2.FetchService', { Sid: SERVICE_SID }, { host: 'ip-messaging' });
    expect(last().url).toBe(`/ipm/v2/Services/${SERVICE_SID}`);
    await expect(
      client.request('chat.v1.FetchService', { Sid: SERVICE_SID }, { host: 'ip-messaging' }),
    ).rejects.toMatchObject({ kind: 'validation' });
  });

  it('returns the parsed JSON body, or T through a caller-supplied parser', async () => {
    server.handler = () => ({ status: 200, body: { sid: SERVICE_SID, friendly_name: 'S' } });
    expect(await client.request('conversations.v1.FetchService', { Sid: SERVICE_SID })).toEqual({
      sid: SERVICE_SID,
      friendly_name: 'S',
    });
    const name: string = await client.request(
      'conversations.v1.FetchService',
      { Sid: SERVICE_SID },
      { parse: (data) => String((data as { friendly_name: unknown }).friendly_name) },
    );
    expect(name).toBe('S');
  });
});

describe('path templates', () => {
  it('fill every placeholder with an encoded segment, the same on every use', () => {
    const template = '/v1/Services/{ChatServiceSid}/Conversations/{ConversationSid}/Messages';
    for (let use = 0; use < 2; use += 1) {
      expect(
        fillPathTemplate(template, { ChatServiceSid: 'IS1', ConversationSid: 'a b/c#d' }),
      ).toBe('/v1/Services/IS1/Conversations/a%20b%2Fc%23d/Messages');
    }
    expect(fillPathTemplate('/v1/Users/{Sid}', { Sid: 'x' })).toBe('/v1/Users/x');
    expect(fillPathTemplate('/v1/Credentials', {})).toBe('/v1/Credentials');
    expect(() => fillPathTemplate(template, { ChatServiceSid: 'IS1' })).toThrow(
      'path parameter ConversationSid has no value',
    );
  });
});
