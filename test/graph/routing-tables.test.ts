/**
 * The route tables and the host rule behind the routing configuration: every operation id
 * derived for a family exists in its column's API, and Chat v2 calls go to the IP Messaging host unless the registry says
 * that host lacks a header the call sends.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING, FAMILIES, apiOf, hostFor, rowOf } from '../../src/loaders/index.js';
import type { RouteApi } from '../../src/loaders/index.js';
import { findOperation, ipMessagingDifferences } from '../../src/registry/index.js';

const PREFIX: Readonly<Record<RouteApi, string>> = {
  conversations: 'conversations.v1.',
  'conversations-default': 'conversations.v1.',
  'chat-v2': 'chat.v2.',
  'chat-v1': 'chat.v1.',
  'chat-v3': 'chat.v3.',
};

const ACTIONS = ['fetch', 'list', 'create', 'update', 'delete'] as const;
const families = Object.keys(FAMILIES) as (keyof typeof FAMILIES)[];

describe('route tables', () => {
  it('name existing operations of the column they sit in', () => {
    for (const family of families) {
      for (const row of ACTIONS.map((action) => rowOf(family, action))) {
        for (const [api, id] of Object.entries(row) as [RouteApi, string][]) {
          expect(findOperation(id), id).toBeDefined();
          expect(id.startsWith(PREFIX[api]), `${id} in ${api}`).toBe(true);
          if (api === 'conversations-default') expect(id).not.toContain('.ListService');
        }
      }
    }
  });

  it('pick Conversations service paths under the default routing', () => {
    const fetchChannel = rowOf('conversation', 'fetch', 'chat');
    expect(apiOf(rowOf('conversation', 'fetch'), DEFAULT_ROUTING, true)).toBe('conversations');
    expect(apiOf(fetchChannel, DEFAULT_ROUTING, false)).toBe('chat-v2');
    const v1 = { ...DEFAULT_ROUTING, primaryApi: 'chat-v1' } as const;
    expect(apiOf(fetchChannel, v1, false)).toBe('chat-v1');
    expect(apiOf(rowOf('webhook', 'list'), v1, false)).toBe('chat-v2');
    expect(apiOf(rowOf('participantConversation', 'list'), v1, false)).toBe('conversations');
  });
});

describe('Chat host', () => {
  const ipm = { ...DEFAULT_ROUTING, chatHost: 'ip-messaging' } as const;

  it('sends Chat v2 calls to IP Messaging only when configured, and nothing else', () => {
    expect(hostFor(DEFAULT_ROUTING, 'chat.v2.FetchChannel', {})).toBeUndefined();
    expect(hostFor(ipm, 'chat.v2.FetchChannel', {})).toBe('ip-messaging');
    expect(hostFor(ipm, 'chat.v1.FetchChannel', {})).toBeUndefined();
    expect(hostFor(ipm, 'conversations.v1.FetchConversation', {})).toBeUndefined();
  });

  it('keeps a call on the Chat host when it sends a header IP Messaging lacks', () => {
    expect(ipMessagingDifferences.length).toBeGreaterThan(0);
    for (const difference of ipMessagingDifferences) {
      const header = difference.missingHeaderParams[0] ?? '';
      expect(hostFor(ipm, difference.operationId, {})).toBe('ip-messaging');
      expect(hostFor(ipm, difference.operationId, { [header]: true })).toBe('chat');
    }
  });
});
