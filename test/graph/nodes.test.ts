/**
 * Object identification: every entity type is refetchable from its id through `node`, `nodes`
 * keeps order and length with null for missing objects, and bad ids are rejected clearly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/graph/ids.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
const ids = new Map<string, string>();

const COLLECT = `{
  services(first: 1) {
    nodes {
      id
      roles(first: 1) { nodes { id } }
      bindings(first: 1) { nodes { id } }
      users(first: 1) { nodes { id conversations(first: 1) { edges { membership { id } } } } }
      conversations(first: 2) {
        nodes {
          id
          participants(first: 1) { nodes { id } }
          webhooks { nodes { id } }
          invites(first: 1) { nodes { id } }
          messages(last: 1) { nodes { id deliveryReceipts(first: 1) { nodes { id } } } }
        }
      }
    }
  }
  credentials(first: 1) { nodes { id } }
  addressConfigurations(first: 1) { nodes { id } }
}`;

function collectIds(value: unknown, typeHint: string | null): void {
  if (Array.isArray(value)) {
    for (const item of value) collectIds(item, typeHint);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'id' && typeof child === 'string' && typeHint && !ids.has(typeHint)) {
      ids.set(typeHint, child);
    } else {
      collectIds(child, HINTS[key] ?? typeHint);
    }
  }
}

const HINTS: Record<string, string> = {
  services: 'Service',
  roles: 'Role',
  bindings: 'Binding',
  users: 'User',
  conversations: 'Conversation',
  participants: 'Participant',
  webhooks: 'Webhook',
  invites: 'Invite',
  messages: 'Message',
  deliveryReceipts: 'DeliveryReceipt',
  credentials: 'Credential',
  addressConfigurations: 'AddressConfiguration',
  membership: 'ConversationMembership',
};

beforeAll(async () => {
  h = await startHarness({ seed: { conversationsPerService: 2, messagesPerConversation: 4 } });
  const setup = await h.run(
    '{ configuration { defaultChatServiceSid } conversations(first: 2) { nodes { sid } } }',
  );
  const data = setup.data as {
    configuration: { defaultChatServiceSid: string };
    conversations: { nodes: { sid: string }[] };
  };
  const serviceSid = data.configuration.defaultChatServiceSid;
  for (const { sid } of data.conversations.nodes) {
    await h.client.request('chat.v2.CreateInvite', {
      ServiceSid: serviceSid,
      ChannelSid: sid,
      Identity: 'zed',
    });
    await h.client.request('conversations.v1.CreateServiceConversationScopedWebhook', {
      ChatServiceSid: serviceSid,
      ConversationSid: sid,
      Target: 'webhook',
      'Configuration.Url': 'https://example.com/hook',
      'Configuration.Method': 'post',
    });
  }
  const run = await h.run(COLLECT);
  expect(run.result.errors).toBeUndefined();
  collectIds(run.data, null);
});
afterAll(() => h.close());

describe('node(id)', () => {
  it('finds an id of every entity type to refetch', () => {
    expect([...ids.keys()].sort()).toEqual(Object.values(HINTS).sort());
  });

  it('refetches every entity type with one request and the same id', async () => {
    for (const [type, id] of ids) {
      const run = await h.run('query ($id: ID!) { node(id: $id) { __typename id } }', { id });
      expect(run.result.errors, type).toBeUndefined();
      expect(run.data.node, type).toEqual({ __typename: type, id });
      expect(run.served.length, type).toBe(1);
    }
  });

  it('nodes keeps order and length and gives null for an object that does not exist', async () => {
    const service = ids.get('Service') ?? '';
    const user = ids.get('User') ?? '';
    const missing = encodeId('Credential', [`CR${'0'.repeat(32)}`]);
    const run = await h.run('query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', {
      ids: [user, missing, service],
    });
    expect(run.result.errors).toBeUndefined();
    expect(run.data.nodes).toEqual([
      { __typename: 'User', id: user },
      null,
      { __typename: 'Service', id: service },
    ]);
  });

  it('a deleted or unknown object is null, not an error', async () => {
    const conversation = ids.get('Conversation') ?? '';
    const serviceSid = Buffer.from(conversation, 'base64url').toString('utf8').slice(3, 37);
    const gone = encodeId('Conversation', [serviceSid, `CH${'0'.repeat(32)}`]);
    const run = await h.run('query ($id: ID!) { node(id: $id) { id } }', { id: gone });
    expect(run.result.errors).toBeUndefined();
    expect(run.data.node).toBeNull();
  });

  it('tampered and foreign ids are rejected as BAD_USER_INPUT before any request', async () => {
    const good = ids.get('Participant') ?? '';
    for (const id of [
      `${good.slice(0, -4)}AAAA`,
      'hello',
      Buffer.from('v1:nothing').toString('base64url'),
    ]) {
      const run = await h.run('query ($id: ID!) { node(id: $id) { id } }', { id });
      expect(run.result.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'id',
      });
      expect(run.served).toHaveLength(0);
    }
  });

  it('nodes names the position of a bad id and refuses more than 50 ids', async () => {
    const good = ids.get('User') ?? '';
    const bad = await h.run('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [good, 'nope'],
    });
    expect(bad.result.errors?.[0]?.extensions).toMatchObject({ argument: 'ids[1]' });
    const many = await h.run('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: Array.from({ length: 51 }, () => good),
    });
    expect(many.result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', max: 50 });
    expect(many.served).toHaveLength(0);
  });
});
