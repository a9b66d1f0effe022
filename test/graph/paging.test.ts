/**
 * Relay paging over Twilio pages: one Twilio request per page in the ordinary direction of
 * travel, every item once and in order, exact pageInfo, and clear errors for bad arguments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type Run } from './support/harness.js';

interface MessagePage {
  edges: { cursor: string; node: { index: number } }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

let h: Harness;
let serviceSid = '';
let sid = '';

beforeAll(async () => {
  h = await startHarness({
    seed: { conversationsPerService: 1, messagesPerConversation: 120, publicChannelsPerService: 0 },
  });
  const r = await h.run(
    '{ configuration { defaultChatServiceSid } conversations(first: 1) { nodes { sid } } }',
  );
  const data = r.data as {
    configuration: { defaultChatServiceSid: string };
    conversations: { nodes: { sid: string }[] };
  };
  serviceSid = data.configuration.defaultChatServiceSid;
  sid = data.conversations.nodes[0]?.sid ?? '';
});
afterAll(() => h.close());

const MESSAGES = `
  query ($serviceSid: String!, $sid: String!, $first: Int, $after: String, $last: Int, $before: String, $order: SortDirection) {
    conversation(serviceSid: $serviceSid, sid: $sid) {
      messages(first: $first, after: $after, last: $last, before: $before, order: $order) {
        edges { cursor node { index } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  }`;

async function messages(args: Record<string, unknown>): Promise<{ run: Run; page: MessagePage }> {
  const run = await h.run(MESSAGES, { serviceSid, sid, ...args });
  const conversation = run.data.conversation as { messages: MessagePage } | null;
  return { run, page: conversation?.messages as MessagePage };
}

const indices = (page: MessagePage) => page.edges.map((e) => e.node.index);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
/** Requests for the messages list only (the conversation lookup is one more). */
const listCalls = (run: Run) =>
  run.served.filter((e) => e.operationId === 'conversations.v1.ListServiceConversationMessage')
    .length;

describe('paging through 120 messages', () => {
  it('forward with first: 50 and after: endCursor takes 3 Twilio list requests, each message once in order', async () => {
    const seen: number[] = [];
    const infos: MessagePage['pageInfo'][] = [];
    let after: string | null = null;
    let calls = 0;
    for (let i = 0; i < 3; i += 1) {
      const { run, page } = await messages({ first: 50, after });
      expect(run.result.errors).toBeUndefined();
      expect(run.ledgerRequests).toBe(run.served.length);
      calls += listCalls(run);
      seen.push(...indices(page));
      infos.push(page.pageInfo);
      after = page.pageInfo.endCursor;
    }
    expect(calls).toBe(3);
    expect(seen).toEqual(range(0, 120));
    expect(infos.map((p) => p.hasNextPage)).toEqual([true, true, false]);
    expect(infos.map((p) => p.hasPreviousPage)).toEqual([false, true, true]);
  });

  it('backward with last: 50 and before: startCursor takes 3 Twilio list requests, edges still ascending', async () => {
    const pages: number[][] = [];
    const infos: MessagePage['pageInfo'][] = [];
    let before: string | null = null;
    let calls = 0;
    for (let i = 0; i < 3; i += 1) {
      const { run, page } = await messages({ last: 50, before });
      expect(run.result.errors).toBeUndefined();
      calls += listCalls(run);
      pages.push(indices(page));
      infos.push(page.pageInfo);
      before = page.pageInfo.startCursor;
    }
    expect(calls).toBe(3);
    expect(pages).toEqual([range(70, 120), range(20, 70), range(0, 20)]);
    expect(infos.map((p) => p.hasPreviousPage)).toEqual([true, true, false]);
    expect(infos.map((p) => p.hasNextPage)).toEqual([false, true, true]);
  });

  it('continues right after a mid-page cursor with one request', async () => {
    const { page } = await messages({ first: 20 });
    const cursor = page.edges[9]?.cursor;
    const { run, page: next } = await messages({ first: 5, after: cursor });
    expect(indices(next)).toEqual(range(10, 15));
    expect(listCalls(run)).toBe(1);
    expect(next.pageInfo.hasNextPage).toBe(true);
  });

  it('switches direction from any cursor: before a forward cursor and after a backward one', async () => {
    const { page: forward } = await messages({ first: 50 });
    const { page: back } = await messages({ last: 5, before: forward.edges[30]?.cursor });
    expect(indices(back)).toEqual(range(25, 30));
    const { page: latest } = await messages({ last: 10 });
    const { page: on } = await messages({ first: 3, after: latest.edges[2]?.cursor });
    expect(indices(on)).toEqual([113, 114, 115]);
  });

  it('order: DESC lists newest first and keeps its order across pages', async () => {
    const { page: one } = await messages({ first: 60, order: 'DESC' });
    const { page: two } = await messages({
      first: 60,
      after: one.pageInfo.endCursor,
      order: 'DESC',
    });
    expect([...indices(one), ...indices(two)]).toEqual(range(0, 120).reverse());
    expect(two.pageInfo.hasNextPage).toBe(false);
  });
});

