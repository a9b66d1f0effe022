/**
 * `npm run emulator`: runs the Twilio emulator standalone and prints where it listens and which
 * credentials it accepts. Flags override `EMULATOR_*` / `TWILIO_*` environment variables.
 */
import { parseArgs } from 'node:util';
import type { SeedOptions } from './contract.js';
import {
  DEFAULT_API_SECRET,
  DEFAULT_AUTH_TOKEN,
  emulatorEnvNames,
  emulatorOptionsFromEnv,
  startEmulator,
} from './index.js';
import type { EmulatorOptions } from './index.js';

const usage = `Usage: npm run emulator -- [options]

  --port <n>                          port (default 4010; 0 = any free port)
  --host <addr>                       interface (default 127.0.0.1)
  --seed <string>                     seed of the deterministic demo data
  --no-seed                           start with an empty store
  --services <n>                      seed size: services
  --users-per-service <n>
  --conversations-per-service <n>
  --participants-per-conversation <n>
  --messages-per-conversation <n>
  --public-channels-per-service <n>
  --latency <ms>  --jitter <ms>       artificial latency
  --concurrency-limit <n>             answer 429/20429 beyond n requests in flight
  --page-size-over-max clamp|reject   PageSize above a list's maximum
  --no-webhooks                       do not deliver webhooks
  --help

Environment: ${emulatorEnvNames.join(', ')}.
Credentials: TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN and/or TWILIO_API_KEY + TWILIO_API_SECRET;
without them fixed test credentials are used (printed below).
Admin API (loopback only): GET/DELETE /__emulator/requests, POST /__emulator/reset,
GET/PUT /__emulator/faults, /__emulator/latency, /__emulator/concurrency.`;

const seedFlags = {
  services: 'services',
  'users-per-service': 'usersPerService',
  'conversations-per-service': 'conversationsPerService',
  'participants-per-conversation': 'participantsPerConversation',
  'messages-per-conversation': 'messagesPerConversation',
  'public-channels-per-service': 'publicChannelsPerService',
} as const satisfies Record<string, keyof SeedOptions>;

function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${flag} expects a non-negative integer`);
  return Number(value);
}

function optionsFromArgs(args: readonly string[]): EmulatorOptions | 'help' {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'no-seed': { type: 'boolean' },
      ...Object.fromEntries(Object.keys(seedFlags).map((flag) => [flag, { type: 'string' }])),
      latency: { type: 'string' },
      jitter: { type: 'string' },
      'concurrency-limit': { type: 'string' },
      'page-size-over-max': { type: 'string' },
      'no-webhooks': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) return 'help';
  const flag = (name: string): string | undefined => {
    const value: unknown = (values as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  };
  const env = emulatorOptionsFromEnv(process.env);
  const options: { -readonly [K in keyof EmulatorOptions]: EmulatorOptions[K] } = {
    ...env,
    port: count('port', flag('port')) ?? env.port ?? 4010,
  };
  const host = flag('host');
  if (host !== undefined) options.host = host;

  if (values['no-seed'] === true) {
    options.seed = false;
  } else {
    const seed: { -readonly [K in keyof SeedOptions]: SeedOptions[K] } =
      env.seed === false || env.seed === undefined ? {} : { ...env.seed };
    const seedString = flag('seed');
    if (seedString !== undefined) seed.seed = seedString;
    for (const [name, key] of Object.entries(seedFlags)) {
      const n = count(name, flag(name));
      if (n !== undefined) seed[key] = n;
    }
    if (Object.keys(seed).length > 0) options.seed = seed;
  }
  const latency = count('latency', flag('latency'));
  const jitter = count('jitter', flag('jitter'));
  if (latency !== undefined || jitter !== undefined) {
    options.latency = { ...env.latency, fixedMs: latency ?? 0, jitterMs: jitter ?? 0 };
  }
  const limit = count('concurrency-limit', flag('concurrency-limit'));
  if (limit !== undefined) options.concurrencyLimit = limit;
  const overMax = flag('page-size-over-max');
  if (overMax !== undefined) {
    if (overMax !== 'clamp' && overMax !== 'reject') {
      throw new Error('--page-size-over-max expects clamp or reject');
    }
    options.pageSizeOverMax = overMax;
  }
  if (values['no-webhooks'] === true) options.webhooks = false;
  return options;
}

async function main(): Promise<void> {
  let options: EmulatorOptions | 'help';
  try {
    options = optionsFromArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(usage);
    return;
  }
  const emulator = await startEmulator(options);
  // Installed before anything is printed: whoever reads the banner may signal at once.
  const stop = (signal: NodeJS.Signals) => {
    console.log(`Received ${signal}, shutting down`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const { credentials } = emulator;
  console.log(`Twilio emulator listening on ${emulator.url}`);
  console.log(`  Chat:            ${emulator.baseUrls.chat}  (/v1, /v2, /v3)`);
  console.log(`  IP Messaging:    ${emulator.baseUrls.ipMessaging}  (/v2)`);
  console.log(`  Conversations:   ${emulator.baseUrls.conversations}  (/v1)`);
  console.log(`  Account SID:     ${credentials.accountSid}`);
  // Fixed test secrets are printed so they can be copied; configured ones never are.
  const shown = (secret: string | undefined, fixed: string, from: string) =>
    secret === fixed ? secret : `(from ${from}, not shown)`;
  console.log(
    `  Auth Token:      ${shown(credentials.authToken, DEFAULT_AUTH_TOKEN, 'TWILIO_AUTH_TOKEN')}`,
  );
  if (credentials.apiKey !== undefined) {
    console.log(`  API Key:         ${credentials.apiKey}`);
    console.log(
      `  API Secret:      ${shown(credentials.apiSecret, DEFAULT_API_SECRET, 'TWILIO_API_SECRET')}`,
    );
  }
  console.log(`  Admin API:       ${emulator.url}/__emulator`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
