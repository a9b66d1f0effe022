/**
 * Issue 10, item 5: a token caller writes as themselves, with their Twilio role permissions, over
 * HTTP against the emulator. Seed roles: alice created "general" (channel admin there), is a
 * channel user in "random", and is not in "support"; every user has the "service user" role.
 * A refused write sends nothing: the emulator's request log shows no write, its state no change.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postGraphQL, startStack, type Stack } from './support/stack.js';
import { adminSecret, bearer, emulatorKey, twilioNodeToken } from './support/tokens.js';

let stack: Stack;
const sids: Record<string, string> = {};

const admin = () => bearer(adminSecret);
const alice = () =>
  bearer(twilioNodeToken({ accountSid: stack.emulator.accountSid, identity: 'alice' }));

interface UserErrorBody {
  readonly field: readonly string[] | null;
  readonly code: string;
  readonly message: string;
}

async function run(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Record<string, unknown>> {
  const result = await postGraphQL(stack.gateway, query, variables, headers);
  expect(result.status).toBe(200);
  expect(result.body.errors).toBeUndefined();
  return result.body.data!;
}

/** The payload of a one-mutation document. */
async function mutate(
  name: string,
  input: Record<string, unknown>,
  headers: Record<string, string>,
  select = '',
): Promise<{ userErrors: UserErrorBody[] } & Record<string, unknown>> {
  const data = await run(
    `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) {
      ${name}(input: $input) { userErrors { field code message } ${select} }
    }`,
    { input },
    headers,
  );
  return data[name] as { userErrors: UserErrorBody[] } & Record<string, unknown>;
}

const writesSent = (): string[] =>
  Object.keys(stack.emulator.requestLog().byOperation).filter((op) =>
    /\.(Create|Update|Delete)\w*$/.test(op),
  );

async function messagesOf(
  conversation: string,
): Promise<{ sid: string; author: string; body: string }[]> {
  const data = await run(
    `query($c: String) { conversation(sid: $c) { messages(last: 50) { nodes { sid author body } } } }`,
    { c: sids[conversation] },
    admin(),
  );
  return (
    data.conversation as { messages: { nodes: { sid: string; author: string; body: string }[] } }
  ).messages.nodes;
}

async function participantsOf(conversation: string): Promise<{ sid: string; identity: string }[]> {
  const data = await run(
    `query($c: String) { conversation(sid: $c) { participants(first: 50) { nodes { sid identity } } } }`,
    { c: sids[conversation] },
    admin(),
  );
  return (data.conversation as { participants: { nodes: { sid: string; identity: string }[] } })
    .participants.nodes;
}

async function conversationSid(uniqueName: string): Promise<string> {
  const data = await run(
    `query($u: String) { conversation(uniqueName: $u) { sid } }`,
    { u: uniqueName },
    admin(),
  );
  return (data.conversation as { sid: string }).sid;
}

beforeAll(async () => {
  stack = await startStack({
    access: { mode: 'access-token', adminSecret, keys: [emulatorKey] },
  });
});
afterAll(() => stack.close());
beforeEach(async () => {
  stack.emulator.reset();
  for (const name of ['general', 'random', 'support']) sids[name] = await conversationSid(name);
  stack.emulator.clearRequests();
});

describe('sendMessage is written by the caller', () => {
  it('takes the caller as author when none is given', async () => {
    const payload = await mutate(
      'sendMessage',
      { conversationSid: sids.general, body: 'hello from alice' },
      alice(),
      'message { author body }',
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.message).toEqual({ author: 'alice', body: 'hello from alice' });
  });

  it('refuses another author with FORBIDDEN on `author`, and sends nothing', async () => {
    const before = await messagesOf('general');
    stack.emulator.clearRequests();
    const payload = await mutate(
      'sendMessage',
      { conversationSid: sids.general, author: 'bob', body: 'pretending to be bob' },
      alice(),
      'message { sid }',
    );
    expect(payload.userErrors).toMatchObject([{ field: ['input', 'author'], code: 'FORBIDDEN' }]);
    expect(payload.message).toBeNull();
    expect(stack.emulator.requestLog().total).toBe(0);
    expect(await messagesOf('general')).toEqual(before);
  });

  it('answers NOT_FOUND in a conversation the caller is not in, as for one that does not exist', async () => {
    const send = (conversation: string) =>
      mutate('sendMessage', { conversationSid: conversation, body: 'hi' }, alice());
    const missing = await send(`CH${'f'.repeat(32)}`);
    const notIn = await send(sids.support!);
    expect(notIn.userErrors).toEqual(missing.userErrors);
    expect(notIn.userErrors).toMatchObject([
      { code: 'NOT_FOUND', field: ['input', 'conversationSid'] },
    ]);
    expect(writesSent()).toEqual([]);
  });
});

