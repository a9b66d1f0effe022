/**
 * Issue 10, item 4: what a token caller sees, through HTTP against the emulator's seed data.
 * alice is a participant of "general" (default service), not of "support"; "general" of the
 * second service is hers too, but that service does not exist for a token of the first. Every
 * entry point answers for the non-member and the other-service conversation exactly what it
 * answers for a conversation that does not exist.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeId } from '../../src/graph/ids.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import type { ApiRouting } from '../../src/loaders/index.js';
import { postGraphQL, startStack, type GraphQLBody, type Stack } from './support/stack.js';
import { adminSecret, bearer, emulatorKey, twilioNodeToken } from './support/tokens.js';

let stack: Stack;
/** The seed's objects, read once with the admin secret. */
interface Target {
  readonly serviceSid: string;
  readonly sid: string;
  readonly uniqueName: string;
  readonly id: string;
  readonly messageSid: string;
  readonly messageId: string;
  readonly participantSid: string;
  readonly participantId: string;
}
let member: Target;
let nonMember: Target;
let otherService: Target;
let missing: Target;
let defaultService: string;
let secondService: string;

const admin = () => bearer(adminSecret);
const tokenOf = (identity: string, serviceSid?: string) =>
  bearer(
    twilioNodeToken({
      accountSid: stack.emulator.accountSid,
      identity,
      ...(serviceSid === undefined ? {} : { serviceSid }),
    }),
  );

