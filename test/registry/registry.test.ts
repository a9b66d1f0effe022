import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildRegistry,
  REGISTRY_OUTPUT,
  renderRegistrySource,
} from '../../scripts/registry-builder.js';
import {
  getOperation,
  headerParamsOn,
  hostServes,
  operationIds,
  operations,
} from '../../src/registry/index.js';

describe('operation registry', () => {
  it('has all 198 operations: Chat v1 40, Chat v2 54, Chat v3 1, Conversations v1 103', () => {
    const count = (product: string, version: string) =>
      operations.filter((op) => op.product === product && op.version === version).length;
    expect(operations).toHaveLength(198);
    expect(count('chat', 'v1')).toBe(40);
    expect(count('chat', 'v2')).toBe(54);
    expect(count('chat', 'v3')).toBe(1);
    expect(count('conversations', 'v1')).toBe(103);
    expect(new Set(operationIds).size).toBe(198);
  });

  it('is not stale: regenerating from the spec package gives the committed file', () => {
    const committed = readFileSync(REGISTRY_OUTPUT, 'utf8');
    expect(renderRegistrySource(buildRegistry())).toBe(committed);
  });

  it('records the 76 parent-to-child links of x-twilio.dependentProperties', () => {
    const perPath = new Map<string, number>();
    for (const op of operations)
      perPath.set(`${op.product}${op.version}${op.path}`, op.links.length);
    expect([...perPath.values()].reduce((a, b) => a + b, 0)).toBe(76);
    const list = getOperation('conversations.v1.ListConversation');
    expect(list.links).toContainEqual({
      name: 'participants',
      resourceUrl: '/v1/Conversations/{conversation_sid}/Participants',
      mapping: { conversation_sid: 'sid' },
    });
  });

  it('records method, path, parameters, list key, page sizes and status of an operation', () => {
    const op = getOperation('conversations.v1.ListServiceConversationParticipant');
    expect(op).toMatchObject({
      method: 'GET',
      path: '/v1/Services/{ChatServiceSid}/Conversations/{ConversationSid}/Participants',
      kind: 'list',
      listKey: 'participants',
      defaultPageSize: 50,
      maxPageSize: 100,
      successStatus: 200,
    });
    expect(op.pathParams[0]).toMatchObject({
      name: 'ChatServiceSid',
      pattern: '^IS[0-9a-fA-F]{32}$',
      minLength: 34,
      maxLength: 34,
      required: true,
    });
    const create = getOperation('conversations.v1.CreateConversationWithParticipants');
    expect(create.successStatuses).toEqual([201, 202]);
    const roles = getOperation('chat.v2.CreateRole');
    expect(roles.bodyParams.find((p) => p.name === 'Permission')).toMatchObject({
      array: true,
      required: true,
    });
    expect(roles.bodyParams.find((p) => p.name === 'Type')?.enum).toEqual([
      'channel',
      'deployment',
    ]);
  });

  it('keeps no description text from the OpenAPI documents', () => {
    expect(readFileSync(REGISTRY_OUTPUT, 'utf8')).not.toMatch(/"(description|summary)"/);
  });

  it('serves IP Messaging v2 as an alias of Chat v2, minus one webhook header', () => {
    const chatV2 = operations.filter((op) => hostServes('ip-messaging', op));
    expect(chatV2).toHaveLength(54);
    expect(chatV2.every((op) => op.product === 'chat' && op.version === 'v2')).toBe(true);
    const del = getOperation('chat.v2.DeleteUserChannel');
    expect(headerParamsOn('chat', del).map((p) => p.name)).toEqual(['X-Twilio-Webhook-Enabled']);
    expect(headerParamsOn('ip-messaging', del)).toEqual([]);
  });
});
