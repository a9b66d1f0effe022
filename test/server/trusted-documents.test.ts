/**
 * Issue 11, item 6: trusted documents (GATEWAY_PERSISTED_DOCUMENTS) in the two manifest formats
 * clients already produce, sent by id (Apollo's `persistedQuery` extension or `documentId`) to
 * the real gateway in front of the real emulator; documents outside the manifest refused (or
 * allowed to the admin credential only); automatic persisted queries in a bounded store.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadServerEnv } from '../../src/server/env.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { loadTrustedDocuments } from '../../src/server/guards/trusted-documents.js';
import { startStack, type GraphQLBody, type Stack, type StackOptions } from './support/stack.js';
import { adminSecret, bearer } from './support/tokens.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const CONVERSATIONS = 'query Conversations { conversations(first: 2) { nodes { sid } } }';
const CONFIGURATION = 'query Configuration { configuration { defaultChatServiceSid } }';
const FREE_FORM = '{ conversations(first: 1) { nodes { friendlyName } } }';

function apolloManifest(
  operations: readonly { id?: string; name: string; type: string; body: string }[],
): string {
  return JSON.stringify({
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: operations.map((op) => ({ id: op.id ?? sha256(op.body), ...op })),
  });
}

const apollo = apolloManifest([
  { name: 'Conversations', type: 'query', body: CONVERSATIONS },
  { name: 'Configuration', type: 'query', body: CONFIGURATION },
]);
const codegen = JSON.stringify({ [sha256(CONVERSATIONS)]: CONVERSATIONS });

const stacks: Stack[] = [];
afterAll(async () => {
  for (const stack of stacks.splice(0)) await stack.close();
});

async function stackWith(options: StackOptions): Promise<Stack> {
  const stack = await startStack(options);
  stacks.push(stack);
  return stack;
}

async function post(
  stack: Stack,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLBody; twilioRequests: number }> {
  stack.emulator.clearRequests();
  const response = await fetch(stack.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as GraphQLBody,
    twilioRequests: stack.emulator.requestLog().total,
  };
}

const byHash = (hash: string) => ({
  extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
});

function codeOf(body: GraphQLBody): unknown {
  return body.errors?.[0]?.extensions?.code;
}

describe('the manifest, checked at start', () => {
  const { schema } = graphBinding();

  it('reads both formats', () => {
    expect(loadTrustedDocuments(apollo, schema)).toMatchObject({ format: 'apollo' });
    expect(loadTrustedDocuments(codegen, schema).byId.get(sha256(CONVERSATIONS))).toBe(
      CONVERSATIONS,
    );
  });

  it.each([
    ['not JSON', '{', 'GATEWAY_PERSISTED_DOCUMENTS: the file is not JSON'],
    ['of an unknown format', JSON.stringify({ format: 'relay' }), '"format" must be'],
    [
      'with another version',
      JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 2, operations: [] }),
      '"version": 1',
    ],
    ['empty', JSON.stringify({}), 'the manifest lists no documents'],
    [
      'with an id that is not the sha256 of its body',
      apolloManifest([
        { id: sha256(CONFIGURATION), name: 'C', type: 'query', body: CONVERSATIONS },
      ]),
      'is not the sha256 of its body',
    ],
    [
      'keyed by sha1 (codegen)',
      JSON.stringify({ [createHash('sha1').update(CONVERSATIONS).digest('hex')]: CONVERSATIONS }),
      "hashAlgorithm: 'sha256'",
    ],
    [
      'with a document that does not parse',
      JSON.stringify({ [sha256('query {')]: 'query {' }),
      'does not parse',
    ],
    [
      'with a document the schema does not validate',
      JSON.stringify({ [sha256('{ nope }')]: '{ nope }' }),
      'does not validate against the schema: Cannot query field "nope"',
    ],
    [
      'with a mutation declared a query',
      apolloManifest([
        {
          name: 'M',
          type: 'query',
          body: 'mutation M { deleteConversation(input: { id: "x" }) { deletedConversationId } }',
        },
      ]),
      'is declared a query but is a mutation',
    ],
  ])('refuses a manifest %s, naming the variable', (_what, text, message) => {
    expect(() => loadTrustedDocuments(text, schema)).toThrow(/^GATEWAY_PERSISTED_DOCUMENTS: /);
    expect(() => loadTrustedDocuments(text, schema)).toThrow(message);
  });

  it('refuses a mode it does not know, or a mode without a manifest', () => {
    expect(() =>
      loadServerEnv({
        GATEWAY_PERSISTED_DOCUMENTS: 'manifest.json',
        GATEWAY_PERSISTED_DOCUMENTS_MODE: 'strict',
      }),
    ).toThrow('GATEWAY_PERSISTED_DOCUMENTS_MODE must be one of trusted-only, trusted-or-admin');
    expect(() => loadServerEnv({ GATEWAY_PERSISTED_DOCUMENTS_MODE: 'trusted-only' })).toThrow(
      'GATEWAY_PERSISTED_DOCUMENTS_MODE needs GATEWAY_PERSISTED_DOCUMENTS',
    );
    expect(loadServerEnv({ GATEWAY_PERSISTED_DOCUMENTS: 'm.json' }).persistedDocuments).toEqual({
      path: 'm.json',
      mode: 'trusted-only',
    });
  });

  it('stops the gateway from starting with a manifest that does not validate', async () => {
    await expect(
      startStack({
        gateway: {
          persistedDocuments: {
            manifest: JSON.stringify({ [sha256('{ nope }')]: '{ nope }' }),
            mode: 'trusted-only',
          },
        },
      }),
    ).rejects.toThrow('GATEWAY_PERSISTED_DOCUMENTS: document');
  });
});

describe('npm start with GATEWAY_PERSISTED_DOCUMENTS', () => {
  const spawnTimeoutMs = 90_000;
  /** `node --import tsx src/server/main.ts` with only this test's GATEWAY_* variables. */
  async function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
    const clean: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (!/^(TWILIO_|EMULATOR_|GATEWAY_|GRAPH_)/.test(name)) clean[name] = value;
    }
    try {
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        cwd: process.cwd(),
        env: { ...clean, PORT: '0', ...env },
        timeout: spawnTimeoutMs,
      });
      return { code: 0, stderr: '' };
    } catch (error) {
      const failed = error as { code?: number; stderr?: string };
      return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
    }
  }

  it(
    'refuses to start with a manifest it cannot read or that does not validate',
    { timeout: 2 * spawnTimeoutMs },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
      try {
        const missing = await start({ GATEWAY_PERSISTED_DOCUMENTS: join(dir, 'missing.json') });
        expect(missing.code).toBe(1);
        expect(missing.stderr.trim()).toBe(
          'GATEWAY_PERSISTED_DOCUMENTS: the manifest file cannot be read (ENOENT)',
        );
        const invalid = join(dir, 'invalid.json');
        writeFileSync(invalid, JSON.stringify({ [sha256('{ nope }')]: '{ nope }' }));
        const result = await start({ GATEWAY_PERSISTED_DOCUMENTS: invalid });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('does not validate against the schema');
        expect(result.stderr).not.toContain(dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('trusted-only (an Apollo manifest)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await stackWith({
      gateway: { persistedDocuments: { manifest: apollo, mode: 'trusted-only' } },
    });
  });

  it('runs a document sent by its persistedQuery sha256Hash', async () => {
    const result = await post(stack, byHash(sha256(CONVERSATIONS)));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toMatchObject({ conversations: { nodes: [{}, {}] } });
    expect(result.twilioRequests).toBe(1);
  });

  it('runs a document sent by documentId, plain or sha256:-prefixed, and by GET', async () => {
    for (const documentId of [sha256(CONFIGURATION), `sha256:${sha256(CONFIGURATION)}`]) {
      const result = await post(stack, { documentId });
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data).toMatchObject({ configuration: {} });
    }
    const url = new URL(stack.gateway.graphqlUrl);
    url.searchParams.set('documentId', sha256(CONVERSATIONS));
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(((await response.json()) as GraphQLBody).data).toMatchObject({ conversations: {} });
  });

  it('runs the exact text of a trusted document', async () => {
    const result = await post(stack, { query: CONVERSATIONS });
    expect(result.body.errors).toBeUndefined();
  });

  it('answers an unknown id PERSISTED_QUERY_NOT_FOUND without calling Twilio', async () => {
    for (const body of [byHash(sha256(FREE_FORM)), { documentId: sha256(FREE_FORM) }]) {
      const result = await post(stack, body);
      expect(codeOf(result.body)).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(result.twilioRequests).toBe(0);
    }
  });

  it('refuses any other document, also as an APQ registration, with PERSISTED_QUERY_NOT_IN_LIST', async () => {
    for (const body of [{ query: FREE_FORM }, { query: FREE_FORM, ...byHash(sha256(FREE_FORM)) }]) {
      const result = await post(stack, body);
      expect(result.status).toBe(400);
      expect(codeOf(result.body)).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      expect(result.body.errors?.[0]?.message).toContain('GATEWAY_PERSISTED_DOCUMENTS');
      expect(result.twilioRequests).toBe(0);
    }
    // The registration was refused, so the hash alone is still unknown.
    expect(codeOf((await post(stack, byHash(sha256(FREE_FORM)))).body)).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
  });

  it('refuses a request with both query and documentId', async () => {
    const result = await post(stack, { query: CONVERSATIONS, documentId: sha256(CONVERSATIONS) });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message).toBe('Send either `query` or `documentId`, not both.');
  });
});

