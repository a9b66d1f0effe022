import type { HandlerResult, WireRecord } from '../contract.js';
import type { Request } from './request.js';

/** A domain handler: one operation, given the parsed request. */
export type DomainHandler = (r: Request) => HandlerResult;
export type HandlerTable = Readonly<Record<string, DomainHandler>>;

export function ok(body: WireRecord): HandlerResult {
  return { kind: 'record', status: 200, body };
}

export function created(body: WireRecord): HandlerResult {
  return { kind: 'record', status: 201, body };
}

export const deleted: HandlerResult = { kind: 'empty' };

const bySid = (item: WireRecord): string => String(item.sid);

/** A whole filtered, ordered collection; the wire layer pages it by `keyOf`. */
export function list(
  items: readonly WireRecord[],
  keyOf: (item: WireRecord) => string = bySid,
): HandlerResult {
  return { kind: 'list', items, keyOf };
}
