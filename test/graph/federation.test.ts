/**
 * Subgraph behaviour: `_service` publishes the SDL with the contract keys, and `_entities`
 * resolves references through the same per-request loaders as the rest of the graph.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../src/graph/type-defs.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
let serviceSid = '';
let sid = '';

beforeAll(async () => {
  h = await startHarness({ seed: { conversationsPerService: 1, messagesPerConversation: 2 } });
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

describe('federation subgraph', () => {
  it('_service returns the SDL with the entity keys', async () => {
    const run = await h.run('{ _service { sdl } }');
    const sdl = (run.data._service as { sdl: string }).sdl;
    expect(sdl).toContain('@key(fields: "serviceSid identity")');
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.9"');
    expect(run.served).toHaveLength(0);
  });

  it('_entities resolves every key form, in order, sharing the loaders', async () => {
    const run = await h.run(
      `query ($reps: [_Any!]!) {
        _entities(representations: $reps) {
          __typename
          ... on Conversation { id friendlyName }
          ... on User { sid identity }
          ... on Service { friendlyName }
        }
      }`,
      {
        reps: [
          { __typename: 'Conversation', serviceSid, sid },
          { __typename: 'User', serviceSid, identity: 'alice' },
          { __typename: 'Service', sid: serviceSid },
          { __typename: 'User', serviceSid, identity: 'alice' },
        ],
      },
    );
    expect(run.result.errors).toBeUndefined();
    const entities = run.data._entities as Record<string, unknown>[];
    expect(entities.map((e) => e.__typename)).toEqual(['Conversation', 'User', 'Service', 'User']);
    expect(entities[1]).toEqual(entities[3]);
    const byId = await h.run(
      'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Conversation { sid } } }',
      { reps: [{ __typename: 'Conversation', id: entities[0]?.id }] },
    );
    expect(byId.data._entities).toEqual([{ sid }]);
    // Conversation, user (once for both references), service.
    expect(run.served).toHaveLength(3);
  });
});

describe('SDL location', () => {
  it('schema/ is found from a built module under dist/src as well as from src', () => {
    const root = findPackageRoot();
    const built = pathToFileURL(join(root, 'dist', 'src', 'graph', 'type-defs.js')).href;
    expect(findPackageRoot(built)).toBe(root);
  });
});
