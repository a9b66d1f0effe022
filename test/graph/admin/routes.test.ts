/**
 * Every other route the routing table offers for the administration writes (the default-service
 * shortcut and Chat v1/v2), driven through the mutation helpers with the route chosen as
 * gateway configuration will choose it: the wire operation, the role-type words and the
 * per-route rules (Chat's 64-character service names, no `Type` on a Chat credential update).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphContext } from '../../../src/graph/index.js';
import { deleteBinding } from '../../../src/graph/binding/writes.js';
import {
  createCredential,
  deleteCredential,
  updateCredential,
} from '../../../src/graph/credential/writes.js';
import { createRole, deleteRole, updateRole } from '../../../src/graph/role/writes.js';
import { createService, deleteService } from '../../../src/graph/service/writes.js';
import { runMutation } from '../../../src/graph/mutation/payloads.js';
import type { WriteApi } from '../../../src/loaders/index.js';
import { CallLedger } from '../../../src/twilio/index.js';
import { startMutationHarness, type MutationHarness } from '../mutations/support/mutations.js';

let h: MutationHarness;
beforeAll(async () => {
  h = await startMutationHarness({ seed: { conversationsPerService: 0, usersPerService: 3 } });
});
afterAll(() => h.close());

/** Runs one helper with a fresh context; returns its payload and the operations it sent. */
async function via<P extends object>(
  body: (ctx: ReturnType<typeof createGraphContext>) => Promise<P>,
) {
  h.emulator.clearRequests();
  const ctx = createGraphContext({ client: h.client, ledger: new CallLedger() });
  const payload = await runMutation(() => body(ctx));
  const sent = h.emulator
    .requestLog()
    .requests.map((entry) => entry.operationId)
    .filter((id) => id !== 'conversations.v1.FetchConfiguration');
  return { payload, sent };
}

async function storedRoleType(sid: string): Promise<unknown> {
  const run = await h.run(`query ($sid: String!) { role(sid: $sid) { type } }`, { sid });
  return (run.data.role as { type: string } | null)?.type;
}

describe('role routes', () => {
  it.each([
    ['conversations-default', 'conversations.v1', ['CreateRole', 'UpdateRole', 'DeleteRole']],
    ['chat-v2', 'chat.v2', ['CreateRole', 'UpdateRole', 'DeleteRole']],
    ['chat-v1', 'chat.v1', ['CreateRole', 'UpdateRole', 'DeleteRole']],
  ] as const)('%s: create, update, delete with the one RoleType', async (api, prefix, names) => {
    const created = await via((ctx) =>
      createRole(
        ctx,
        {
          serviceSid: h.serviceSid,
          friendlyName: `Role ${api}`,
          type: 'SERVICE',
          permissions: ['createConversation'],
        },
        api,
      ),
    );
    expect(created.sent).toEqual([`${prefix}.${names[0]}`]);
    const role = 'role' in created.payload ? created.payload.role : undefined;
    expect(role).toMatchObject({ serviceSid: h.serviceSid, permissions: ['createConversation'] });
    const sid = role?.sid ?? '';
    // Chat stores `deployment`; every view reads the same role as SERVICE.
    expect(await storedRoleType(sid)).toBe('SERVICE');

    const updated = await via((ctx) =>
      updateRole(ctx, { serviceSid: h.serviceSid, sid, permissions: ['joinConversation'] }, api),
    );
    expect(updated.sent).toEqual([`${prefix}.${names[1]}`]);
    expect(updated.payload).toMatchObject({ role: { permissions: ['joinConversation'] } });

    const deleted = await via((ctx) => deleteRole(ctx, { serviceSid: h.serviceSid, sid }, api));
    expect(deleted.sent).toEqual([`${prefix}.${names[2]}`]);
    expect(deleted.payload.userErrors).toEqual([]);
    expect(await storedRoleType(sid)).toBeUndefined();
  });
});

describe('credential routes', () => {
  it.each(['chat-v2', 'chat-v1'] as const)('%s: create, update, delete', async (api: WriteApi) => {
    const prefix = api.replace('-', '.');
    const created = await via((ctx) =>
      createCredential(ctx, { type: 'FCM', friendlyName: 'Android', secret: 'key' }, api),
    );
    expect(created.sent).toEqual([`${prefix}.CreateCredential`]);
    const sid = 'credential' in created.payload ? (created.payload.credential?.sid ?? '') : '';
    // The payload is the loader record (Twilio's words); the graph's enum is applied by resolvers.
    expect(created.payload).toMatchObject({ credential: { type: 'fcm', friendlyName: 'Android' } });

    // Only Conversations changes a credential's provider: refused before sending on Chat.
    const retype = await via((ctx) => updateCredential(ctx, { sid, type: 'GCM' }, api));
    expect(retype.payload.userErrors).toMatchObject([
      { field: ['input', 'type'], code: 'INVALID' },
    ]);
    expect(retype.sent).toEqual([]);

    const renamed = await via((ctx) => updateCredential(ctx, { sid, friendlyName: 'Droid' }, api));
    expect(renamed.sent).toEqual([`${prefix}.UpdateCredential`]);
    expect(renamed.payload).toMatchObject({ credential: { friendlyName: 'Droid' } });

    const deleted = await via((ctx) => deleteCredential(ctx, { sid }, api));
    expect(deleted.sent).toEqual([`${prefix}.DeleteCredential`]);
    expect(deleted.payload.userErrors).toEqual([]);
  });
});

describe('binding and service routes', () => {
  it('chat-v2: deletes a binding through Chat', async () => {
    const list = await h.run('{ bindings(first: 1) { nodes { sid } } }');
    const [binding] = (list.data.bindings as { nodes: { sid: string }[] }).nodes;
    const deleted = await via((ctx) =>
      deleteBinding(ctx, { serviceSid: h.serviceSid, sid: binding?.sid ?? '' }, 'chat-v2'),
    );
    expect(deleted.sent).toEqual(['chat.v2.DeleteBinding']);
    expect(deleted.payload.userErrors).toEqual([]);
  });

  it.each(['chat-v2', 'chat-v1'] as const)(
    '%s: creates (64-character names) and deletes a service',
    async (api: WriteApi) => {
      const prefix = api.replace('-', '.');
      const long = await via((ctx) => createService(ctx, { friendlyName: 's'.repeat(65) }, api));
      expect(long.payload.userErrors).toMatchObject([
        { field: ['input', 'friendlyName'], code: 'TOO_LONG' },
      ]);
      expect(long.sent).toEqual([]);
      const created = await via((ctx) => createService(ctx, { friendlyName: 'Chat service' }, api));
      expect(created.sent).toEqual([`${prefix}.CreateService`]);
      const sid = 'service' in created.payload ? (created.payload.service?.sid ?? '') : '';
      const deleted = await via((ctx) => deleteService(ctx, { sid }, api));
      expect(deleted.sent).toEqual([`${prefix}.DeleteService`]);
      expect(deleted.payload.userErrors).toEqual([]);
    },
  );
});
