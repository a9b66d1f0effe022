/**
 * What every loader of one request shares: the Twilio calls with the request's ledger, signal
 * and routing host, the account configuration and default chat service (read at most once per
 * request, shared through the gateway's `AccountDefaults`), and the router's choice of route
 * for an object's service. Kept in one closure because the configuration and the route choice
 * read and write the same per-request state.
 */
import type { CallLedger, TwilioClient } from '../twilio/index.js';
import type { AccountDefaults } from './account-defaults.js';
import { toConfiguration, type ConfigurationRecord } from './records/index.js';
import type { Route, Router } from './router.js';
import type { RouteRow } from './routes.js';

export interface LoaderInput {
  readonly client: TwilioClient;
  readonly ledger: CallLedger;
  readonly signal?: AbortSignal;
  /** Which operation, parameters and host serve each read and write. */
  readonly router: Router;
  /** The gateway's cache of each account's default service, shared across requests. */
  readonly accountDefaults?: AccountDefaults;
  /**
   * Writes send `X-Twilio-Webhook-Enabled: true` when the write does not say (and its
   * operation takes the header), so Twilio fires the service's webhooks. Default false.
   */
  readonly webhookEnabledWrites?: boolean;
}

/** A service path segment meaning "the account's default service", SID not yet known. */
export const DEFAULT_SERVICE = '';

/** Raised when a read of "the default service" finds that the account has none. */
export class NoDefaultServiceError extends Error {
  override readonly name = 'NoDefaultServiceError';
  constructor() {
    super('The account has no default chat service.');
  }
}

/** The shared per-request state the entity, list and write loaders are built on. */
export type ReadContext = ReturnType<typeof createReadContext>;

export function createReadContext(input: LoaderInput) {
  const { client, ledger, signal, router } = input;
  const accountSid = client.config.credentials.accountSid;
  const callOptions = { ledger, ...(signal ? { signal } : {}) };
  const hostOption = (operationId: string, params: Readonly<Record<string, unknown>>) => {
    const host = router.host(operationId, params);
    return host ? { host } : {};
  };
  const get = (operationId: string, params: Readonly<Record<string, unknown>>) =>
    client.request(operationId, params as Record<string, string>, {
      ...callOptions,
      ...hostOption(operationId, params),
    });

  let configurationPromise: Promise<ConfigurationRecord> | null = null;
  const remember = (record: ConfigurationRecord): ConfigurationRecord => {
    input.accountDefaults?.record(accountSid, record.defaultChatServiceSid);
    return record;
  };
  const configuration = (): Promise<ConfigurationRecord> => {
    configurationPromise ??= get(
      router.pick(router.row('accountConfiguration', 'fetch'), false).operationId,
      {},
    )
      .then(toConfiguration)
      .then(remember);
    return configurationPromise;
  };
  // What this request learnt of the default service (undefined: not yet asked).
  let knownDefault: string | null | undefined;
  const defaultServiceSid = async (): Promise<string | null> => {
    if (knownDefault !== undefined) return knownDefault;
    const fetch = async () => (await configuration()).defaultChatServiceSid;
    const value =
      configurationPromise !== null || input.accountDefaults === undefined
        ? await fetch()
        : await input.accountDefaults.lookup(accountSid, fetch);
    knownDefault = value;
    return value;
  };
  /** The default service as far as known without a request (lists choose their path at once). */
  const defaultServiceSidNow = (): string | null | undefined =>
    knownDefault ?? input.accountDefaults?.peek(accountSid);

  /**
   * The route of `row` for an object of `serviceSid` (null: no service in the path). For
   * `DEFAULT_SERVICE`, the default-service shortcut when the routing reads through
   * Conversations, else the default service's SID is looked up.
   */
  async function routeFor(
    row: RouteRow,
    serviceSid: string | null,
  ): Promise<{ readonly route: Route; readonly serviceSid: string | null }> {
    if (serviceSid === DEFAULT_SERVICE) {
      const shortcut = shortcutOf(row);
      if (shortcut !== null) return { route: shortcut, serviceSid: null };
      const sid = await defaultServiceSid();
      if (sid === null) throw new NoDefaultServiceError();
      return { route: router.pick(row, true), serviceSid: sid };
    }
    const inDefault =
      serviceSid !== null &&
      router.dependsOnDefaultService(row) &&
      serviceSid === (await defaultServiceSid());
    return { route: router.pick(row, inDefault), serviceSid };
  }
  function routeNow(row: RouteRow, serviceSid: string | null): Route {
    const inDefault =
      serviceSid !== null &&
      router.dependsOnDefaultService(row) &&
      serviceSid === defaultServiceSidNow();
    return router.pick(row, inDefault);
  }
  /** The default-service path of `row`, when the routing reads it through Conversations. */
  function shortcutOf(row: RouteRow): Route | null {
    const operationId = row['conversations-default'];
    if (operationId === undefined || router.pick(row, false).api !== 'conversations') return null;
    return { api: 'conversations-default', operationId, chat: false };
  }

  return {
    client,
    ledger,
    signal,
    router,
    callOptions,
    hostOption,
    get,
    configuration,
    replaceConfiguration: (record: ConfigurationRecord): void => {
      configurationPromise = Promise.resolve(remember(record));
      knownDefault = record.defaultChatServiceSid;
    },
    /** A record read through a default-service path named the default service. */
    learnDefaultService: (serviceSid: string): void => {
      knownDefault ??= serviceSid;
    },
    defaultServiceSid,
    defaultServiceSidNow,
    webhookEnabledWrites: input.webhookEnabledWrites ?? false,
    routeFor,
    routeNow,
    shortcutOf,
  };
}
