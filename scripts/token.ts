/**
 * `npm run token -- --identity alice [--ttl 3600] [--service IS…]`: prints a Twilio Access Token
 * for the gateway as configured by the same environment `npm start` reads. It is signed with the
 * first key the gateway verifies with (GATEWAY_ACCESS_TOKEN_KEYS, else TWILIO_API_KEY and
 * TWILIO_API_SECRET, else the embedded emulator's fixed key), for the upstream's account.
 */
import { parseArgs } from 'node:util';
import { mintAccessToken } from '../src/server/auth/mint.js';
import { loadServerEnv } from '../src/server/env.js';

const usage = 'Usage: npm run token -- --identity <identity> [--ttl <seconds>] [--service <IS…>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      identity: { type: 'string' },
      ttl: { type: 'string', default: '3600' },
      service: { type: 'string' },
    },
  });
  if (values.identity === undefined || values.identity === '') throw new Error(usage);
  if (!/^\d+$/.test(values.ttl))
    throw new Error(`--ttl must be a whole number of seconds. ${usage}`);
  if (values.service !== undefined && !/^IS[0-9a-fA-F]{32}$/.test(values.service)) {
    throw new Error(`--service must be a service SID ("IS" and 32 hex digits). ${usage}`);
  }
  const { access } = loadServerEnv();
  const key = access.keys[0];
  if (key === undefined) {
    throw new Error(
      'No key to sign with: set GATEWAY_ACCESS_TOKEN_KEYS (SK…:secret) or TWILIO_API_KEY with TWILIO_API_SECRET.',
    );
  }
  const token = await mintAccessToken({
    key,
    accountSid: access.accountSid,
    identity: values.identity,
    ttlSeconds: Number(values.ttl),
    ...(values.service !== undefined ? { serviceSid: values.service } : {}),
  });
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