describe('trusted-or-admin (a graphql-codegen manifest)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await stackWith({
      access: { mode: 'none', adminSecret, keys: [] },
      gateway: { persistedDocuments: { manifest: codegen, mode: 'trusted-or-admin' } },
    });
  });

  it('runs trusted documents for everyone', async () => {
    const result = await post(stack, { documentId: sha256(CONVERSATIONS) });
    expect(result.body.data).toMatchObject({ conversations: { nodes: [{}, {}] } });
  });

  it('runs other documents for the admin credential only', async () => {
    const admin = await post(stack, { query: FREE_FORM }, bearer(adminSecret));
    expect(admin.body.errors).toBeUndefined();
    expect(admin.twilioRequests).toBe(1);
    const other = await post(stack, { query: FREE_FORM });
    expect(codeOf(other.body)).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(other.body.errors?.[0]?.message).toContain('only the admin credential');
    expect(other.twilioRequests).toBe(0);
  });

  it('does not let another caller run by hash what the admin registered as APQ', async () => {
    const text = '{ conversations(first: 1) { nodes { uniqueName } } }';
    const registered = await post(
      stack,
      { query: text, ...byHash(sha256(text)) },
      bearer(adminSecret),
    );
    expect(registered.body.errors).toBeUndefined();
    expect(
      (await post(stack, byHash(sha256(text)), bearer(adminSecret))).body.errors,
    ).toBeUndefined();
    const other = await post(stack, byHash(sha256(text)));
    expect(codeOf(other.body)).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(other.twilioRequests).toBe(0);
  });
});

