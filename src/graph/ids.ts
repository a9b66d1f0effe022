/**
 * Global object ids: base64url of `v1:` + the SID path from the top-level parent down
 * (e.g. `IS…/CH…/MB…`). The type follows from the SID prefixes, so the id carries everything
 * `node(id)` needs to fetch the object again. Ids are documented as opaque; anything that does
 * not decode to a known shape is rejected with BAD_USER_INPUT, never guessed at.
 */
import { badUserInput } from './errors.js';

export type NodeType =
  | 'Service'
  | 'Conversation'
  | 'Participant'
  | 'User'
  | 'Message'
  | 'Role'
  | 'Invite'
  | 'Webhook'
  | 'DeliveryReceipt'
  | 'Binding'
  | 'Credential'
  | 'AddressConfiguration'
  | 'ConversationMembership';

/** SID prefixes of each type's path, from the outermost parent to the object itself. */
export const NODE_PATHS: Readonly<Record<NodeType, readonly string[]>> = {
  Service: ['IS'],
  Conversation: ['IS', 'CH'],
  Participant: ['IS', 'CH', 'MB'],
  User: ['IS', 'US'],
  Message: ['IS', 'CH', 'IM'],
  Role: ['IS', 'RL'],
  Invite: ['IS', 'CH', 'IN'],
  Webhook: ['IS', 'CH', 'WH'],
  DeliveryReceipt: ['IS', 'CH', 'IM', 'DY'],
  Binding: ['IS', 'BS'],
  Credential: ['CR'],
  AddressConfiguration: ['IG'],
  // A user's membership has no SID of its own: the user and the conversation name it.
  ConversationMembership: ['IS', 'US', 'CH'],
};

const VERSION = 'v1';
const SID = /^[A-Z]{2}[0-9a-f]{32}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const typeByShape = new Map<string, NodeType>(
  (Object.entries(NODE_PATHS) as [NodeType, readonly string[]][]).map(([type, prefixes]) => [
    prefixes.join('/'),
    type,
  ]),
);

export interface DecodedId {
  readonly type: NodeType;
  readonly sids: readonly string[];
}

export function encodeId(type: NodeType, sids: readonly string[]): string {
  const prefixes = NODE_PATHS[type];
  if (
    sids.length !== prefixes.length ||
    sids.some((sid, i) => !sid.startsWith(prefixes[i] ?? ''))
  ) {
    throw new TypeError(`Cannot build a ${type} id from SIDs ${sids.join('/')}`);
  }
  return Buffer.from(`${VERSION}:${sids.join('/')}`, 'utf8').toString('base64url');
}

function invalid(argument: string): never {
  throw badUserInput(
    `The value of \`${argument}\` is not an id issued by this graph (ids are opaque; pass them back unchanged).`,
    argument,
  );
}

/** Decodes an id or throws BAD_USER_INPUT naming `argument`. */
export function decodeId(id: string, argument = 'id'): DecodedId {
  if (id.length === 0 || id.length > 400 || !BASE64URL.test(id)) invalid(argument);
  const text = Buffer.from(id, 'base64url').toString('utf8');
  // Re-encoding must give the same string: rejects padding tricks and non-canonical forms.
  if (Buffer.from(text, 'utf8').toString('base64url') !== id) invalid(argument);
  const separator = text.indexOf(':');
  if (separator === -1 || text.slice(0, separator) !== VERSION) invalid(argument);
  const sids = text.slice(separator + 1).split('/');
  if (!sids.every((sid) => SID.test(sid))) invalid(argument);
  const type = typeByShape.get(sids.map((sid) => sid.slice(0, 2).toUpperCase()).join('/'));
  if (type === undefined) invalid(argument);
  return { type, sids };
}

/** Decodes an id that must be of `type`. */
export function decodeIdOf(type: NodeType, id: string, argument = 'id'): readonly string[] {
  const decoded = decodeId(id, argument);
  if (decoded.type !== type) {
    throw badUserInput(
      `The value of \`${argument}\` is the id of a ${decoded.type}, not of a ${type}.`,
      argument,
    );
  }
  return decoded.sids;
}
