/**
 * One Twilio list bound to its parent SIDs and filters, as the graph's connection logic sees
 * it: fetch a page by (order, token, page index, size), get typed records and the tokens of
 * the neighbouring pages. Every listed record is primed into the entity loaders. A list is
 * named by what it lists (family, parents, filters), not by the operation that serves it, so a
 * cursor stays valid whichever path form or API the router picks for the same list.
 */
import { getOperation } from '../registry/index.js';
import type { PageLoader, PageParams } from './page-loader.js';

export type UpstreamOrder = 'asc' | 'desc';

export interface PageLink {
  readonly token: string;
  readonly page: number | null;
}

export interface PageResult<R> {
  readonly items: readonly R[];
  readonly next: PageLink | null;
  readonly previous: PageLink | null;
}

export interface PageFetch {
  readonly order: UpstreamOrder;
  readonly token: string | null;
  readonly page: number | null;
  readonly size: number;
}

export interface ListSource<R> {
  /** Identity of the list (family, parents, filters) that cursors are bound to. */
  readonly id: string;
  readonly operationId: string;
  /** Largest page the graph may ask for: the operation's maximum, capped at 100. */
  readonly maxPageSize: number;
  /** Whether Twilio can list it newest-first (`Order=desc`). */
  readonly orderable: boolean;
  fetch(request: PageFetch): Promise<PageResult<R>>;
}

export const GRAPH_MAX_PAGE_SIZE = 100;

/** Reads the `PageToken` and `Page` of a page link; the URL itself is never kept. */
export function parsePageLink(url: string | null): PageLink | null {
  if (url === null) return null;
  try {
    const query = new URL(url).searchParams;
    const token = query.get('PageToken');
    if (token === null || token === '') return null;
    const pageText = query.get('Page');
    const page = pageText !== null && /^\d+$/.test(pageText) ? Number(pageText) : null;
    return { token, page };
  } catch {
    return null;
  }
}

/** The identity of a list: what it lists, in the Conversations vocabulary. */
export function listIdentity(what: string, params: PageParams): string {
  return JSON.stringify([
    what,
    Object.keys(params)
      .sort()
      .map((name) => [name, params[name]]),
  ]);
}

export interface ListSourceSpec<R> {
  readonly operationId: string;
  /** The parameters as the operation takes them (or how to find them on first fetch). */
  readonly params: PageParams | (() => Promise<PageParams>);
  /** The list's identity (read after a page when it names its own parent). */
  readonly identity: () => string;
  readonly parse: (item: unknown) => R;
  readonly prime?: (record: R) => void;
}

export function createListSource<R>(pages: PageLoader, spec: ListSourceSpec<R>): ListSource<R> {
  const op = getOperation(spec.operationId);
  const orderable = op.queryParams.some((p) => p.name === 'Order');
  const maxPageSize = Math.min(op.maxPageSize ?? GRAPH_MAX_PAGE_SIZE, GRAPH_MAX_PAGE_SIZE);
  return {
    get id() {
      return spec.identity();
    },
    operationId: spec.operationId,
    maxPageSize,
    orderable,
    async fetch(request) {
      const base = typeof spec.params === 'function' ? await spec.params() : spec.params;
      const params: Record<string, string | number | readonly string[]> = { ...base };
      if (orderable) params.Order = request.order;
      const page = await pages.load({
        operationId: spec.operationId,
        params,
        pageSize: request.size,
        pageToken: request.token,
        page: request.page,
      });
      const items = page.items.map((item: unknown) => spec.parse(item));
      if (spec.prime) for (const item of items) spec.prime(item);
      return {
        items,
        next: parsePageLink(page.nextPageUrl),
        previous: parsePageLink(page.previousPageUrl),
      };
    },
  };
}
