/**
 * Paging costs one request per page (issue 8, item 8): a lookup that selects nothing of the
 * conversation but its messages pages without reading the conversation, whether it is named by
 * SID, by unique name or by node id; a conversation that does not exist still answers null.
 * Counted from the emulator's request log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRouting } from '../../src/graph/index.js';
import { routing, type Run } from './support/harness.js';
import {
  EMPTY_SEED,
  startMutationHarness,
  type MutationHarness,
} from './mutations/support/mutations.js';

let h: MutationHarness;
let conversation = { id: '', sid: '' };
const UNIQUE = 'paging-cost';
const MISSING = 'CH' + '0'.repeat(32);

beforeAll(async () => {
  h = await startMutationHarness(EMPTY_SEED);
  const created = await h.run(
    `mutation { createConversation(input: { friendlyName: "Paging", uniqueName: "${UNIQUE}" }) {
      conversation { id sid } } }`,
  );
  conversation = (created.data.createConversation as { conversation: typeof conversation })
    .conversation;
  for (const body of ['one', 'two', 'three', 'four', 'five']) {
    await h.run(
      `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { message { sid } } }`,
      { input: { conversationSid: conversation.sid, author: 'pager', body } },
    );
  }
});
afterAll(() => h.close());

const PAGE = `messages(first: 2, after: $after) { nodes { body } pageInfo { endCursor hasNextPage } }`;
const LOOKUPS = {
  sid: `query ($s: String, $key: String!, $after: String) {
    conversation(serviceSid: $s, sid: $key) { ${PAGE} } }`,
  uniqueName: `query ($s: String, $key: String!, $after: String) {
    conversation(serviceSid: $s, uniqueName: $key) { ${PAGE} } }`,
  nodeId: `query ($key: ID!, $after: String) { node(id: $key) { ... on Conversation { ${PAGE} } } }`,
} as const;

interface Page {
  readonly messages: {
    readonly nodes: { readonly body: string }[];
    readonly pageInfo: { readonly endCursor: string | null; readonly hasNextPage: boolean };
  };
}

const pageOf = (run: Run): Page | null =>
  (run.data.conversation ?? run.data.node ?? null) as Page | null;

/**
 * The service is named, so the count is the paging alone (without it the account's default
 * service is looked up once, which the gateway remembers across requests).
 */
const service = (query: string) => (query.includes('$s') ? { s: h.serviceSid } : {});

/** Walks every page; returns the bodies and the requests each page cost. */
async function walk(query: string, key: string, config: ApiRouting) {
  const bodies: string[] = [];
  const costs: number[] = [];
  let after: string | null = null;
  for (;;) {
    const run = await h.run(query, { ...service(query), key, after }, { routing: config });
    expect(run.result.errors).toBeUndefined();
    const page = pageOf(run);
    costs.push(run.served.length);
    bodies.push(...(page?.messages.nodes.map((n) => n.body) ?? []));
    if (!page?.messages.pageInfo.hasNextPage) return { bodies, costs };
    after = page.messages.pageInfo.endCursor;
  }
}

describe.each([
  ['conversations', routing({})],
  ['chat-v2', routing({ primaryApi: 'chat-v2' })],
  ['chat-v1', routing({ primaryApi: 'chat-v1' })],
] as const)('paging messages through %s', (primary, config) => {
  const keys = () => ({ sid: conversation.sid, uniqueName: UNIQUE, nodeId: conversation.id });

  it.each(['sid', 'uniqueName', 'nodeId'] as const)(
    'costs one request per page when the lookup is by %s',
    async (by) => {
      const { bodies, costs } = await walk(LOOKUPS[by], keys()[by], config);
      expect(bodies).toEqual(['one', 'two', 'three', 'four', 'five']);
      // Chat v1's message path takes only a SID: a unique name is read once per page for it.
      const perPage = primary === 'chat-v1' && by === 'uniqueName' ? 2 : 1;
      expect(costs).toEqual([perPage, perPage, perPage]);
    },
  );

  it.each([
    ['sid', MISSING],
    ['uniqueName', 'no-such-conversation'],
  ] as const)('answers null for a missing conversation looked up by %s', async (by, key) => {
    const run = await h.run(
      LOOKUPS[by],
      { s: h.serviceSid, key, after: null },
      { routing: config },
    );
    expect(run.result.errors).toBeUndefined();
    expect(run.data.conversation).toBeNull();
  });
});
