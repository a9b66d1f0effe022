/**
 * Push credential writes. Each provider takes its own secrets (APN a certificate and key, GCM
 * an API key, FCM a server key); a secret of another provider is refused before sending,
 * since Twilio would store a credential that can never deliver.
 */
import type {
  CreateCredentialInput,
  CredentialType,
  DeleteCredentialInput,
  UpdateCredentialInput,
} from '../../generated/graphql.js';
import { toCredential, type CredentialRecord, type WriteApi } from '../../loaders/index.js';
import type { GraphContext } from '../context.js';
import { toWire } from '../enums.js';
import { encodeId } from '../ids.js';
import { InputCheck } from '../mutation/checks.js';
import { LIMITS } from '../mutation/limits.js';
import { createdEdge } from '../mutation/payloads.js';
import type { FieldPath } from '../mutation/user-errors.js';
import { sendWrite, type WriteResult } from '../mutation/write.js';
import { accountTarget, targetField } from '../mutation/targets.js';

const FIELDS: Readonly<Record<string, FieldPath>> = {
  Sid: ['sid'],
  Type: ['type'],
  FriendlyName: ['friendlyName'],
  Certificate: ['certificate'],
  PrivateKey: ['privateKey'],
  Sandbox: ['sandbox'],
  ApiKey: ['apiKey'],
  Secret: ['secret'],
};

type SecretField = 'certificate' | 'privateKey' | 'sandbox' | 'apiKey' | 'secret';

const PROVIDER_OF: Readonly<Record<SecretField, CredentialType>> = {
  certificate: 'APN',
  privateKey: 'APN',
  sandbox: 'APN',
  apiKey: 'GCM',
  secret: 'FCM',
};

/** PEM blocks: the certificate and the private key of an APN credential. */
const PEM: Readonly<Partial<Record<SecretField, RegExp>>> = {
  certificate: /-----BEGIN [A-Z ]*CERTIFICATE-----/,
  privateKey: /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
};

type SecretsInput = Partial<Record<SecretField, string | boolean | null>> & {
  readonly type?: CredentialType | null;
  readonly friendlyName?: string | null;
};

function settings(check: InputCheck, input: SecretsInput) {
  for (const field of Object.keys(PROVIDER_OF) as SecretField[]) {
    const value = input[field];
    if (value == null) continue;
    const provider = PROVIDER_OF[field];
    if (input.type != null && input.type !== provider) {
      check.add([field], 'INVALID', `\`${field}\` applies to ${provider} credentials only.`);
      continue;
    }
    const pem = PEM[field];
    if (typeof value === 'string' && value.trim() === '') {
      check.add([field], 'INVALID', `\`${field}\` must not be empty.`);
    } else if (pem && typeof value === 'string' && !pem.test(value)) {
      check.add([field], 'INVALID', `\`${field}\` must be in PEM form (-----BEGIN ...).`);
    }
  }
  const text = (field: SecretField) => {
    const value = input[field];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  return {
    Type: input.type == null ? undefined : toWire(input.type),
    FriendlyName: check.text(input.friendlyName, ['friendlyName'], LIMITS.adminNameChars),
    Certificate: text('certificate'),
    PrivateKey: text('privateKey'),
    Sandbox: typeof input.sandbox === 'boolean' ? input.sandbox : undefined,
    ApiKey: text('apiKey'),
    Secret: text('secret'),
  };
}

function credentialFromWrite(ctx: GraphContext, result: WriteResult): CredentialRecord {
  const credential = toCredential(result.data);
  ctx.loaders.credential.replace(credential);
  return credential;
}

export async function createCredential(
  ctx: GraphContext,
  input: CreateCredentialInput,
  api?: WriteApi,
) {
  const check = new InputCheck();
  const params = settings(check, input);
  check.done();
  const result = await sendWrite(ctx, {
    family: 'credential.create',
    ...(api ? { api } : {}),
    params,
    fields: FIELDS,
  });
  const credential = credentialFromWrite(ctx, result);
  const list = ctx.loaders.lists.credentials();
  return {
    credential,
    credentialEdge: await createdEdge(list, credential.sid, credential, credential),
  };
}

export async function updateCredential(
  ctx: GraphContext,
  input: UpdateCredentialInput,
  api?: WriteApi,
) {
  const check = new InputCheck();
  const sid = accountTarget(check, 'Credential', { id: input.id, sid: input.sid, prefix: 'CR' });
  const params = settings(check, input);
  check.done();
  const result = await sendWrite(ctx, {
    family: 'credential.update',
    ...(api ? { api } : {}),
    params: { Sid: sid, ...params },
    fields: { ...FIELDS, Sid: targetField(input) },
    blame: { NOT_FOUND: targetField(input) },
  });
  return { credential: credentialFromWrite(ctx, result) };
}

export async function deleteCredential(
  ctx: GraphContext,
  input: DeleteCredentialInput,
  api?: WriteApi,
) {
  const check = new InputCheck();
  const sid = accountTarget(check, 'Credential', { id: input.id, sid: input.sid, prefix: 'CR' });
  check.done();
  await sendWrite(ctx, {
    family: 'credential.delete',
    ...(api ? { api } : {}),
    params: { Sid: sid },
    fields: { ...FIELDS, Sid: targetField(input) },
    blame: { NOT_FOUND: targetField(input) },
  });
  ctx.loaders.credential.clearAll();
  return { deletedCredentialId: encodeId('Credential', [sid ?? '']) };
}
