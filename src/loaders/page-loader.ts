/**
 * Per-request dedupe of list pages: identical page requests (operation, parameters, page size,
 * token, page index) in one GraphQL operation are sent once.
 */
import type { HostProduct } from '../registry/index.js';
import type { CallLedger, TwilioClient } from '../twilio/index.js';

/** The parts of a Twilio list page the graph uses (the client's page type has more). */
export interface UpstreamPage {
  readonly items: readonly unknown[];
  readonly nextPageUrl: string | null;
  readonly previousPageUrl: string | null;
}

export type PageParams = Readonly<Record<string, string | number | readonly string[]>>;

export interface PageRequest {
  readonly operationId: string;
  readonly params: PageParams;
  readonly pageSize: number;
  readonly pageToken: string | null;
  /** Twilio's `Page` index; sent with a token so the answer carries a `previous_page_url`. */
  readonly page: number | null;
}

function canonical(request: PageRequest): string {
  const params = Object.keys(request.params)
    .sort()
    .map((name) => [name, request.params[name]]);
  return JSON.stringify([
    request.operationId,
    params,
    request.pageSize,
    request.pageToken,
    request.page,
  ]);
}

/** The page cache of one operation. */
export interface PageLoader {
  /** The page, fetched once per distinct request (a failure is kept too, as Twilio's answer). */
  load(request: PageRequest): Promise<UpstreamPage>;
  /** After a write: the next request of any page asks Twilio again. */
  clearAll(): void;
}

/**
 * Each distinct request is its own Twilio call (no batch endpoint), so this is a cache of
 * promises rather than a DataLoader: a load starts its call at once, without a batch per key.
 */
export function createPageLoader(
  client: TwilioClient,
  ledger: CallLedger,
  signal: AbortSignal | undefined,
  /** Call options choosing the host of an operation (routing's Chat host). */
  hostOption: (
    operationId: string,
    params: Readonly<Record<string, unknown>>,
  ) => { readonly host?: HostProduct } = () => ({}),
): PageLoader {
  const cache = new Map<string, Promise<UpstreamPage>>();
  const fetchPage = async (request: PageRequest): Promise<UpstreamPage> => {
    const params: Record<string, string | number | readonly string[]> = { ...request.params };
    if (request.page !== null && request.pageToken !== null) params.Page = request.page;
    try {
      return await client.page(request.operationId, params, {
        ledger,
        ...(signal ? { signal } : {}),
        ...hostOption(request.operationId, params),
        pageSize: request.pageSize,
        ...(request.pageToken !== null ? { pageToken: request.pageToken } : {}),
      });
    } catch (error) {
      throw error instanceof Error ? error : new Error(String(error));
    }
  };
  return {
    load(request) {
      const key = canonical(request);
      let page = cache.get(key);
      if (page === undefined) cache.set(key, (page = fetchPage(request)));
      return page;
    },
    clearAll: () => cache.clear(),
  };
}
