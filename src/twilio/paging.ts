/**
 * Twilio list envelopes: `{ <key>: [...], meta: { page, page_size, key, url, first_page_url,
 * next_page_url, previous_page_url } }`. Filters live inside `next_page_url`, so following it
 * verbatim keeps them; the client never rebuilds a page URL itself.
 */
import type { OperationSpec } from '../registry/types.js';
import { validationError } from './errors.js';

export interface PageMeta {
  readonly page: number | null;
  readonly pageSize: number | null;
  readonly key: string;
  readonly url: string | null;
  readonly firstPageUrl: string | null;
  readonly nextPageUrl: string | null;
  readonly previousPageUrl: string | null;
}

export interface PageResult {
  /** Records of this page as Twilio sent them; the caller parses them. */
  readonly items: readonly unknown[];
  readonly nextPageUrl: string | null;
  readonly previousPageUrl: string | null;
  readonly meta: PageMeta;
  /** The envelope key the items came from (`meta.key`, else the registry's list key). */
  readonly listKey: string;
}

export interface PageRequestOptions {
  /** Items per page; must be a positive integer, lowered to the operation's maximum. */
  readonly pageSize?: number;
  /** An opaque `PageToken` (as found in a page URL). */
  readonly pageToken?: string;
}

export function requireListOperation(op: OperationSpec): string {
  if (op.listKey === null || op.kind !== 'list') {
    throw validationError(null, `${op.id} is not a list operation`);
  }
  return op.listKey;
}

/** Validates a requested page size and bounds it by the operation's maximum. */
export function boundedPageSize(
  op: OperationSpec,
  pageSize: number | undefined,
): number | undefined {
  if (pageSize === undefined) return undefined;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw validationError('PageSize', `${op.id}: page size must be a positive integer`);
  }
  return op.maxPageSize === null ? pageSize : Math.min(pageSize, op.maxPageSize);
}

export function parsePage(op: OperationSpec, data: unknown): PageResult {
  const malformed = (what: string) => new Error(`list response ${what}`);
  if (!isRecord(data)) throw malformed('is not a JSON object');
  const rawMeta = isRecord(data.meta) ? data.meta : {};
  const key = typeof rawMeta.key === 'string' ? rawMeta.key : (op.listKey ?? '');
  const items = data[key];
  if (!Array.isArray(items)) throw malformed(`has no "${key}" array`);
  const meta: PageMeta = {
    page: numberOrNull(rawMeta.page),
    pageSize: numberOrNull(rawMeta.page_size),
    key,
    url: stringOrNull(rawMeta.url),
    firstPageUrl: stringOrNull(rawMeta.first_page_url),
    nextPageUrl: stringOrNull(rawMeta.next_page_url),
    previousPageUrl: stringOrNull(rawMeta.previous_page_url),
  };
  return {
    items,
    nextPageUrl: meta.nextPageUrl,
    previousPageUrl: meta.previousPageUrl,
    meta,
    listKey: key,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
