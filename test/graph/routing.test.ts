/**
 * Field-level source routing: each field is read from the API that has it, and a selection
 * that needs only one API calls only that API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type Run } from './support/harness.js';

let h: Harness;
let serviceSid = '';
let sid = '';
let uniqueName = '';

beforeAll(async () => {
  h = await startHarness({ seed: { conversationsPerService: 2, messagesPerConversation: 3 } });
  const r = await h.run(
    '{ configuration { defaultChatServiceSid } conversations(first: 1) { nodes { sid uniqueName } } }',
  );
  const data = r.data as {
    configuration: { defaultChatServiceSid: string };
    conversations: { nodes: { sid: string; uniqueName: string }[] };
  };
  serviceSid = data.configuration.defaultChatServiceSid;
  sid = data.conversations.nodes[0]?.sid ?? '';
  uniqueName = data.conversations.nodes[0]?.uniqueName ?? '';
});
afterAll(() => h.close());

function apis(run: Run): string[] {
  return [...new Set(run.served.map((e) => (e.operationId ?? '?').split('.')[0] ?? '?'))].sort();
}

const lookup = (fields: string) =>
  h.run(
    `query ($serviceSid: String!, $sid: String!) { conversation(serviceSid: $serviceSid, sid: $sid) { ${fields} } }`,
    { serviceSid, sid },
  );

describe('field-level source routing', () => {
  it('a Conversations-only selection makes no Chat request', async () => {
    const run = await lookup('friendlyName state timers { inactiveAt } messagingServiceSid');
    expect(run.result.errors).toBeUndefined();
    expect(apis(run)).toEqual(['conversations']);
    expect(run.served).toHaveLength(1);
    expect((run.data.conversation as { state: string }).state).toBe('ACTIVE');
  });

  it('a Chat-only selection makes no Conversations request', async () => {
    const run = await lookup('sid type membersCount messagesCount createdBy');
    expect(run.result.errors).toBeUndefined();
    expect(apis(run)).toEqual(['chat']);
    expect(run.served).toHaveLength(1);
    expect(run.data.conversation).toMatchObject({ sid, type: 'PRIVATE', messagesCount: 3 });
  });

  it('a mixed selection reads each API once and merges both into one object', async () => {
    const run = await lookup('id sid friendlyName uniqueName state type membersCount');
    expect(run.result.errors).toBeUndefined();
    expect(apis(run)).toEqual(['chat', 'conversations']);
    expect(run.served).toHaveLength(2);
    expect(run.ledgerRequests).toBe(2);
    expect(run.data.conversation).toMatchObject({
      sid,
      uniqueName,
      state: 'ACTIVE',
      type: 'PRIVATE',
    });
  });

  it('a conversation looked up by unique name is cached under its SID too', async () => {
    const run = await h.run(
      `query ($serviceSid: String!, $name: String!) {
        conversation(serviceSid: $serviceSid, uniqueName: $name) {
          sid
          friendlyName
          participants(first: 1) { nodes { conversation { sid friendlyName } } }
        }
      }`,
      { serviceSid, name: uniqueName },
    );
    expect(run.result.errors).toBeUndefined();
    const conversation = run.data.conversation as {
      sid: string;
      friendlyName: string;
      participants: { nodes: { conversation: { sid: string; friendlyName: string } }[] };
    };
    expect(conversation.participants.nodes[0]?.conversation).toEqual({
      sid: conversation.sid,
      friendlyName: conversation.friendlyName,
    });
    expect(run.served.map((e) => e.operationId)).toEqual([
      'conversations.v1.FetchServiceConversation',
      'conversations.v1.ListServiceConversationParticipant',
    ]);
  });

  it('a listed conversation is primed, so reaching it again through a participant costs nothing', async () => {
    const run = await h.run(
      `query ($serviceSid: String!) {
        conversations(serviceSid: $serviceSid, first: 1) {
          nodes { sid participants(first: 2) { nodes { conversation { sid friendlyName state } } } }
        }
      }`,
      { serviceSid },
    );
    expect(run.result.errors).toBeUndefined();
    expect(run.served.map((e) => e.operationId)).toEqual([
      'conversations.v1.ListServiceConversation',
      'conversations.v1.ListServiceConversationParticipant',
    ]);
  });

  it('public channels are listed through Chat when `type` is given', async () => {
    const run = await h.run(
      `query ($serviceSid: String!) {
        conversations(serviceSid: $serviceSid, type: [PUBLIC], first: 10) { nodes { sid type friendlyName } }
      }`,
      { serviceSid },
    );
    expect(run.result.errors).toBeUndefined();
    expect(apis(run)).toEqual(['chat']);
    const nodes = (run.data.conversations as { nodes: { type: string }[] }).nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.type === 'PUBLIC')).toBe(true);
  });
});
