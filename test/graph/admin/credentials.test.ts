/**
 * Credential mutations and reads: a round trip through Conversations with the same credential
 * read through Chat v1/v2, and bad input (secrets of another provider, names, SIDs, ids)
 * rejected before Twilio or by Twilio.
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
import {
  ADMIN_FAKE as FAKE,
  CHAT_V1,
  PEM_CERTIFICATE,
  PEM_KEY,
  VIA,
  ops,
} from './support/admin.js';

let h: MutationHarness;
beforeAll(async () => {
  h = await startMutationHarness({ seed: { conversationsPerService: 0, usersPerService: 0 } });
});
afterAll(() => h.close());

const CREDENTIAL = 'id sid friendlyName type sandbox';
const CREATE = `mutation ($input: CreateCredentialInput!) {
  createCredential(input: $input) {
    credential { ${CREDENTIAL} } credentialEdge { node { sid } } ${USER_ERRORS}
  }
}`;
const UPDATE = `mutation ($input: UpdateCredentialInput!) {
  updateCredential(input: $input) { credential { ${CREDENTIAL} } ${USER_ERRORS} }
}`;
const DELETE = `mutation ($input: DeleteCredentialInput!) {
  deleteCredential(input: $input) { deletedCredentialId ${USER_ERRORS} }
}`;
const READ = `query ($sid: String!) {
  credential(sid: $sid) { ${CREDENTIAL} }
  credentials(first: 100) { nodes { sid } }
}`;

interface CredentialShape {
  id: string;
  sid: string;
  friendlyName: string;
  type: string;
  sandbox: boolean;
}

describe('round trip', () => {
  it('creates, reads through every API, updates, reads, deletes, and then reads null', async () => {
    const created = await h.run(CREATE, {
      input: {
        type: 'APN',
        friendlyName: 'iOS push',
        certificate: PEM_CERTIFICATE,
        privateKey: PEM_KEY,
        sandbox: true,
      },
    });
    const payload = payloadOf<{ credential: CredentialShape; credentialEdge: unknown }>(
      created,
      'createCredential',
    );
    expect(payload).toMatchObject({
      credential: { friendlyName: 'iOS push', type: 'APN', sandbox: true },
      userErrors: [],
    });
    expect(payload.credentialEdge).toEqual({ node: { sid: payload.credential.sid } });
    expect(ops(created)).toEqual(['conversations.v1.CreateCredential']);
    // The secrets went to Twilio and are never read back.
    const body = JSON.stringify(created.served[0]);
    expect(body).not.toContain('MIIB');
    const { sid } = payload.credential;

    for (const [source, fetch, list] of [
      ['CONVERSATIONS', 'conversations.v1.FetchCredential', 'conversations.v1.ListCredential'],
      ['CHAT_V2', 'chat.v2.FetchCredential', 'chat.v2.ListCredential'],
      ['CHAT_V1', 'chat.v1.FetchCredential', 'chat.v1.ListCredential'],
    ] as const) {
      const read = await h.run(READ, { sid }, VIA[source]);
      expect(read.result.errors).toBeUndefined();
      expect(read.data.credential).toEqual(payload.credential);
      expect((read.data.credentials as { nodes: unknown[] }).nodes).toContainEqual({ sid });
      expect(ops(read).sort()).toEqual([fetch, list].sort());
    }

    const updated = await h.run(UPDATE, {
      input: { id: payload.credential.id, friendlyName: 'iOS push (prod)', sandbox: false },
    });
    expect(payloadOf(updated, 'updateCredential')).toMatchObject({
      credential: { sid, friendlyName: 'iOS push (prod)', sandbox: false },
      userErrors: [],
    });
    expect(ops(updated)).toEqual(['conversations.v1.UpdateCredential']);
    expect((await h.run(READ, { sid }, CHAT_V1)).data.credential).toMatchObject({
      friendlyName: 'iOS push (prod)',
      sandbox: false,
    });

    const deleted = await h.run(DELETE, { input: { sid } });
    expect(payloadOf(deleted, 'deleteCredential')).toEqual({
      deletedCredentialId: payload.credential.id,
      userErrors: [],
    });
    expect(ops(deleted)).toEqual(['conversations.v1.DeleteCredential']);
    const gone = await h.run(READ, { sid });
    expect(gone.data.credential).toBeNull();
    expect((gone.data.credentials as { nodes: unknown[] }).nodes).not.toContainEqual({ sid });
  });

  it('a read after the mutation in the same request sees the change', async () => {
    const created = payloadOf<{ credential: CredentialShape }>(
      await h.run(CREATE, { input: { type: 'FCM', secret: 'server-key' } }),
      'createCredential',
    );
    const run = await h.run(
      `mutation ($sid: String!) {
        first: updateCredential(input: { sid: $sid, friendlyName: "Android" }) { ${USER_ERRORS} }
        second: updateCredential(input: { sid: $sid, type: GCM, apiKey: "key" }) {
          credential { friendlyName type }
        }
      }`,
      { sid: created.credential.sid },
    );
    expect(run.result.errors).toBeUndefined();
    expect(run.data.second).toEqual({ credential: { friendlyName: 'Android', type: 'GCM' } });
  });
});

describe('bad input', () => {
  it('rejects a secret of another provider before Twilio', async () => {
    const run = await h.run(CREATE, { input: { type: 'FCM', apiKey: 'key' } });
    expectRejectedLocally(run, 'createCredential', { field: ['input', 'apiKey'], code: 'INVALID' });
  });

  it('rejects a certificate that is not PEM before Twilio', async () => {
    const run = await h.run(CREATE, {
      input: { type: 'APN', certificate: 'not a certificate', privateKey: PEM_KEY },
    });
    expectRejectedLocally(run, 'createCredential', {
      field: ['input', 'certificate'],
      code: 'INVALID',
    });
  });

  it('rejects a name over 64 characters before Twilio', async () => {
    const run = await h.run(CREATE, { input: { type: 'FCM', friendlyName: 'c'.repeat(65) } });
    expectRejectedLocally(run, 'createCredential', {
      field: ['input', 'friendlyName'],
      code: 'TOO_LONG',
    });
  });

  it('rejects a malformed SID, a foreign id, or both an id and a SID before Twilio', async () => {
    expectRejectedLocally(await h.run(DELETE, { input: { sid: 'CR123' } }), 'deleteCredential', {
      field: ['input', 'sid'],
      code: 'INVALID',
    });
    const service = await h.run('{ service { id } }');
    const id = (service.data.service as { id: string }).id;
    expectRejectedLocally(await h.run(DELETE, { input: { id } }), 'deleteCredential', {
      field: ['input', 'id'],
      code: 'INVALID',
    });
    expectRejectedLocally(
      await h.run(UPDATE, { input: { id, sid: FAKE.CR, friendlyName: 'x' } }),
      'updateCredential',
      { field: ['input', 'sid'], code: 'INVALID' },
    );
    expectRejectedLocally(await h.run(DELETE, { input: {} }), 'deleteCredential', {
      field: ['input', 'sid'],
      code: 'REQUIRED',
    });
  });

  it('reports an unknown credential as NOT_FOUND from Twilio', async () => {
    const run = await h.run(UPDATE, { input: { sid: FAKE.CR, friendlyName: 'Gone' } });
    expectRejectedByTwilio(run, 'updateCredential', {
      field: ['input', 'sid'],
      code: 'NOT_FOUND',
      twilioCode: 20404,
    });
  });
});
