/**
 * Payload plumbing shared by every mutation: running a mutation body so that `UserErrors`
 * become `{ userErrors }`, and the edge a create returns so a client can insert the new object
 * into a cached list.
 */
import type { ListSource } from '../../loaders/index.js';
import { encodeCursor, listDigest } from '../cursors.js';
import type { EdgeParent } from '../parents.js';
import { isUserErrors, type UserErrorRecord } from './user-errors.js';

export interface WithUserErrors {
  readonly userErrors: UserErrorRecord[];
}

/**
 * Runs a mutation body. Its result gets `userErrors: []`; a thrown `UserErrors` becomes a
 * payload with only `userErrors` (every other payload field null). Anything else propagates as
 * a top-level error.
 */
export async function runMutation<P extends object>(
  body: () => Promise<P>,
): Promise<(P & WithUserErrors) | WithUserErrors> {
  try {
    return { ...(await body()), userErrors: [] };
  } catch (error) {
    if (isUserErrors(error)) return { userErrors: [...error.errors] };
    throw error;
  }
}

/**
 * The edge of a newly created object in its parent's list (oldest-first order). Its cursor
 * points just after the object — Twilio's page token for "after <sid>" (twilio-wire.md §5.3) —
 * so `after: cursor` continues with whatever was created later, at the cost of one request.
 */
export async function createdEdge<R, N>(
  source: ListSource<R> | Promise<ListSource<R>>,
  sid: string,
  node: N,
  item: R,
): Promise<EdgeParent<N, R>> {
  const list = listDigest(`${(await source).id}|asc`);
  const cursor = encodeCursor(list, {
    order: 'asc',
    token: null,
    page: null,
    size: 1,
    offset: 0,
    next: { token: `PA${sid}`, page: null },
  });
  return { cursor, node, item };
}
