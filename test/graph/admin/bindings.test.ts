/**
 * Binding reads and deletes. No API creates bindings (SDKs register them), so the round trip
 * starts from the seeded ones: read through Conversations, Chat v2 and Chat v2's per-user
 * path, delete, and read null.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  USER_ERRORS,
  expectRejectedByTwilio,
  expectRejectedLocally,
  payloadOf,
  startMutationHarness,
  type MutationHarness,
} from '../mutations/support/mutations.js';
import { ADMIN_FAKE as FAKE, CHAT_V1, CHAT_V2, ops } from './support/admin.js';

interface BindingShape {
  id: string;
  sid: string;
  identity: string;
  bindingType: string;
  credential: { sid: string } | null;
}

let h: MutationHarness;
let seeded: BindingShape[] = [];
let users: { sid: string; identity: string }[] = [];

const BINDING = 'id sid identity bindingType credential { sid }';
const LIST = `query ($identity: [String!], $userSid: String) {
  bindings(first: 100, identity: $identity, userSid: $userSid) {
    nodes { ${BINDING} }
  }
}`;
const READ = `query ($sid: String!, $userSid: String) {
  binding(sid: $sid, userSid: $userSid) { ${BINDING} }
}`;
const DELETE = `mutation ($input: DeleteBindingInput!) {
  deleteBinding(input: $input) { deletedBindingId ${USER_ERRORS} }
}`;

beforeAll(async () => {
  h = await startMutationHarness({ seed: { conversationsPerService: 0, usersPerService: 3 } });
  const run = await h.run(`{ bindings(first: 100) { nodes { ${BINDING} } }
    users(first: 50) { nodes { sid identity } } }`);
  seeded = (run.data.bindings as { nodes: BindingShape[] }).nodes;
  users = (run.data.users as { nodes: { sid: string; identity: string }[] }).nodes;
});
afterAll(() => h.close());

const userOf = (b: BindingShape) => users.find((u) => u.identity === b.identity);

describe('reads', () => {
  it('lists and fetches the same bindings through Conversations, Chat v2 and the user path', async () => {
    expect(seeded.length).toBeGreaterThanOrEqual(3);
    const conversations = await h.run(LIST, {});
    expect((conversations.data.bindings as { nodes: BindingShape[] }).nodes).toEqual(seeded);
    expect(ops(conversations)).toContain('conversations.v1.ListServiceBinding');
    const chat = await h.run(LIST, {}, CHAT_V2);
    expect((chat.data.bindings as { nodes: BindingShape[] }).nodes).toEqual(seeded);
    expect(ops(chat)).toContain('chat.v2.ListBinding');

    const [first] = seeded as [BindingShape];
    const user = userOf(first);
    expect(user).toBeDefined();
    const own = await h.run(LIST, { userSid: user?.sid });
    expect((own.data.bindings as { nodes: BindingShape[] }).nodes).toEqual([first]);
    expect(ops(own)).toContain('chat.v2.ListUserBinding');
    const filtered = await h.run(LIST, { identity: [first.identity] });
    expect((filtered.data.bindings as { nodes: BindingShape[] }).nodes).toEqual([first]);

    for (const [variables, options, operationId] of [
      [{}, {}, 'conversations.v1.FetchServiceBinding'],
      [{}, CHAT_V2, 'chat.v2.FetchBinding'],
      [{ userSid: user?.identity }, {}, 'chat.v2.FetchUserBinding'],
    ] as const) {
      const read = await h.run(READ, { sid: first.sid, ...variables }, options);
      expect(read.result.errors).toBeUndefined();
      expect(read.data.binding).toEqual(first);
      expect(ops(read)).toContain(operationId);
    }
  });

  it('reads bindings through Chat v2 under Chat v1 routing (v1 has none), and refuses a push type Chat lacks, before Twilio', async () => {
    const v1 = await h.run(LIST, {}, CHAT_V1);
    expect(v1.result.errors).toBeUndefined();
    // The binding's credential is read through Chat v1, which has credentials.
    expect(ops(v1)).toEqual([
      'conversations.v1.FetchConfiguration',
      'chat.v2.ListBinding',
      ...ops(v1)
        .slice(2)
        .map(() => 'chat.v1.FetchCredential'),
    ]);
    const twilsock = await h.run(
      `{ bindings(bindingType: [TWILSOCK]) { nodes { sid } } }`,
      {},
      CHAT_V2,
    );
    expect(twilsock.result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(ops(twilsock).filter((id) => id?.startsWith('chat'))).toEqual([]);
  });
});

describe('deletes', () => {
  it('deletes through Conversations and then reads null in every view', async () => {
    const target = seeded[0] as BindingShape;
    const run = await h.run(DELETE, { input: { id: target.id } });
    expect(payloadOf(run, 'deleteBinding')).toEqual({
      deletedBindingId: target.id,
      userErrors: [],
    });
    expect(ops(run)).toEqual(['conversations.v1.DeleteServiceBinding']);
    expect((await h.run(READ, { sid: target.sid })).data.binding).toBeNull();
    expect((await h.run(READ, { sid: target.sid }, CHAT_V2)).data.binding).toBeNull();
  });

  it("deletes through the user's path, which refuses another user's binding", async () => {
    const target = seeded[1] as BindingShape;
    const owner = userOf(target);
    const other = users.find((u) => u.identity !== target.identity);
    const wrong = await h.run(DELETE, { input: { sid: target.sid, userSid: other?.sid } });
    expectRejectedByTwilio(wrong, 'deleteBinding', {
      field: ['input', 'sid'],
      code: 'NOT_FOUND',
      twilioCode: 20404,
    });
    const run = await h.run(DELETE, { input: { sid: target.sid, userSid: owner?.identity } });
    expect(payloadOf(run, 'deleteBinding')).toEqual({
      deletedBindingId: target.id,
      userErrors: [],
    });
    expect(ops(run).filter((id) => id !== 'conversations.v1.FetchConfiguration')).toEqual([
      'chat.v2.DeleteUserBinding',
    ]);
    expect((await h.run(READ, { sid: target.sid, userSid: owner?.sid })).data.binding).toBeNull();
  });

  it('rejects a malformed binding SID or service SID before Twilio', async () => {
    expectRejectedLocally(
      await h.run(DELETE, { input: { serviceSid: h.serviceSid, sid: 'BS1' } }),
      'deleteBinding',
      { field: ['input', 'sid'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(DELETE, { input: { serviceSid: 'ISxyz', sid: FAKE.BS } }),
      'deleteBinding',
      { field: ['input', 'serviceSid'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(DELETE, { input: { serviceSid: h.serviceSid, sid: FAKE.BS, userSid: '' } }),
      'deleteBinding',
      { field: ['input', 'userSid'], code: 'INVALID' },
    );
  });

  it('reports an unknown binding or service as NOT_FOUND from Twilio', async () => {
    expectRejectedByTwilio(
      await h.run(DELETE, { input: { serviceSid: h.serviceSid, sid: FAKE.BS } }),
      'deleteBinding',
      { field: ['input', 'sid'], code: 'NOT_FOUND', twilioCode: 20404 },
    );
    expectRejectedByTwilio(
      await h.run(DELETE, { input: { serviceSid: FAKE.IS, sid: FAKE.BS } }),
      'deleteBinding',
      { field: ['input', 'sid'], code: 'NOT_FOUND', twilioCode: 20404 },
    );
  });
});
