/**
 * The two bugs of the routing split (issue 9), pinned under every routing configuration
 * (primary API × Conversations path form × Chat host):
 * - one service read per request: `service(sid:)` and `Conversation.service` share one cache;
 * - a created role's edge cursor continues every list of that service's roles:
 *   `Query.roles` with and without `serviceSid`, and `Service.roles`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRouting } from '../../src/graph/index.js';
import { routing } from './support/harness.js';
import { startMutationHarness, type MutationHarness } from './mutations/support/mutations.js';

let h: MutationHarness;
beforeAll(async () => {
  h = await startMutationHarness({ seed: { conversationsPerService: 2, usersPerService: 2 } });
});
afterAll(() => h.close());

const CONFIGURATIONS: ApiRouting[] = (['conversations', 'chat-v2', 'chat-v1'] as const).flatMap(
  (primaryApi) =>
    (['service', 'default-service'] as const).flatMap((conversationsPaths) =>
      (['chat', 'ip-messaging'] as const).map((chatHost) =>
        routing({ primaryApi, conversationsPaths, chatHost }),
      ),
    ),
);
const name = (r: ApiRouting) => `${r.primaryApi}, ${r.conversationsPaths}, ${r.chatHost}`;

describe.each(CONFIGURATIONS.map((r) => [name(r), r] as const))('routing %s', (_name, config) => {
  it('reads a service once per request, whichever field reaches it', async () => {
    const run = await h.run(
      `query ($s: String!) {
        service(sid: $s) { friendlyName }
        conversations(serviceSid: $s, first: 1) { nodes { service { friendlyName } } }
      }`,
      { s: h.serviceSid },
      { routing: config },
    );
    expect(run.result.errors).toBeUndefined();
    const service = run.data.service as { friendlyName: string };
    const nodes = (run.data.conversations as { nodes: { service: { friendlyName: string } }[] })
      .nodes;
    expect(nodes[0]?.service).toEqual(service);
    const fetches = run.served.filter((e) => /\.FetchService$/.test(e.operationId ?? ''));
    expect(fetches).toHaveLength(1);
  });

  it("continues every list of the service's roles after a created role's edge", async () => {
    const created = await h.run(
      `mutation ($input: CreateRoleInput!) {
        createRole(input: $input) { role { sid } roleEdge { cursor } userErrors { message } }
      }`,
      {
        input: {
          friendlyName: `After ${name(config)}`,
          type: 'CONVERSATION',
          permissions: ['sendMessage'],
        },
      },
      { routing: config },
    );
    expect(created.result.errors).toBeUndefined();
    const payload = created.data.createRole as {
      role: { sid: string };
      roleEdge: { cursor: string };
      userErrors: unknown[];
    };
    expect(payload.userErrors).toEqual([]);
    const later = await h.run(
      `mutation ($input: CreateRoleInput!) { createRole(input: $input) { role { sid } } }`,
      {
        input: {
          friendlyName: `Later ${name(config)}`,
          type: 'CONVERSATION',
          permissions: ['sendMessage'],
        },
      },
      { routing: config },
    );
    const laterSid = (later.data.createRole as { role: { sid: string } }).role.sid;
    const cursor = payload.roleEdge.cursor;
    const lists = await h.run(
      `query ($s: String!, $after: String!) {
        bare: roles(first: 50, after: $after) { nodes { sid } }
        scoped: roles(serviceSid: $s, first: 50, after: $after) { nodes { sid } }
        service(sid: $s) { roles(first: 50, after: $after) { nodes { sid } } }
      }`,
      { s: h.serviceSid, after: cursor },
      { routing: config },
    );
    expect(lists.result.errors).toBeUndefined();
    const data = lists.data as {
      bare: { nodes: { sid: string }[] };
      scoped: { nodes: { sid: string }[] };
      service: { roles: { nodes: { sid: string }[] } };
    };
    for (const nodes of [data.bare.nodes, data.scoped.nodes, data.service.roles.nodes]) {
      const sids = nodes.map((n) => n.sid);
      expect(sids).toContain(laterSid);
      expect(sids).not.toContain(payload.role.sid);
    }
  });
});