describe('automatic persisted queries without a manifest', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await stackWith({ gateway: { apqBounds: { maxEntries: 2 } } });
  });

  it('registers a document, runs it by hash, and forgets the least recently used past the bound', async () => {
    const texts = [1, 2, 3].map((n) => `{ conversations(first: ${n}) { nodes { sid } } }`);
    const [first, , third] = texts as [string, string, string];
    expect(codeOf((await post(stack, byHash(sha256(first)))).body)).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    for (const text of texts) {
      const registered = await post(stack, { query: text, ...byHash(sha256(text)) });
      expect(registered.body.errors).toBeUndefined();
    }
    const recent = await post(stack, byHash(sha256(third)));
    expect(recent.body.data).toMatchObject({ conversations: { nodes: [{}, {}, {}] } });
    // Two entries at most: the first registration was evicted.
    const evicted = await post(stack, byHash(sha256(first)));
    expect(codeOf(evicted.body)).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(evicted.twilioRequests).toBe(0);
  });

  it('runs any document', async () => {
    expect((await post(stack, { query: FREE_FORM })).body.errors).toBeUndefined();
  });
});

describe('a real Apollo Client with its persisted-query link', () => {
  /** A client whose fetch records each request's body, as the gateway received it. */
  function apolloClient(stack: Stack, sent: Record<string, unknown>[]) {
    const recording: typeof fetch = async (input, init) => {
      if (typeof init?.body === 'string')
        sent.push(JSON.parse(init.body) as Record<string, unknown>);
      return fetch(input, init);
    };
    return new ApolloClient({
      link: new PersistedQueryLink({ sha256 }).concat(
        new HttpLink({ uri: stack.gateway.graphqlUrl, fetch: recording }),
      ),
      cache: new InMemoryCache(),
    });
  }
  const conversations = gql`
    query ClientConversations {
      conversations(first: 1) {
        nodes {
          sid
        }
      }
    }
  `;

  it('registers by APQ without a manifest, then runs by id only under the manifest made of that text', async () => {
    const sent: Record<string, unknown>[] = [];
    const open = await stackWith({});
    await apolloClient(open, sent).query({ query: conversations });
    // Hash first (unknown), then hash and text: Apollo's APQ handshake.
    expect(sent.map((body) => typeof body.query)).toEqual(['undefined', 'string']);
    const text = String(sent[1]?.query);

    const manifest = apolloManifest([{ name: 'ClientConversations', type: 'query', body: text }]);
    const trusted = await stackWith({
      gateway: { persistedDocuments: { manifest, mode: 'trusted-only' } },
    });
    sent.length = 0;
    const result = await apolloClient(trusted, sent).query({ query: conversations });
    expect(result.data).toMatchObject({ conversations: { nodes: [{ sid: expect.any(String) }] } });
    expect(sent.map((body) => typeof body.query)).toEqual(['undefined']);

    sent.length = 0;
    const untrusted = gql`
      query Other {
        configuration {
          defaultChatServiceSid
        }
      }
    `;
    // The id is unknown, the text then refused (400 PERSISTED_QUERY_NOT_IN_LIST).
    await expect(apolloClient(trusted, sent).query({ query: untrusted })).rejects.toThrow(
      /status code 400/,
    );
    expect(sent.map((body) => typeof body.query)).toEqual(['undefined', 'string']);
  });
});

