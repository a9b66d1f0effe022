import type { HandlerResult, ListResult, WireRecord } from '../contract.js';
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

const bySid = (entity: { readonly sid: string }): string => entity.sid;

/**
 * A whole filtered, ordered collection of store entities; the wire layer pages it by SID and
 * renders only the page (see `ListResult`). The entity's `sid` is the `sid` its record renders.
 */
export function list<E extends { readonly sid: string }>(
  entities: readonly E[],
  render: (entity: E) => WireRecord,
): ListResult<E> {
  return { kind: 'list', entities, keyOf: bySid, render };
}

/** Like `list`, for records whose page-token key is not their own SID. */
export function listBy<E>(
  entities: readonly E[],
  keyOf: (entity: E) => string,
  render: (entity: E) => WireRecord,
): ListResult<E> {
  return { kind: 'list', entities, keyOf, render };
}
