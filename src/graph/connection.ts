/**
 * Relay connections over Twilio list pages. One page of the graph normally costs one Twilio
 * request: the first page asks for exactly `first` items; `after: endCursor` continues from the
 * token Twilio linked; `last` without `before` asks the list in the opposite order (messages have
 * `Order=desc`) and reverses; `before: startCursor` continues that reversed walk. Only when a
 * cursor points mid-page is its page fetched again (and further pages followed to fill `first`).
 * Edges are always in the connection's order; pageInfo is exact in the direction of travel.
 */
import type { ListSource, PageLink, PageResult, UpstreamOrder } from '../loaders/index.js';
import { decodeCursor, encodeCursor, listDigest, type Position } from './cursors.js';
import { badUserInput } from './errors.js';
import type { ConnectionParent, EdgeParent } from './parents.js';

export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
}

export interface ConnectionOptions {
  /** Order of the whole list as the connection presents it (only orderable lists may be desc). */
  readonly order?: UpstreamOrder;
  /** Only fill `totalCount` from a count Twilio already gave. */
  readonly totalCount?: number | null;
}

/**
 * Cursors are encoded when read: most queries ask for nodes only, and each cursor costs the
 * list's identity, a digest and an encoding. The digest is the page's, computed once.
 */
class PageCursors {
  #digest: string | undefined;

  constructor(private readonly list: () => string) {}

