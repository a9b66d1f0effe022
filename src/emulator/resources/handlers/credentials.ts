import type { Credential, PushType } from '../../store/entities.js';
import { credential as render } from '../render/credentials.js';
import type { Request } from '../request.js';
import { created, deleted, list, ok } from '../results.js';
import type { HandlerTable } from '../results.js';
import { prefixed } from './shared.js';

/** Twilio renders `sandbox` as a string (`"True"` / `"False"`). */
function sandbox(r: Request): string | undefined {
  const value = r.bool('Sandbox');
  return value === undefined ? undefined : value ? 'True' : 'False';
}

function credentialOf(r: Request): Credential {
  const credential = r.store.credentials.get(r.path('Sid'));
  if (!credential) throw r.notFound();
  return credential;
}

// Certificates, keys and secrets are accepted and dropped: Twilio never returns them either.
const table: HandlerTable = {
  ListCredential: (r) => list(r.store.credentials.of(r.accountSid), (c) => render(r, c)),
  CreateCredential: (r) => {
    const now = r.store.now();
    const credential = r.store.credentials.create({
      friendlyName: r.nullable('FriendlyName') ?? null,
      type: (r.str('Type') ?? 'fcm') as PushType,
      sandbox: sandbox(r) ?? 'False',
      dateCreated: now,
      dateUpdated: now,
    });
    return created(render(r, credential));
  },
  FetchCredential: (r) => ok(render(r, credentialOf(r))),
  UpdateCredential: (r) => {
    const credential = credentialOf(r);
    if (r.has('FriendlyName')) credential.friendlyName = r.nullable('FriendlyName') ?? null;
    const type = r.str('Type');
    if (type !== undefined) credential.type = type as PushType;
    credential.sandbox = sandbox(r) ?? credential.sandbox;
    credential.dateUpdated = r.store.now();
    return ok(render(r, credential));
  },
  DeleteCredential: (r) => {
    r.store.credentials.delete(credentialOf(r));
    return deleted;
  },
};

export const credentialHandlers: HandlerTable = {
  ...prefixed('chat.v1.', table),
  ...prefixed('chat.v2.', table),
  ...prefixed('conversations.v1.', table),
};