async function gql(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<GraphQLBody> {
  const result = await postGraphQL(stack.gateway, query, variables, headers);
  expect(result.status).toBe(200);
  return result.body;
}

async function targetOf(serviceSid: string, uniqueName: string): Promise<Target> {
  const body = await gql(
    `query($s: String!, $u: String!) { conversation(serviceSid: $s, uniqueName: $u) {
      id sid uniqueName
      messages(first: 1) { nodes { id sid } }
      participants(first: 1) { nodes { id sid } }
    } }`,
    { s: serviceSid, u: uniqueName },
    admin(),
  );
  const c = body.data?.conversation as {
    id: string;
    sid: string;
    uniqueName: string;
    messages: { nodes: { id: string; sid: string }[] };
    participants: { nodes: { id: string; sid: string }[] };
  };
  return {
    serviceSid,
    sid: c.sid,
    uniqueName: c.uniqueName,
    id: c.id,
    messageSid: c.messages.nodes[0]!.sid,
    messageId: c.messages.nodes[0]!.id,
    participantSid: c.participants.nodes[0]!.sid,
    participantId: c.participants.nodes[0]!.id,
  };
}

/** A conversation of `t`'s service that does not exist, with a message and participant. */
function missingLike(t: Target): Target {
  const fake = (prefix: string) => `${prefix}${'f'.repeat(32)}`;
  const [sid, messageSid, participantSid] = [fake('CH'), fake('IM'), fake('MB')];
  return {
    serviceSid: t.serviceSid,
    sid,
    uniqueName: 'no-such-conversation',
    id: encodeId('Conversation', [t.serviceSid, sid]),
    messageSid,
    messageId: encodeId('Message', [t.serviceSid, sid, messageSid]),
    participantSid,
    participantId: encodeId('Participant', [t.serviceSid, sid, participantSid]),
  };
}

/** A gateway with `routing` in front of a two-service emulator, for the describe it is called in. */
function withStack(routing?: ApiRouting): void {
  beforeAll(async () => {
    stack = await startStack({
      ...(routing ? { graph: graphBinding({ routing }) } : {}),
      emulator: { seed: { services: 2 } },
      access: { mode: 'access-token', adminSecret, keys: [emulatorKey] },
    });
    const body = await gql(
      '{ services { nodes { sid } } configuration { defaultChatServiceSid } }',
      {},
      admin(),
    );
    const data = body.data as {
      services: { nodes: { sid: string }[] };
      configuration: { defaultChatServiceSid: string };
    };
    defaultService = data.configuration.defaultChatServiceSid;
    secondService = data.services.nodes.map((n) => n.sid).find((sid) => sid !== defaultService)!;
    member = await targetOf(defaultService, 'general');
    nonMember = await targetOf(defaultService, 'support');
    otherService = await targetOf(secondService, 'general');
    missing = missingLike(member);
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.clearRequests());
}

/** One entry point: a query over a target and what a visible target answers. */
interface EntryPoint {
  readonly name: string;
  readonly query: string;
  readonly variables: (t: Target) => Record<string, unknown>;
  /** What the answer holds when the caller may see `t`. */
  readonly visible: (data: Record<string, unknown>, t: Target) => void;
}

const ENTRY_POINTS: readonly EntryPoint[] = [
  {
    name: 'conversation(sid)',
    query:
      'query($s: String, $c: String) { conversation(serviceSid: $s, sid: $c) { sid friendlyName } }',
    variables: (t) => ({ s: t.serviceSid, c: t.sid }),
    visible: (d, t) => expect(d.conversation).toMatchObject({ sid: t.sid }),
  },
  {
    name: 'conversation(uniqueName)',
    query:
      'query($s: String, $u: String) { conversation(serviceSid: $s, uniqueName: $u) { sid attributes } }',
    variables: (t) => ({ s: t.serviceSid, u: t.uniqueName }),
    visible: (d, t) => expect(d.conversation).toMatchObject({ sid: t.sid }),
  },
  {
    name: 'conversation(sid) with only its messages selected',
    query:
      'query($s: String, $c: String) { conversation(serviceSid: $s, sid: $c) { messages(first: 2) { nodes { sid body } } } }',
    variables: (t) => ({ s: t.serviceSid, c: t.sid }),
    visible: (d) =>
      expect((d.conversation as { messages: { nodes: unknown[] } }).messages.nodes).toHaveLength(2),
  },
  {
    name: 'Conversation.participant and .message',
    query: `query($s: String, $c: String, $m: String!, $p: String!) {
      conversation(serviceSid: $s, sid: $c) { sid message(sid: $m) { body } participant(sid: $p) { identity } }
    }`,
    variables: (t) => ({ s: t.serviceSid, c: t.sid, m: t.messageSid, p: t.participantSid }),
    visible: (d) =>
      expect(d.conversation).toMatchObject({
        message: { body: expect.any(String) },
        participant: { identity: expect.any(String) },
      }),
  },
  {
    name: 'node(conversation id)',
    query: 'query($id: ID!) { node(id: $id) { id ... on Conversation { friendlyName } } }',
    variables: (t) => ({ id: t.id }),
    visible: (d, t) => expect(d.node).toMatchObject({ id: t.id }),
  },
  {
    name: 'node(message id)',
    query: 'query($id: ID!) { node(id: $id) { id ... on Message { body author } } }',
    variables: (t) => ({ id: t.messageId }),
    visible: (d, t) => expect(d.node).toMatchObject({ id: t.messageId }),
  },
  {
    name: 'node(participant id), then Participant.conversation',
    query:
      'query($id: ID!) { node(id: $id) { id ... on Participant { identity conversation { friendlyName } } } }',
    variables: (t) => ({ id: t.participantId }),
    visible: (d, t) =>
      expect(d.node).toMatchObject({
        id: t.participantId,
        conversation: { friendlyName: expect.any(String) },
      }),
  },
  {
    name: 'nodes([conversation, message, participant])',
    query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
    variables: (t) => ({ ids: [t.id, t.messageId, t.participantId] }),
    visible: (d, t) =>
      expect(d.nodes).toEqual([{ id: t.id }, { id: t.messageId }, { id: t.participantId }]),
  },
  {
    name: '_entities(Conversation by id, by serviceSid + sid)',
    query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Conversation { sid } } }`,
    variables: (t) => ({
      r: [
        { __typename: 'Conversation', id: t.id },
        { __typename: 'Conversation', serviceSid: t.serviceSid, sid: t.sid },
      ],
    }),
    visible: (d, t) => expect(d._entities).toEqual([{ sid: t.sid }, { sid: t.sid }]),
  },
  {
    name: 'Message.deliveryReceipts and conversation messages through the message node',
    query:
      'query($id: ID!) { node(id: $id) { ... on Message { deliveryReceipts(first: 5) { nodes { sid } } conversation { sid } } } }',
    variables: (t) => ({ id: t.messageId }),
    visible: (d, t) => expect(d.node).toMatchObject({ conversation: { sid: t.sid } }),
  },
];

/** Lists: the target conversation is in them exactly when visible. */
interface ListEntry {
  readonly name: string;
  readonly query: string;
  readonly variables: (t: Target) => Record<string, unknown>;
  readonly sids: (data: Record<string, unknown>) => string[];
}

const sidsOf = (connection: unknown): string[] =>
  ((connection as { nodes: { sid: string }[] } | null)?.nodes ?? []).map((n) => n.sid);

const LISTS: readonly ListEntry[] = [
  {
    name: "conversations (the caller's own)",
    query:
      'query($s: String) { conversations(serviceSid: $s, first: 50) { nodes { sid friendlyName } } }',
    variables: (t) => ({ s: t.serviceSid }),
    sids: (d) => sidsOf(d.conversations),
  },
  {
    name: 'Service.conversations',
    query: 'query($s: String) { service(sid: $s) { conversations(first: 50) { nodes { sid } } } }',
    variables: (t) => ({ s: t.serviceSid }),
    sids: (d) => sidsOf((d.service as { conversations: unknown } | null)?.conversations ?? null),
  },
  {
    name: 'participantConversations for another identity',
    query: `query($s: String) { participantConversations(serviceSid: $s, identity: "bob", first: 50) {
      edges { node { sid } } } }`,
    variables: (t) => ({ s: t.serviceSid }),
    sids: (d) =>
      (
        (d.participantConversations as { edges: { node: { sid: string } }[] } | null)?.edges ?? []
      ).map((e) => e.node.sid),
  },
  {
    name: 'User.conversations of another user',
    query: `query($s: String) { user(serviceSid: $s, identity: "bob") { conversations(first: 50) {
      edges { node { sid } } } } }`,
    variables: (t) => ({ s: t.serviceSid }),
    sids: (d) =>
      (
        (d.user as { conversations: { edges: { node: { sid: string } }[] } } | null)?.conversations
          .edges ?? []
      ).map((e) => e.node.sid),
  },
  {
    name: 'services, then Service.conversations',
    query: '{ services { nodes { sid conversations(first: 50) { nodes { sid } } } } }',
    variables: () => ({}),
    sids: (d) =>
      ((d.services as { nodes: { conversations: unknown }[] }).nodes ?? []).flatMap((s) =>
        sidsOf(s.conversations),
      ),
  },
];

/** The matrix: every entry point, for a member, a non-member and another service's caller. */
function matrix(): void {
  for (const entry of ENTRY_POINTS) {
    describe(entry.name, () => {
      it('answers for a conversation of hers', async () => {
        const body = await gql(entry.query, entry.variables(member), tokenOf('alice'));
        expect(body.errors).toBeUndefined();
        entry.visible(body.data!, member);
      });
      it('answers for one she is not in, or of another service, as for one that does not exist', async () => {
        const none = await gql(entry.query, entry.variables(missing), tokenOf('alice'));
        expect(none.errors).toBeUndefined();
        for (const target of [nonMember, otherService]) {
          const body = await gql(entry.query, entry.variables(target), tokenOf('alice'));
          // The answer itself; only the cost report (extensions) may differ.
          expect({ data: body.data, errors: body.errors }).toEqual({
            data: none.data,
            errors: none.errors,
          });
        }
      });
      it('keeps full access for the admin secret', async () => {
        for (const target of [nonMember, otherService]) {
          const body = await gql(entry.query, entry.variables(target), admin());
          expect(body.errors).toBeUndefined();
          entry.visible(body.data!, target);
        }
      });
    });
  }

  for (const entry of LISTS) {
    it(`${entry.name}: holds hers and none other`, async () => {
      const mine = entry.sids(
        (await gql(entry.query, entry.variables(member), tokenOf('alice'))).data!,
      );
      expect(mine).not.toContain(nonMember.sid);
      expect(mine).not.toContain(otherService.sid);
      if (entry.name.startsWith('User.conversations')) expect(mine).toEqual([]);
      else expect(mine).toContain(member.sid);
      const all = entry.sids((await gql(entry.query, entry.variables(member), admin())).data!);
      expect(all).toContain(nonMember.sid);
    });
  }
}

const ROUTINGS: readonly [string, ApiRouting | undefined][] = [
  ['Conversations (default routing)', undefined],
  ['Chat v2', { primaryApi: 'chat-v2', conversationsPaths: 'service', chatHost: 'chat' }],
  [
    'Conversations default-service paths',
    { primaryApi: 'conversations', conversationsPaths: 'default-service', chatHost: 'chat' },
  ],
];

for (const [label, routing] of ROUTINGS) {
  describe(`scoping matrix through ${label}: a conversation only for its participants`, () => {
    withStack(routing);
    matrix();
  });
}

describe('scoping: services, users and administration', () => {
  withStack();
  it("shows only the caller's service: services, service(sid), a grant naming the other one", async () => {
    const body = await gql(
      `query($other: String) { services { nodes { sid } } mine: service { sid } other: service(sid: $other) { sid } }`,
      { other: secondService },
      tokenOf('alice'),
    );
    expect(body.data).toEqual({
      services: { nodes: [{ sid: defaultService }] },
      mine: { sid: defaultService },
      other: null,
    });
    const second = await gql(
      `query($c: String) { conversation(sid: $c) { sid } conversations(first: 50) { nodes { sid } } }`,
      { c: otherService.sid },
      tokenOf('alice', secondService),
    );
    // "The default service" is the grant's: her conversation of the second service answers.
    expect(second.data?.conversation).toEqual({ sid: otherService.sid });
    expect(sidsOf(second.data?.conversations)).toContain(otherService.sid);
    expect(sidsOf(second.data?.conversations)).not.toContain(member.sid);
  });

  it("reads roles of the caller's service only, an omitted serviceSid meaning the grant's", async () => {
    const query = `query($s: String) { roles(first: 50) { nodes { sid serviceSid } } other: roles(serviceSid: $s, first: 50) { nodes { sid } } }`;
    const first = await gql(query, { s: secondService }, tokenOf('alice'));
    const second = await gql(query, { s: defaultService }, tokenOf('alice', secondService));
    for (const [body, own] of [
      [first, defaultService],
      [second, secondService],
    ] as const) {
      const roles = (body.data?.roles as { nodes: { serviceSid: string }[] }).nodes;
      expect(roles.length).toBe(4);
      expect(roles.every((r) => r.serviceSid === own)).toBe(true);
      expect(body.data?.other).toEqual({ nodes: [] });
    }
  });

  it("keeps the caller's own memberships of another service out of reach", async () => {
    const own = await gql(
      'query($s: String) { user(serviceSid: $s, identity: "alice") { sid } }',
      { s: secondService },
      admin(),
    );
    const userSid = (own.data?.user as { sid: string }).sid;
    const membership = encodeId('ConversationMembership', [
      secondService,
      userSid,
      otherService.sid,
    ]);
    const query = `query($id: ID!, $s: String) {
      node(id: $id) { id }
      user(serviceSid: $s, identity: "alice") { identity }
    }`;
    const body = await gql(query, { id: membership, s: secondService }, tokenOf('alice'));
    expect(body.data).toEqual({ node: null, user: null });
    const adminView = await gql(query, { id: membership, s: secondService }, admin());
    expect(adminView.data).toEqual({ node: { id: membership }, user: { identity: 'alice' } });
  });

  it('shows another user only as a public profile', async () => {
    const query = `{ user(identity: "bob") { identity friendlyName isOnline attributes role { sid } createdAt } }`;
    const body = await gql(query, {}, tokenOf('alice'));
    expect(body.errors).toBeUndefined();
    expect(body.data?.user).toMatchObject({
      identity: 'bob',
      friendlyName: expect.any(String),
      attributes: null,
      role: null,
      createdAt: null,
    });
    const self = await gql(query.replace('"bob"', '"alice"'), {}, tokenOf('alice'));
    expect(self.data?.user).toMatchObject({ identity: 'alice', role: { sid: expect.any(String) } });
  });

  it('lets a member read delivery receipts, and nobody else', async () => {
    const query = `query($c: String) { conversation(sid: $c) { messages(last: 1) { nodes { deliveryReceipts(first: 5) { nodes { status } } } } } }`;
    const bob = await gql(query, { c: nonMember.sid }, tokenOf('bob'));
    const receipts = (
      bob.data?.conversation as {
        messages: { nodes: { deliveryReceipts: { nodes: unknown[] } }[] };
      }
    ).messages.nodes[0]!.deliveryReceipts.nodes;
    expect(receipts.length).toBeGreaterThan(0);
    const alice = await gql(query, { c: nonMember.sid }, tokenOf('alice'));
    expect(alice.data?.conversation).toBeNull();
  });

  it('refuses administration reads with FORBIDDEN, at no Twilio cost', async () => {
    for (const query of [
      '{ credentials { nodes { sid } } }',
      '{ configuration { defaultChatServiceSid } }',
      '{ bindings { nodes { sid } } }',
    ]) {
      const body = await gql(query, {}, tokenOf('alice'));
      expect(body.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
    }
  });
});

describe('scoping cost: membership is asked once per conversation, and never when known', () => {
  withStack();
  it('costs one membership read per conversation not already known', async () => {
    await gql(
      `query($a: String, $b: String) {
        a: conversation(sid: $a) { friendlyName } again: conversation(sid: $a) { uniqueName }
        b: conversation(sid: $b) { friendlyName }
      }`,
      { a: member.sid, b: nonMember.sid },
      tokenOf('alice'),
    );
    const log = stack.emulator.requestLog().byOperation;
    expect(log['conversations.v1.FetchServiceUserConversation']).toBe(2);
    // The member's conversation is read once; the other one never.
    expect(log['conversations.v1.FetchServiceConversation']).toBe(1);
  });

  it("asks nothing for conversations the caller's own list already showed", async () => {
    await gql(
      `{ conversations(first: 50) { nodes { sid friendlyName messages(first: 1) { nodes { body } } participants(first: 2) { nodes { identity } } } } }`,
      {},
      tokenOf('alice'),
    );
    const log = stack.emulator.requestLog().byOperation;
    expect(log['conversations.v1.FetchServiceUserConversation']).toBeUndefined();
    expect(log['conversations.v1.ListServiceUserConversation']).toBe(1);
    expect(log['conversations.v1.ListServiceConversation']).toBeUndefined();
  });
});