  cursorAt(position: Position): string {
    return encodeCursor((this.#digest ??= this.list()), position);
  }
}

/** A class rather than a literal with a getter: a wide page made a closure per edge. */
class Edge<N, R> implements EdgeParent<N, R> {
  #cursor: string | undefined;

  constructor(
    private readonly cursors: PageCursors,
    private readonly position: Position,
    readonly node: N,
    readonly item: R,
  ) {}

  get cursor(): string {
    return (this.#cursor ??= this.cursors.cursorAt(this.position));
  }
}

interface Positioned<R> {
  readonly record: R;
  readonly position: Position;
}

interface Walk<R> {
  readonly items: Positioned<R>[];
  readonly more: boolean;
}

function opposite(order: UpstreamOrder): UpstreamOrder {
  return order === 'asc' ? 'desc' : 'asc';
}

function checkSize(value: number, argument: string, max: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw badUserInput(
      `\`${argument}\` must be between 1 and ${max} for this list; got ${value}.`,
      argument,
      { max },
    );
  }
  return value;
}

function positioned<R>(
  page: PageResult<R>,
  order: UpstreamOrder,
  token: string | null,
  pageIndex: number | null,
  size: number,
): Positioned<R>[] {
  const last = page.items.length - 1;
  return page.items.map((record, offset) => ({
    record,
    position: {
      order,
      token,
      page: pageIndex,
      size,
      offset,
      next: offset === last ? page.next : null,
    },
  }));
}

async function fetchAt<R>(
  source: ListSource<R>,
  order: UpstreamOrder,
  at: { readonly token: string | null; readonly page: number | null },
  size: number,
): Promise<Positioned<R>[] & { readonly page: PageResult<R> }> {
  const page = await source.fetch({ order, token: at.token, page: at.page, size });
  return Object.assign(positioned(page, order, at.token, at.page, size), { page });
}

/** Items after `from` in `from.order`, following next links until `count` are collected. */
async function walkOn<R>(source: ListSource<R>, from: Position, count: number): Promise<Walk<R>> {
  const out: Positioned<R>[] = [];
  let at: { token: string | null; page: number | null };
  let size: number;
  let start: number;
  if (from.next !== null) {
    at = from.next;
    size = count;
    start = 0;
  } else {
    at = { token: from.token, page: from.page };
    size = from.size;
    start = from.offset + 1;
  }
  for (;;) {
    const items = await fetchAt(source, from.order, at, size);
    const rest = items.slice(start);
    const room = count - out.length;
    out.push(...rest.slice(0, room));
    if (out.length >= count) {
      return { items: out, more: rest.length > room || items.page.next !== null };
    }
    const next: PageLink | null = items.page.next;
    if (next === null) return { items: out, more: false };
    at = next;
    size = Math.min(source.maxPageSize, count - out.length);
    start = 0;
  }
}

/** Items before `from` in `from.order` (nearest first), following previous links. */
async function walkBack<R>(source: ListSource<R>, from: Position, count: number): Promise<Walk<R>> {
  const out: Positioned<R>[] = [];
  let at: { token: string | null; page: number | null } = { token: from.token, page: from.page };
  let end = from.offset;
  for (;;) {
    const items = await fetchAt(source, from.order, at, from.size);
    const rest = items.slice(0, end).reverse();
    const room = count - out.length;
    out.push(...rest.slice(0, room));
    if (out.length >= count) {
      return { items: out, more: rest.length > room || items.page.previous !== null };
    }
    const previous = items.page.previous;
    if (previous === null) return { items: out, more: false };
    at = previous;
    end = Number.POSITIVE_INFINITY;
  }
}

/** Walks from `from` towards `direction` (an upstream order), whatever order `from` came in. */
function walk<R>(
  source: ListSource<R>,
  from: Position,
  direction: UpstreamOrder,
  count: number,
): Promise<Walk<R>> {
  return from.order === direction ? walkOn(source, from, count) : walkBack(source, from, count);
}

export async function resolveConnection<R, N>(
  sourceOrPromise: ListSource<R> | Promise<ListSource<R>>,
  args: ConnectionArgs,
  toNode: (record: R) => N,
  options: ConnectionOptions = {},
): Promise<ConnectionParent<N, R>> {
  const source = await sourceOrPromise;
  const natural: UpstreamOrder = options.order ?? 'asc';
  const backwardOrder = opposite(natural);
  // Read when needed: a list that names its parent only in its items knows it after a page.
  const list = () => listDigest(`${source.id}|${natural}`);
  const max = source.maxPageSize;
  const { first, after, last, before } = args;

  if (first != null && last != null) {
    throw badUserInput('Pass either `first` or `last`, not both.', 'last');
  }
  if (last != null || before != null) {
    if (after != null) throw badUserInput('`after` goes with `first`, not with `last`.', 'after');
    if (first != null) throw badUserInput('`before` goes with `last`, not with `first`.', 'before');
  }

  let items: Positioned<R>[];
  let hasNextPage: boolean;
  let hasPreviousPage: boolean;

  if (last == null && before == null) {
    const size = checkSize(first ?? Math.min(DEFAULT_PAGE_SIZE, max), 'first', max);
    if (after != null) {
      const from = decodeCursor(list(), after, 'after');
      const result = await walk(source, from, natural, size);
      items = result.items;
      hasNextPage = result.more;
      hasPreviousPage = true;
    } else {
      const fetched = await fetchAt(source, natural, { token: null, page: null }, size);
      items = fetched.slice(0, size);
      hasNextPage = fetched.length > size || fetched.page.next !== null;
      hasPreviousPage = false;
    }
  } else {
    const size = checkSize(last ?? Math.min(DEFAULT_PAGE_SIZE, max), 'last', max);
    if (before != null) {
      const from = decodeCursor(list(), before, 'before');
      const result = await walk(source, from, backwardOrder, size);
      items = result.items.reverse();
      hasPreviousPage = result.more;
      hasNextPage = true;
    } else {
      if (!source.orderable) {
        throw badUserInput(
          '`last` needs `before` on this list: Twilio cannot list it backwards.',
          'last',
        );
      }
      const fetched = await fetchAt(source, backwardOrder, { token: null, page: null }, size);
      items = fetched.slice(0, size).reverse();
      hasPreviousPage = fetched.length > size || fetched.page.next !== null;
      hasNextPage = false;
    }
  }

  const cursors = new PageCursors(list);
  const edges: EdgeParent<N, R>[] = items.map(
    ({ record, position }) => new Edge(cursors, position, toNode(record), record),
  );
  const firstEdge = edges[0];
  const lastEdge = edges[edges.length - 1];
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      get startCursor() {
        return firstEdge?.cursor ?? null;
      },
      get endCursor() {
        return lastEdge?.cursor ?? null;
      },
    },
    totalCount: options.totalCount ?? null,
  };
}
