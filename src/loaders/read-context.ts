/**
 * What every loader of one request shares: the Twilio calls with the request's ledger, signal
 * and routing host, the account configuration and default chat service (read at most once per
 * request, shared through the gateway's `AccountDefaults`), and the choice of a READS column
 * for an object's service. Kept in one closure because the configuration and the column choice
 * read and write the same per-request state.
 */
import type { CallLedger, TwilioClient } from '../twilio/index.js';
import type { AccountDefaults } from './account-defaults.js';
import { toConfiguration, type ConfigurationRecord } from './records.js';
import {
  apiOf,
  DEFAULT_ROUTING,
  hostFor,
  type ApiRouting,
  type RouteApi,
  type RouteRow,
} from './routing.js';

export interface LoaderInput {
  readonly client: TwilioClient;
  readonly ledger: CallLedger;
  readonly signal?: AbortSignal;
  /** Skips `GET /v1/Configuration` when the caller already knows the default service. */
  readonly defaultServiceSid?: string;
  /** Which API serves what (default: Conversations, service paths, Chat host). */
  readonly routing?: ApiRouting;
  /** The gateway's cache of each account's default service, shared across requests. */
  readonly accountDefaults?: AccountDefaults;
}

/** The shared per-request state the entity, list and admin loaders are built on. */
export type ReadContext = ReturnType<typeof createReadContext>;

export function createReadContext(input: LoaderInput) {
  const { client, ledger, signal } = input;
  const routing = input.routing ?? DEFAULT_ROUTING;
  const accountSid = client.config.credentials.accountSid;
  const callOptions = { ledger, ...(signal ? { signal } : {}) };
  const hostOption = (operationId: string, params: Readonly<Record<string, unknown>>) => {
    const host = hostFor(routing, operationId, params);
    return host ? { host } : {};
  };
  const get = (operationId: string, params: Readonly<Record<string, string>>) =>
    client.request(operationId, params, { ...callOptions, ...hostOption(operationId, params) });

  let configurationPromise: Promise<ConfigurationRecord> | null = null;
  const remember = (record: ConfigurationRecord): ConfigurationRecord => {
    input.accountDefaults?.record(accountSid, record.defaultChatServiceSid);
    return record;
  };
  const configuration = (): Promise<ConfigurationRecord> => {
    configurationPromise ??= get('conversations.v1.FetchConfiguration', {})
      .then(toConfiguration)
      .then(remember);
    return configurationPromise;
  };
  // What this request learnt of the default service (undefined: not yet asked).
  let knownDefault: string | null | undefined = input.defaultServiceSid;
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

  const usesDefaultPaths = (row: RouteRow) =>
    routing.conversationsPaths === 'default-service' &&
    row['conversations-default'] !== undefined &&
    apiOf(row, routing, false) === 'conversations';

  /** The column of `row` for an object of `serviceSid` (null: no service in the path). */
  async function columnFor(row: RouteRow, serviceSid: string | null): Promise<RouteApi> {
    const inDefault =
      serviceSid !== null && usesDefaultPaths(row) && serviceSid === (await defaultServiceSid());
    return apiOf(row, routing, inDefault);
  }
  function columnNow(row: RouteRow, serviceSid: string | null): RouteApi {
    const inDefault =
      serviceSid !== null && usesDefaultPaths(row) && serviceSid === defaultServiceSidNow();
    return apiOf(row, routing, inDefault);
  }

  return {
    client,
    ledger,
    signal,
    routing,
    callOptions,
    hostOption,
    get,
    configuration,
    replaceConfiguration: (record: ConfigurationRecord): void => {
      configurationPromise = Promise.resolve(remember(record));
      knownDefault = record.defaultChatServiceSid;
    },
    defaultServiceSid,
    columnFor,
    columnNow,
  };
}