describe('the cost of checking a write', () => {
  it('reads membership, participant and role once per request, however many writes use them', async () => {
    const data = await run(
      `mutation($c: String) {
        a: sendMessage(input: { conversationSid: $c, body: "one" }) { userErrors { code } }
        b: sendMessage(input: { conversationSid: $c, body: "two" }) { userErrors { code } }
      }`,
      { c: sids.general },
      alice(),
    );
    expect(data).toEqual({ a: { userErrors: [] }, b: { userErrors: [] } });
    const log = stack.emulator.requestLog().byOperation;
    expect(log).toMatchObject({
      'conversations.v1.FetchServiceUserConversation': 1,
      'conversations.v1.FetchServiceConversationParticipant': 1,
      'conversations.v1.FetchServiceRole': 1,
      'conversations.v1.CreateServiceConversationMessage': 2,
    });
  });
});

describe("editing and deleting messages: own ones, others' with the 'any' permission", () => {
  it('lets a channel user edit and delete her own message', async () => {
    const own = (await messagesOf('random')).find((m) => m.author === 'alice')!;
    const edited = await mutate(
      'updateMessage',
      { conversationSid: sids.random, sid: own.sid, body: 'edited' },
      alice(),
      'message { body }',
    );
    expect(edited.userErrors).toEqual([]);
    expect(edited.message).toEqual({ body: 'edited' });
    const deleted = await mutate(
      'deleteMessage',
      { conversationSid: sids.random, sid: own.sid },
      alice(),
    );
    expect(deleted.userErrors).toEqual([]);
  });

  it("refuses a channel user editing or deleting another's message, sending nothing", async () => {
    const other = (await messagesOf('random')).find((m) => m.author !== 'alice')!;
    stack.emulator.clearRequests();
    for (const [name, input] of [
      ['updateMessage', { conversationSid: sids.random, sid: other.sid, body: 'defaced' }],
      ['deleteMessage', { conversationSid: sids.random, sid: other.sid }],
    ] as const) {
      const payload = await mutate(name, input, alice());
      expect(payload.userErrors, name).toMatchObject([{ code: 'FORBIDDEN' }]);
    }
    expect(writesSent()).toEqual([]);
    expect((await messagesOf('random')).find((m) => m.sid === other.sid)).toEqual(other);
  });

  it("lets the channel admin (the creator) edit another's message", async () => {
    const other = (await messagesOf('general')).find((m) => m.author !== 'alice')!;
    const payload = await mutate(
      'updateMessage',
      { conversationSid: sids.general, sid: other.sid, body: 'moderated' },
      alice(),
      'message { body author }',
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.message).toEqual({ body: 'moderated', author: other.author });
  });
});

describe('conversation and participant writes follow the conversation role', () => {
  it('lets the channel admin rename, add and remove participants; refuses the channel user', async () => {
    const rename = (conversation: string) =>
      mutate('updateConversation', { sid: sids[conversation], friendlyName: 'Renamed' }, alice());
    expect((await rename('general')).userErrors).toEqual([]);
    stack.emulator.clearRequests();
    expect((await rename('random')).userErrors).toMatchObject([{ code: 'FORBIDDEN' }]);

    const add = (conversation: string) =>
      mutate('addParticipant', { conversationSid: sids[conversation], identity: 'judy' }, alice());
    expect((await add('random')).userErrors).toMatchObject([{ code: 'FORBIDDEN' }]);
    const remove = async (conversation: string) => {
      const other = (await participantsOf(conversation)).find(
        (p) => p.identity !== 'alice' && p.identity !== null,
      )!;
      return mutate(
        'removeParticipant',
        { conversationSid: sids[conversation], sid: other.sid },
        alice(),
      );
    };
    expect((await remove('random')).userErrors).toMatchObject([{ code: 'FORBIDDEN' }]);
    expect(
      (await mutate('deleteConversation', { sid: sids.random }, alice())).userErrors,
    ).toMatchObject([{ code: 'FORBIDDEN' }]);
    expect(writesSent()).toEqual([]);

    expect((await add('general')).userErrors).toEqual([]);
    expect((await participantsOf('general')).map((p) => p.identity)).toContain('judy');
    expect((await remove('general')).userErrors).toEqual([]);
  });

  it('lets a channel user leave (leaveChannel), and refuses settings only an admin changes', async () => {
    const left = await mutate(
      'leaveConversation',
      { identity: 'alice', conversationSid: sids.random },
      alice(),
    );
    expect(left.userErrors).toEqual([]);
    expect((await participantsOf('random')).map((p) => p.identity)).not.toContain('alice');
    const state = await mutate(
      'updateConversation',
      { sid: sids.general, state: 'CLOSED' },
      alice(),
    );
    expect(state.userErrors).toMatchObject([{ code: 'FORBIDDEN', field: ['input', 'state'] }]);
  });

  it('refuses leaving for another user as if their membership did not exist', async () => {
    const payload = await mutate(
      'leaveConversation',
      { identity: 'bob', conversationSid: sids.general },
      alice(),
    );
    expect(payload.userErrors).toMatchObject([{ code: 'NOT_FOUND' }]);
    expect((await participantsOf('general')).map((p) => p.identity)).toContain('bob');
  });
});