describe('subscriptions under a manifest (graphql-ws)', () => {
  const trustedSubscription =
    'subscription Watch($id: ID!) { messageAdded(conversationId: $id) { body } }';
  const otherSubscription =
    'subscription Other($id: ID!) { messageAdded(conversationId: $id) { author } }';

  it('refuses a subscription text not in the manifest, and accepts one that is', async () => {
    const stack = await stackWith({
      gateway: {
        persistedDocuments: {
          manifest: JSON.stringify({ [sha256(trustedSubscription)]: trustedSubscription }),
          mode: 'trusted-only',
        },
      },
    });
    const client = createClient({
      url: stack.gateway.graphqlUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      const refused = client.iterate({ query: otherSubscription, variables: { id: 'x' } });
      await expect(refused.next()).rejects.toEqual([
        expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } }),
      ]);
      const accepted = client.iterate({ query: trustedSubscription, variables: { id: 'x' } });
      // Past the document check: the graph itself answers the made-up conversation id.
      const answer: unknown = await accepted.next().catch((error: unknown) => error);
      expect(JSON.stringify(answer)).toContain('messageAdded');
      expect(JSON.stringify(answer)).not.toContain('PERSISTED_QUERY_NOT_IN_LIST');
    } finally {
      await client.dispose();
    }
  });
});
