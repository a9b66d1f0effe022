/**
 * Role mutations and reads: a round trip through the Conversations API with the same role read
 * through its Chat v1/v2 views (Chat's channel/deployment types read as the one RoleType), the
 * default-service shortcut, and bad input rejected before Twilio or by Twilio.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  USER_ERRORS,
  expectRejectedByTwilio,
  expectRejectedLocally,
  payloadOf,
  startMutationHarness,
  type MutationHarness,
} from '../mutations/support/mutations.js';
import { ADMIN_FAKE as FAKE, CHAT_V1, CHAT_V2, VIA, ops } from './support/admin.js';

let h: MutationHarness;
beforeAll(async () => {
  h = await startMutationHarness({ seed: { conversationsPerService: 0, usersPerService: 1 } });
});
afterAll(() => h.close());

const ROLE = 'id sid serviceSid friendlyName type permissions';
const CREATE = `mutation ($input: CreateRoleInput!) {
  createRole(input: $input) { role { ${ROLE} } roleEdge { cursor node { sid } } ${USER_ERRORS} }
}`;
const UPDATE = `mutation ($input: UpdateRoleInput!) {
  updateRole(input: $input) { role { ${ROLE} } ${USER_ERRORS} }
}`;
const DELETE = `mutation ($input: DeleteRoleInput!) {
  deleteRole(input: $input) { deletedRoleId ${USER_ERRORS} }
}`;
const READ = `query ($serviceSid: String, $sid: String!) {
  role(serviceSid: $serviceSid, sid: $sid) { ${ROLE} }
}`;

interface RoleShape {
  id: string;
  sid: string;
  serviceSid: string;
  friendlyName: string;
  type: string;
  permissions: string[];
}

describe('round trip', () => {
  it('creates, reads through every API, updates, reads, deletes, and then reads null', async () => {
    const created = await h.run(CREATE, {
      input: {
        serviceSid: h.serviceSid,
        friendlyName: 'Moderator',
        type: 'CONVERSATION',
        permissions: ['sendMessage', 'deleteAnyMessage'],
      },
    });
    const payload = payloadOf<{ role: RoleShape; roleEdge: { node: { sid: string } } }>(
      created,
      'createRole',
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.role).toMatchObject({
      serviceSid: h.serviceSid,
      friendlyName: 'Moderator',
      type: 'CONVERSATION',
      permissions: ['sendMessage', 'deleteAnyMessage'],
    });
    expect(payload.roleEdge.node.sid).toBe(payload.role.sid);
    expect(ops(created)).toEqual(['conversations.v1.CreateServiceRole']);
    const { sid } = payload.role;

    // The default-service shortcut needs no configuration lookup.
    const shortcut = await h.run(READ, { sid });
    expect(shortcut.data.role).toEqual(payload.role);
    expect(ops(shortcut)).toEqual(['conversations.v1.FetchRole']);
    // Chat says `channel`; the graph reads the same role with the one RoleType.
    for (const [source, operationId] of [
      ['CHAT_V2', 'chat.v2.FetchRole'],
      ['CHAT_V1', 'chat.v1.FetchRole'],
    ] as const) {
      const chat = await h.run(READ, { serviceSid: h.serviceSid, sid }, VIA[source]);
      expect(chat.data.role).toEqual(payload.role);
      expect(ops(chat)).toEqual([operationId]);
    }

    const updated = await h.run(UPDATE, {
      input: { id: payload.role.id, permissions: ['sendMessage'] },
    });
    expect(payloadOf(updated, 'updateRole')).toMatchObject({
      role: { sid, permissions: ['sendMessage'] },
      userErrors: [],
    });
    expect(ops(updated)).toEqual(['conversations.v1.UpdateServiceRole']);
    const reread = await h.run(READ, { serviceSid: h.serviceSid, sid }, CHAT_V2);
    expect((reread.data.role as RoleShape).permissions).toEqual(['sendMessage']);

    const deleted = await h.run(DELETE, { input: { serviceSid: h.serviceSid, sid } });
    expect(payloadOf(deleted, 'deleteRole')).toEqual({
      deletedRoleId: payload.role.id,
      userErrors: [],
    });
    expect(ops(deleted)).toEqual(['conversations.v1.DeleteServiceRole']);
    const gone = await h.run(READ, { serviceSid: h.serviceSid, sid });
    expect(gone.data.role).toBeNull();
    expect(ops(gone)).toEqual(['conversations.v1.FetchServiceRole']);
    expect((await h.run(READ, { sid }, CHAT_V1)).data.role).toBeNull();
  });

  it('a SERVICE role is a deployment role in Chat, listed by every API', async () => {
    const created = payloadOf<{ role: RoleShape }>(
      await h.run(CREATE, {
        input: { friendlyName: 'Staff', type: 'SERVICE', permissions: ['createConversation'] },
      }),
      'createRole',
    );
    const list = `query {
      roles(first: 50) { nodes { sid type friendlyName } }
      service { roles(first: 50) { nodes { sid type } } }
    }`;
    for (const [source, operationId] of [
      ['CONVERSATIONS', 'conversations.v1.ListRole'],
      ['CHAT_V2', 'chat.v2.ListRole'],
      ['CHAT_V1', 'chat.v1.ListRole'],
    ] as const) {
      const run = await h.run(list, {}, VIA[source]);
      expect(run.result.errors).toBeUndefined();
      const data = run.data as {
        roles: { nodes: { sid: string; type: string }[] };
        service: { roles: { nodes: { sid: string; type: string }[] } };
      };
      expect(data.roles.nodes).toContainEqual({
        sid: created.role.sid,
        type: 'SERVICE',
        friendlyName: 'Staff',
      });
      expect(data.service.roles.nodes).toContainEqual({ sid: created.role.sid, type: 'SERVICE' });
      expect(ops(run)).toContain(operationId);
      if (source === 'CONVERSATIONS')
        expect(ops(run)).toContain('conversations.v1.ListServiceRole');
    }
  });

  it('a read after the mutation in the same request sees the change', async () => {
    const created = payloadOf<{ role: RoleShape }>(
      await h.run(CREATE, {
        input: { friendlyName: 'Reader', type: 'CONVERSATION', permissions: ['sendMessage'] },
      }),
      'createRole',
    );
    const run = await h.run(
      `mutation ($id: ID!, $sid: String!) {
        updateRole(input: { id: $id, permissions: ["leaveConversation"] }) { ${USER_ERRORS} }
        updateServiceConfiguration(input: { defaultConversationRoleSid: $sid }) {
          service { roles(first: 50) { nodes { sid permissions } } }
        }
      }`,
      { id: created.role.id, sid: created.role.sid },
    );
    expect(run.result.errors).toBeUndefined();
    const service = (
      run.data.updateServiceConfiguration as {
        service: { roles: { nodes: { sid: string; permissions: string[] }[] } };
      }
    ).service;
    expect(service.roles.nodes).toContainEqual({
      sid: created.role.sid,
      permissions: ['leaveConversation'],
    });
  });
});

describe('bad input', () => {
  const base = { friendlyName: 'Role', type: 'CONVERSATION', permissions: ['sendMessage'] };

  it('rejects a malformed service SID before Twilio', async () => {
    const run = await h.run(CREATE, { input: { ...base, serviceSid: 'IS123' } });
    expectRejectedLocally(run, 'createRole', { field: ['input', 'serviceSid'], code: 'INVALID' });
  });

  it('rejects a name over 64 characters before Twilio', async () => {
    const run = await h.run(CREATE, {
      input: { ...base, serviceSid: h.serviceSid, friendlyName: 'r'.repeat(65) },
    });
    expectRejectedLocally(run, 'createRole', {
      field: ['input', 'friendlyName'],
      code: 'TOO_LONG',
    });
  });

  it('rejects malformed, repeated or missing permissions before Twilio', async () => {
    const bad = await h.run(CREATE, {
      input: { ...base, serviceSid: h.serviceSid, permissions: ['send message'] },
    });
    expectRejectedLocally(bad, 'createRole', {
      field: ['input', 'permissions', '0'],
      code: 'INVALID',
    });
    const twice = await h.run(UPDATE, {
      input: {
        serviceSid: h.serviceSid,
        sid: FAKE.RL,
        permissions: ['sendMessage', 'sendMessage'],
      },
    });
    expectRejectedLocally(twice, 'updateRole', {
      field: ['input', 'permissions', '1'],
      code: 'INVALID',
    });
    const none = await h.run(UPDATE, {
      input: { serviceSid: h.serviceSid, sid: FAKE.RL, permissions: [] },
    });
    expectRejectedLocally(none, 'updateRole', {
      field: ['input', 'permissions'],
      code: 'REQUIRED',
    });
  });

  it('rejects a role type outside the one enum at the GraphQL layer', async () => {
    const run = await h.run(CREATE, { input: { ...base, type: 'CHANNEL' } });
    expect(run.result.errors?.[0]?.message).toMatch(/RoleType/);
    expect(run.served).toEqual([]);
  });

  it('rejects the id of another type before Twilio', async () => {
    const services = await h.run('{ service { id } }');
    const serviceId = (services.data.service as { id: string }).id;
    const run = await h.run(DELETE, { input: { id: serviceId } });
    expectRejectedLocally(run, 'deleteRole', { field: ['input', 'id'], code: 'INVALID' });
  });

  it('reports an unknown service or role as NOT_FOUND from Twilio', async () => {
    const parent = await h.run(CREATE, { input: { ...base, serviceSid: FAKE.IS } });
    expectRejectedByTwilio(parent, 'createRole', {
      field: ['input', 'serviceSid'],
      code: 'NOT_FOUND',
      twilioCode: 20404,
    });
    const role = await h.run(DELETE, { input: { serviceSid: h.serviceSid, sid: FAKE.RL } });
    expectRejectedByTwilio(role, 'deleteRole', {
      field: ['input', 'sid'],
      code: 'NOT_FOUND',
      twilioCode: 20404,
    });
  });
});