describe('custom roles', () => {
  async function roleWith(
    type: 'CONVERSATION' | 'SERVICE',
    permissions: string[],
  ): Promise<string> {
    const payload = await mutate(
      'createRole',
      { friendlyName: `custom ${type} ${permissions.join(' ')}`, type, permissions },
      admin(),
      'role { sid }',
    );
    expect(payload.userErrors).toEqual([]);
    return (payload.role as { sid: string }).sid;
  }

  it('a conversation role without sendMessage stops the caller sending; one with editAnyMessage lets her moderate', async () => {
    const mine = (await participantsOf('random')).find((p) => p.identity === 'alice')!;
    const muted = await roleWith('CONVERSATION', ['leaveChannel']);
    expect(
      (
        await mutate(
          'updateParticipant',
          { conversationSid: sids.random, sid: mine.sid, roleSid: muted },
          admin(),
        )
      ).userErrors,
    ).toEqual([]);
    stack.emulator.clearRequests();
    const send = await mutate('sendMessage', { conversationSid: sids.random, body: 'hi' }, alice());
    expect(send.userErrors).toMatchObject([{ code: 'FORBIDDEN' }]);
    expect(writesSent()).toEqual([]);

    const moderator = await roleWith('CONVERSATION', ['sendMessage', 'editAnyMessage']);
    await mutate(
      'updateParticipant',
      { conversationSid: sids.random, sid: mine.sid, roleSid: moderator },
      admin(),
    );
    const other = (await messagesOf('random')).find((m) => m.author !== 'alice')!;
    const edit = await mutate(
      'updateMessage',
      { conversationSid: sids.random, sid: other.sid, body: 'moderated' },
      alice(),
    );
    expect(edit.userErrors).toEqual([]);
  });

  it('a service role without createChannel stops the caller creating conversations', async () => {
    const created = await mutate(
      'createConversation',
      { friendlyName: 'Made by alice' },
      alice(),
      'conversation { friendlyName }',
    );
    expect(created.userErrors).toEqual([]);
    const reader = await roleWith('SERVICE', ['joinChannel']);
    await mutate('updateUser', { identity: 'alice', roleSid: reader }, admin());
    stack.emulator.clearRequests();
    const refused = await mutate('createConversation', { friendlyName: 'Another' }, alice());
    expect(refused.userErrors).toMatchObject([{ code: 'FORBIDDEN' }]);
    expect(writesSent()).toEqual([]);
  });
});

describe('administration is refused to token callers, at no Twilio cost', () => {
  const ADMIN_WRITES: readonly [string, Record<string, unknown>][] = [
    ['createService', { friendlyName: 'Mine now' }],
    ['createRole', { friendlyName: 'x', type: 'SERVICE', permissions: ['createChannel'] }],
    ['createCredential', { type: 'FCM', friendlyName: 'x', secret: 'y' }],
    ['updateAccountConfiguration', { defaultInactiveTimer: 'PT1H' }],
    ['deleteBinding', { sid: `BS${'0'.repeat(32)}` }],
    ['createUser', { identity: 'mallory2' }],
    ['updateUser', { identity: 'alice', roleSid: `RL${'0'.repeat(32)}` }],
  ];
  for (const [name, input] of ADMIN_WRITES) {
    it(`${name}: FORBIDDEN`, async () => {
      const payload = await mutate(name, input, alice());
      expect(payload.userErrors).toMatchObject([{ code: 'FORBIDDEN' }]);
      expect(writesSent()).toEqual([]);
    });
  }

  it('keeps them for the admin secret', async () => {
    const payload = await mutate('createService', { friendlyName: 'Admin made' }, admin());
    expect(payload.userErrors).toEqual([]);
  });
});
