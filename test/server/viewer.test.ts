/**
 * `viewer` (issue 10, item 4's root field), through HTTP: the token's identity in the token's
 * service, or the account's default one; null for callers without a token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postGraphQL, startStack, type Stack } from './support/stack.js';
import { adminSecret, bearer, emulatorKey, twilioNodeToken } from './support/tokens.js';

const viewerQuery = `{
  viewer {
    identity
    serviceSid
    conversations(first: 50) { edges { unreadMessagesCount node { uniqueName } } }
  }
}`;

interface Viewer {
  readonly identity: string;
  readonly serviceSid: string;
  readonly conversations: {
    readonly edges: readonly { unreadMessagesCount: number; node: { uniqueName: string } }[];
  };
}

let stack: Stack;
let defaultService: string;
let secondService: string;

beforeAll(async () => {
  stack = await startStack({
    emulator: { seed: { services: 2 } },
    access: { mode: 'none', adminSecret, keys: [emulatorKey] },
  });
  const services = await postGraphQL(
    stack.gateway,
    '{ services { nodes { sid } } configuration { defaultChatServiceSid } }',
  );
  const data = services.body.data as {
    services: { nodes: { sid: string }[] };
    configuration: { defaultChatServiceSid: string };
  };
  defaultService = data.configuration.defaultChatServiceSid;
  secondService = data.services.nodes
    .map((node) => node.sid)
    .find((sid) => sid !== defaultService)!;
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.clearRequests());

async function viewerOf(headers: Record<string, string>): Promise<Viewer | null> {
  const result = await postGraphQL(stack.gateway, viewerQuery, {}, headers);
  expect(result.body.errors).toBeUndefined();
  return (result.body.data?.viewer ?? null) as Viewer | null;
}

const tokenFor = (identity: string, serviceSid?: string) =>
  bearer(
    twilioNodeToken({
      accountSid: stack.emulator.accountSid,
      identity,
      ...(serviceSid !== undefined ? { serviceSid } : {}),
    }),
  );

describe('viewer', () => {
  it("is the token's identity in the account's default service, with conversations and unread counts", async () => {
    const viewer = await viewerOf(tokenFor('alice'));
    expect(viewer).toMatchObject({ identity: 'alice', serviceSid: defaultService });
    expect(viewer?.conversations.edges.length).toBeGreaterThan(1);
    expect(viewer?.conversations.edges.some((edge) => edge.unreadMessagesCount > 0)).toBe(true);
    // FetchServiceUser by identity, then one page of the user's conversations.
    expect(stack.emulator.requestLog().byOperation).toEqual({
      'conversations.v1.FetchServiceUser': 1,
      'conversations.v1.ListServiceUserConversation': 1,
    });
  });

  it("is looked up in the token's chat grant service when it names one", async () => {
    expect(await viewerOf(tokenFor('alice', secondService))).toMatchObject({
      identity: 'alice',
      serviceSid: secondService,
    });
  });

  it('is null while the identity has no user in the service', async () => {
    expect(await viewerOf(tokenFor('nobody-yet'))).toBeNull();
  });

  it('is null for the admin secret and for no credential, at no Twilio cost', async () => {
    expect(await viewerOf(bearer(adminSecret))).toBeNull();
    expect(await viewerOf({})).toBeNull();
    expect(stack.emulator.requestLog().total).toBe(0);
  });
});
