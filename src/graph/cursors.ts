/**
 * Relay cursors: base64url JSON of a position Twilio gave us, never an invented page number.
 * A position is (upstream order, page token, page index, page size, offset in that page), plus
 * the next page's token when the item ends its page, so `after: endCursor` needs exactly one
 * Twilio call. Each cursor is bound to its list (operation, parents, filters, order): a cursor
 * from another list, a different version, or a tampered one is rejected as BAD_USER_INPUT.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PageLink, UpstreamOrder } from '../loaders/index.js';
import { badUserInput } from './errors.js';

const VERSION = 1;

export interface Position {
  readonly order: UpstreamOrder;
  readonly token: string | null;
  readonly page: number | null;
  readonly size: number;
  readonly offset: number;
  /** The following page, when this item is the last of its page and Twilio linked one. */
  readonly next: PageLink | null;
}

/** A short digest of a list's identity, so cursors cannot be replayed on another list. */
export function listDigest(listIdentity: string): string {
  return createHash('sha256').update(listIdentity).digest('base64url').slice(0, 16);
}

const token = z.string().min(1).max(200).nullable();
const count = z.number().int().min(0).max(1_000_000);
const cursorSchema = z.tuple([
  z.literal(VERSION),
  z.string().length(16),
  z.enum(['asc', 'desc']),
  token,
  count.nullable(),
  z.number().int().min(1).max(1000),
  count,
  token,
  count.nullable(),
]);

export function encodeCursor(list: string, position: Position): string {
  const payload = [
    VERSION,
    list,
    position.order,
    position.token,
    position.page,
    position.size,
    position.offset,
    position.next?.token ?? null,
    position.next?.page ?? null,
  ];
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function positionOf(payload: z.infer<typeof cursorSchema>): Position {
  const [, , order, pageToken, page, size, offset, nextToken, nextPage] = payload;
  return {
    order,
    token: pageToken,
    page,
    size,
    offset,
    next: nextToken === null ? null : { token: nextToken, page: nextPage },
  };
}

const CURSOR_TEXT = /^[A-Za-z0-9_-]+$/;

/**
 * The position a cursor claims, without checking which list it belongs to (the upstream
 * estimate reads it before any list is known); null when it is malformed.
 */
export function peekCursor(cursor: string): Position | null {
  if (cursor.length === 0 || cursor.length > 1000 || !CURSOR_TEXT.test(cursor)) return null;
  try {
    const parsed = cursorSchema.safeParse(
      JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')),
    );
    return parsed.success ? positionOf(parsed.data) : null;
  } catch {
    return null;
  }
}

/** Decodes a cursor of list `list`, or throws BAD_USER_INPUT naming `argument`. */
export function decodeCursor(list: string, cursor: string, argument: string): Position {
  const reject = (why: string): never => {
    throw badUserInput(
      `\`${argument}\` is not a valid cursor for this list: ${why}. Pass back a cursor this list returned, unchanged.`,
      argument,
    );
  };
  if (cursor.length === 0 || cursor.length > 1000 || !CURSOR_TEXT.test(cursor)) {
    return reject('it is malformed');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return reject('it is malformed');
  }
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success) return reject('it is malformed or from another version');
  const [, digest, , , , size, offset] = parsed.data;
  if (digest !== list) return reject('it belongs to a different list, filter or order');
  if (offset >= size) return reject('it is malformed');
  return positionOf(parsed.data);
}