describe('bad paging arguments', () => {
  async function expectRejected(args: Record<string, unknown>, argument: string) {
    const { run } = await messages(args);
    expect(run.result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(run.result.errors?.[0]?.message).toContain(argument);
    expect(listCalls(run)).toBe(0);
  }

  it('first and last together are rejected', () => expectRejected({ first: 5, last: 5 }, 'last'));

  it('sizes outside 1..100 are rejected, naming the argument and the maximum', async () => {
    await expectRejected({ first: 0 }, 'first');
    await expectRejected({ first: 101 }, 'first');
    await expectRejected({ last: -1 }, 'last');
    const { run } = await messages({ first: 101 });
    expect(run.result.errors?.[0]?.extensions).toMatchObject({ max: 100 });
  });

  it('malformed and tampered cursors are rejected', async () => {
    const { page } = await messages({ first: 2 });
    const cursor = page.pageInfo.endCursor ?? '';
    await expectRejected({ first: 2, after: 'garbage' }, 'after');
    await expectRejected({ first: 2, after: `${cursor.slice(0, -2)}xx` }, 'after');
    await expectRejected({ last: 2, before: 'WzFd' }, 'before');
  });

  it('a cursor from another list or another order is rejected', async () => {
    const participants = await h.run(
      `query ($serviceSid: String!, $sid: String!) {
        conversation(serviceSid: $serviceSid, sid: $sid) { participants(first: 1) { pageInfo { endCursor } } }
      }`,
      { serviceSid, sid },
    );
    const foreign = (
      participants.data.conversation as { participants: { pageInfo: { endCursor: string } } }
    ).participants.pageInfo.endCursor;
    await expectRejected({ first: 2, after: foreign }, 'after');
    const { page } = await messages({ first: 2 });
    await expectRejected({ first: 2, after: page.pageInfo.endCursor, order: 'DESC' }, 'after');
  });
});

describe('filters across pages', () => {
  const CONVERSATIONS = `
    query ($serviceSid: String!, $state: ConversationState, $after: String) {
      conversations(serviceSid: $serviceSid, state: $state, first: 1, after: $after) {
        nodes { sid state }
        pageInfo { endCursor }
      }
    }`;

  it('a cursor carries its filter: continuing with the same filter works, without it is rejected', async () => {
    await h.client.request('conversations.v1.CreateServiceConversation', {
      ChatServiceSid: serviceSid,
      FriendlyName: 'Second',
    });
    const one = await h.run(CONVERSATIONS, { serviceSid, state: 'ACTIVE' });
    const page = one.data.conversations as {
      nodes: { sid: string; state: string }[];
      pageInfo: { endCursor: string };
    };
    const two = await h.run(CONVERSATIONS, {
      serviceSid,
      state: 'ACTIVE',
      after: page.pageInfo.endCursor,
    });
    expect(two.result.errors).toBeUndefined();
    const next = (two.data.conversations as { nodes: { sid: string; state: string }[] }).nodes;
    expect(next).toHaveLength(1);
    expect(next[0]?.sid).not.toBe(page.nodes[0]?.sid);
    expect(next[0]?.state).toBe('ACTIVE');
    const unfiltered = await h.run(CONVERSATIONS, { serviceSid, after: page.pageInfo.endCursor });
    expect(unfiltered.result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'after',
    });
  });
});
