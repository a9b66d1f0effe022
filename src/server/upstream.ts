/**
 * Chooses what the gateway talks to, from the environment:
 * - Twilio credentials set → Twilio itself (base-URL overrides still apply).
 * - No credentials, but `TWILIO_CHAT_BASE_URL` and `TWILIO_CONVERSATIONS_BASE_URL` set → a
 *   standalone emulator at those URLs, authenticating with its fixed default credentials.
 * - Neither → an emulator embedded in this process (seed data, ephemeral loopback port).
 */
// The emulator itself is loaded only when it is embedded: its store, resources and wire layer
// would otherwise cost every gateway start-up time and memory.
import type { RunningEmulator } from '../emulator/index.js';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN } from '../emulator/http/options.js';
import { hasTwilioCredentials, loadTwilioConfig } from '../twilio/index.js';
import type { TwilioConfig, TwilioConfigInput } from '../twilio/index.js';

export type UpstreamKind = 'twilio' | 'standalone-emulator' | 'embedded-emulator';

export interface Upstream {
  readonly kind: UpstreamKind;
  readonly config: TwilioConfig;
  /** The embedded emulator's base URL, when there is one. */
  readonly emulatorUrl: string | null;
  /** Stops the embedded emulator (no-op otherwise). */
  close(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The base-URL variables (the deployment contract, shared with the Twilio client's loader). */
const baseUrlEnv = {
  chat: 'TWILIO_CHAT_BASE_URL',
  ipMessaging: 'TWILIO_IP_MESSAGING_BASE_URL',
  conversations: 'TWILIO_CONVERSATIONS_BASE_URL',
} as const;

const emulatorCredentials = {
  accountSid: DEFAULT_ACCOUNT_SID,
  authToken: DEFAULT_AUTH_TOKEN,
} as const;

function isSet(env: Env, name: string): boolean {
  const value = env[name];
  return value !== undefined && value.trim() !== '';
}

/**
 * The emulator serves IP Messaging beside Chat (`…/chat` → `…/ip-messaging`); without this, an
 * unset IP Messaging URL would send those calls to the real Twilio host.
 */
function ipMessagingBesideChat(env: Env): { 'ip-messaging'?: string } {
  if (isSet(env, baseUrlEnv.ipMessaging)) return {};
  const chat = env[baseUrlEnv.chat]?.trim().replace(/\/+$/, '') ?? '';
  return chat.endsWith('/chat')
    ? { 'ip-messaging': `${chat.slice(0, -'chat'.length)}ip-messaging` }
    : {};
}

export class UpstreamConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamConfigError';
  }
}

export async function resolveUpstream(env: Env): Promise<Upstream> {
  if (hasTwilioCredentials(env)) {
    return {
      kind: 'twilio',
      config: loadTwilioConfig(env),
      emulatorUrl: null,
      close: async () => {},
    };
  }
  const chat = isSet(env, baseUrlEnv.chat);
  const conversations = isSet(env, baseUrlEnv.conversations);
  if (chat && conversations) {
    return {
      kind: 'standalone-emulator',
      config: loadTwilioConfig(env, {
        credentials: emulatorCredentials,
        baseUrls: ipMessagingBesideChat(env),
      }),
      emulatorUrl: null,
      close: async () => {},
    };
  }
  if (chat || conversations || isSet(env, baseUrlEnv.ipMessaging)) {
    throw new UpstreamConfigError(
      `Without Twilio credentials, set both ${baseUrlEnv.chat} and ` +
        `${baseUrlEnv.conversations} (a standalone emulator), or neither (an embedded one).`,
    );
  }
  const { startEmulator } = await import('../emulator/index.js');
  const emulator: RunningEmulator = await startEmulator({ host: '127.0.0.1', port: 0 });
  try {
    const config = loadTwilioConfig(env, emulatorSettings(emulator));
    return {
      kind: 'embedded-emulator',
      config,
      emulatorUrl: emulator.url,
      close: () => emulator.close(),
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/** What our client needs to talk to `emulator`: its credentials and its three product URLs. */
export function emulatorSettings(
  emulator: RunningEmulator,
): Pick<TwilioConfigInput, 'credentials' | 'baseUrls'> {
  return {
    credentials: {
      accountSid: emulator.credentials.accountSid,
      authToken: emulator.credentials.authToken,
    },
    baseUrls: {
      chat: emulator.baseUrls.chat,
      'ip-messaging': emulator.baseUrls.ipMessaging,
      conversations: emulator.baseUrls.conversations,
    },
  };
}
