/**
 * Twilio's list paging (reference §5.6): PageSize/Page/PageToken in, one page plus the `meta`
 * envelope out. Tokens are `PA<key>` (the page strictly after the item) and `PB<key>` (the
 * PageSize items strictly before it), the shape Twilio issues and the gateway builds cursors
 * from. Page URLs repeat every filter first, in registry order, so a client that follows
 * `next_page_url` verbatim (twilio-node does) keeps its filters.
 */
import type { OperationSpec, ParamSpec } from '../../registry/types.js';
import type { ListResult, WireParams } from '../contract.js';
import { invalidPageTokenError, invalidParameterError } from './errors.js';
import type { RawParams } from './params.js';
import { checkValue } from './params.js';
import type { PageSizeOverMax } from './options.js';

export const pagingParamNames: ReadonlySet<string> = new Set(['PageSize', 'Page', 'PageToken']);

export interface PagingRequest {
  readonly pageSize: number;
  readonly page: number;
  readonly pageToken: string | null;
}

const FALLBACK_PAGE_SIZE = 50;

export function readPaging(
  op: OperationSpec,
  raw: RawParams,
  overMax: PageSizeOverMax,
): PagingRequest {
  const spec = (name: string): ParamSpec =>
    op.queryParams.find((p) => p.name === name) ?? {
      name,
      type: 'integer',
      required: false,
      array: false,
    };
  const maximum = op.maxPageSize;
  let pageSize = op.defaultPageSize ?? FALLBACK_PAGE_SIZE;
  const rawSize = raw.get('PageSize')?.[0];
  if (rawSize !== undefined) {
    // The maximum is a paging policy, not a type rule: checked below, after the type.
    pageSize = Number(checkValue({ ...spec('PageSize'), maximum: undefined, minimum: 1 }, rawSize));
    if (maximum !== null && pageSize > maximum) {
      if (overMax === 'reject') {
        throw invalidParameterError('PageSize', `must be at most ${maximum} for this list`);
      }
      pageSize = maximum;
    }
  }
  let page = 0;
  const rawPage = raw.get('Page')?.[0];
  if (rawPage !== undefined) {
    page = Number(checkValue({ ...spec('Page'), minimum: 0 }, rawPage));
  }
  const pageToken = raw.get('PageToken')?.[0] ?? null;
  return { pageSize, page, pageToken: pageToken === '' ? null : pageToken };
}

/** RFC 3986 encoding, as twilio-node sends (space → %20, `+` → %2B). */
export function encodeQueryComponent(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function filterQuery(op: OperationSpec, query: WireParams): string {
  const parts: string[] = [];
  for (const spec of op.queryParams) {
    if (pagingParamNames.has(spec.name)) continue;
    const value = query[spec.name];
    if (value === undefined) continue;
    const values: readonly string[] = typeof value === 'string' ? [value] : value;
    for (const v of values)
      parts.push(`${encodeQueryComponent(spec.name)}=${encodeQueryComponent(v)}`);
  }
  return parts.join('&');
}

export interface PageInput {
  readonly op: OperationSpec;
  /** The handler's whole collection; only the page's entities get rendered. */
  readonly list: ListResult;
  readonly paging: PagingRequest;
  /** Validated filters (the handler's `query`). */
  readonly query: WireParams;
  /** Origin + product prefix, e.g. `http://127.0.0.1:4010/chat`. */
  readonly baseUrl: string;
  /** The request path after the prefix, as called (percent-encoded, no query). */
  readonly path: string;
}

export interface ListMeta {
  readonly page: number;
  readonly page_size: number;
  readonly first_page_url: string;
  readonly previous_page_url: string | null;
  readonly url: string;
  readonly next_page_url: string | null;
  readonly key: string;
}

/**
 * The page's index range. A token's key is found by a linear scan of `keyOf` over the entities:
 * keys are property reads, so one scan costs far less than rendering a page, and less than
 * building a key→index map that a single request would use once.
 */
function seek(input: PageInput): { start: number; end: number } {
  const { entities } = input.list;
  const { paging } = input;
  const token = paging.pageToken;
  if (token === null) return { start: 0, end: Math.min(entities.length, paging.pageSize) };
  const direction = token.slice(0, 2);
  const key = token.slice(2);
  if ((direction !== 'PA' && direction !== 'PB') || key === '') throw invalidPageTokenError();
  let index = -1;
  for (let i = 0; i < entities.length; i += 1) {
    if (input.list.keyOf(entities[i]) === key) {
      index = i;
      break;
    }
  }
  if (index === -1) throw invalidPageTokenError();
  if (direction === 'PA') {
    const start = index + 1;
    return { start, end: Math.min(entities.length, start + paging.pageSize) };
  }
  return { start: Math.max(0, index - paging.pageSize), end: index };
}

export function renderPage(input: PageInput): Record<string, unknown> {
  const { op, list, paging } = input;
  const { entities } = list;
  const key = op.listKey ?? 'items';
  const { start, end } = seek(input);
  const pageItems = new Array<unknown>(end - start);
  for (let i = start; i < end; i += 1) pageItems[i - start] = list.render(entities[i]);

  const filters = filterQuery(op, input.query);
  const base = `${input.baseUrl}${input.path}?${filters === '' ? '' : `${filters}&`}PageSize=${paging.pageSize}`;
  const at = (page: number, token: string | null) =>
    `${base}&Page=${page}${token === null ? '' : `&PageToken=${encodeQueryComponent(token)}`}`;

  const meta: ListMeta = {
    page: paging.page,
    page_size: paging.pageSize,
    first_page_url: at(0, null),
    previous_page_url:
      paging.page > 0 && start > 0 && start < end
        ? at(paging.page - 1, `PB${list.keyOf(entities[start])}`)
        : null,
    url: at(paging.page, paging.pageToken),
    next_page_url:
      end < entities.length && start < end
        ? at(paging.page + 1, `PA${list.keyOf(entities[end - 1])}`)
        : null,
    key,
  };
  return { [key]: pageItems, meta };
}
