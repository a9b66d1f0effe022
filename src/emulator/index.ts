/**
 * The Twilio emulator: one HTTP server answering Chat v1/v2/v3, IP Messaging v2 and
 * Conversations v1 as Twilio does (paths, form bodies, auth, paging, errors), backed by a
 * stateful store. Products are told apart by host (`chat.*`, `ip-messaging.*`, `conversations.*`)
 * or by a path prefix; `baseUrls` gives the prefix form, which works on any host.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorDomain } from './contract.js';
import { ADMIN_PREFIX, EmulatorWire } from './http/server.js';
import { handleAdmin } from './http/admin.js';
import type {
  EmulatorCredentials,
  EmulatorOptions,
  FaultRule,
  LatencySettings,
} from './http/options.js';
import { resolveCredentials } from './http/options.js';
import type { RequestLogSnapshot } from './http/request-log.js';
import { createDomain } from './resources/index.js';
import type { WebhookAttempt } from './webhooks.js';

export type * from './http/options.js';
export {
  DEFAULT_ACCOUNT_SID,
  DEFAULT_API_KEY,
  DEFAULT_API_SECRET,
  DEFAULT_AUTH_TOKEN,
  DEFAULT_CREDENTIALS,
  emulatorEnvNames,
  emulatorOptionsFromEnv,
  faultKinds,
} from './http/options.js';
export { observeEmulatorResponses } from './http/observe.js';
export type { EmulatorResponseEvent, EmulatorResponseObserver } from './http/observe.js';
export type { RequestLogEntry, RequestLogSnapshot } from './http/request-log.js';
export { signatureBase, twilioSignature } from './webhooks.js';
export type { WebhookAttempt } from './webhooks.js';

export interface EmulatorBaseUrls {
  /** e.g. `http://127.0.0.1:4010/chat` (append `/v1`, `/v2`, `/v3`). */
  readonly chat: string;
  readonly ipMessaging: string;
  readonly conversations: string;
}

export interface StartEmulatorOptions extends EmulatorOptions {
  /** A domain to serve instead of `createDomain(...)` (tests of the wire layer alone). */
  readonly domain?: EmulatorDomain;
}

export interface RunningEmulator {
  /** `http://host:port`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly accountSid: string;
  readonly credentials: EmulatorCredentials;
  readonly baseUrls: EmulatorBaseUrls;
  readonly domain: EmulatorDomain;
  /** Stops listening, ends keep-alive and hung connections and pending webhook deliveries. */
  close(): Promise<void>;
  requestLog(): RequestLogSnapshot;
  clearRequests(): void;
  /** Restores the seed data and clears injected faults. */
  reset(): void;
  faults(): FaultRule[];
  setFaults(rules: readonly FaultRule[]): void;
  latency(): LatencySettings;
  setLatency(settings: Partial<LatencySettings>): void;
  setConcurrencyLimit(limit: number | null): void;
  webhookDeliveries(): readonly WebhookAttempt[];
  /** Resolves when every webhook delivery started so far has settled. */
  webhooksIdle(): Promise<void>;
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const credentials = resolveCredentials(options.credentials);
  let origin = '';
  const wire = new EmulatorWire(
    options.domain ??
      createDomain({
        accountSid: credentials.accountSid,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      }),
    { ...options, credentials },
    () => origin.slice('http://'.length),
  );
  const baseUrls = (): EmulatorBaseUrls => ({
    chat: `${origin}/chat`,
    ipMessaging: `${origin}/ip-messaging`,
    conversations: `${origin}/conversations`,
  });

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (
      url === ADMIN_PREFIX ||
      url.startsWith(`${ADMIN_PREFIX}/`) ||
      url.startsWith(`${ADMIN_PREFIX}?`)
    ) {
      const queryAt = url.indexOf('?');
      void handleAdmin({ wire, baseUrls }, req, res, queryAt === -1 ? url : url.slice(0, queryAt));
      return;
    }
    void wire.handle(req, res, url);
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${shownHost}:${address.port}`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await wire.shutdown();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    })());

  return {
    url: origin,
    port: address.port,
    accountSid: wire.credentials.accountSid,
    credentials: wire.credentials,
    baseUrls: baseUrls(),
    domain: wire.domain,
    close,
    requestLog: () => wire.log.snapshot(),
    clearRequests: () => wire.log.clear(),
    reset: () => wire.reset(),
    faults: () => wire.faults.list(),
    setFaults: (rules) => wire.faults.set(rules),
    latency: () => wire.latency.get(),
    setLatency: (settings) => wire.latency.set(settings),
    setConcurrencyLimit: (limit) => {
      wire.concurrencyLimit = limit;
    },
    webhookDeliveries: () => wire.webhookHistory(),
    webhooksIdle: () => wire.webhooksIdle(),
  };
}
