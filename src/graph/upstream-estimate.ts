/**
 * The most Twilio requests an operation can make, from its document and variables, before it
 * runs. Which fields make a request, and how big a list is, is read from the schema's own
 * `@cost(weight:)` and `@listSize(assumedSize:, slicingArguments:, sizedFields:)` (the SDL a
 * Router's demand control reads too; object types weigh 0, so a Router counts the same unit).
 * Where the loaders know better than a static weight, the same rules they follow apply:
 *
 * - a connection is one Twilio page (`first`/`last` are at most the list's page size); after a
 *   cursor that ends its page it is one page too, after one that points mid-page that page is
 *   read again and the walk continues; what each item costs is multiplied by the page size
 *   (`first`/`last`, else `assumedSize`);
 * - a listed item carries the fields of the API that listed it: only fields of another API cost
 *   a read (FIELD_SOURCES names each field's API), and a membership row carries the copied
 *   conversation fields (`MEMBERSHIP_COPIES`);
 * - a lookup or link reads its object once per API its selected fields come from (at least
 *   once); a conversation looked up for its lists alone is not read at all (`lookupConversation`);
 * - a field without `@cost` is answered from its parent: nothing;
 * - an omitted `serviceSid` at the root costs one read of the account configuration, once, unless
 *   the gateway already knows the account's default service.
 *
 * The estimate is an upper bound: the loaders' per-request caches (the same user behind many
 * participants, the same list asked for twice) can only make the actual count smaller.
 */
import {
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isAbstractType,
  isInputObjectType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import {
  FIELD_SOURCES,
  GRAPH_MAX_PAGE_SIZE,
  type ApiRouting,
  type FieldSource,
  type UnifiedType,
} from '../loaders/index.js';
import { peekCursor } from './cursors.js';
import { decodeId } from './ids.js';

export interface UpstreamEstimateInput {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operationName?: string | null;
  readonly variables?: Readonly<Record<string, unknown>> | null;
  readonly routing: ApiRouting;
  /** Whether the account's default chat service is known without asking Twilio. */
  readonly defaultServiceKnown: boolean;
}

type Api = 'conversations' | 'chat-v2' | 'chat-v1';

/**
 * How an object reached its fields: `read` (its lookup already paid for every API it needs),
 * `listed` (a page of `api` carries its record), `copied` (a membership row carries
 * MEMBERSHIP_COPIES of it), `keys` (only its SIDs are known; each API it needs is one read).
 */
type Arrival =
  | { readonly kind: 'read' }
  | { readonly kind: 'listed'; readonly api: Api }
  | { readonly kind: 'copied' }
  | { readonly kind: 'keys' };

const READ: Arrival = { kind: 'read' };
const KEYS: Arrival = { kind: 'keys' };

/**
 * The fields a membership row copies of the object it names (records/user.ts
 * `toUserConversation`, records/participant.ts `toParticipantConversation`): Conversations
 * memberships only; a Chat user channel copies nothing.
 */
export const MEMBERSHIP_COPIES: Partial<Record<UnifiedType, ReadonlySet<string>>> = {
  Conversation: new Set([
    'uniqueName',
    'friendlyName',
    'attributes',
    'state',
    'timers',
    'createdAt',
    'updatedAt',
  ]),
  Participant: new Set(['identity', 'messagingBinding']),
};

/** The conversation lists `lookupConversation` can answer existence from, without a read. */
const CONVERSATION_LISTS = new Set(['participants', 'messages', 'webhooks', 'invites']);

const KEY_FIELDS = new Set(['id', 'sid']);

function isUnified(name: string): name is UnifiedType {
  return Object.hasOwn(FIELD_SOURCES, name);
}

function directive(field: GraphQLField<unknown, unknown>, name: string): DirectiveNode | undefined {
  return field.astNode?.directives?.find((d) => d.name.value === name);
}

function directiveArgument(node: DirectiveNode | undefined, name: string): unknown {
  const argument = node?.arguments?.find((a) => a.name.value === name);
  return argument ? valueFromASTUntyped(argument.value) : undefined;
}

interface Walk {
  readonly schema: GraphQLSchema;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly routing: ApiRouting;
}

/** The selected fields of `type` by response key, fragments expanded (as graphql-js collects). */
function collectFields(
  walk: Walk,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  into = new Map<string, FieldNode[]>(),
  seen = new Set<string>(),
): Map<string, FieldNode[]> {
  const applies = (condition: string | undefined): boolean => {
    if (condition === undefined || condition === type.name) return true;
    const named = walk.schema.getType(condition);
    return named !== undefined && isAbstractType(named) && walk.schema.isSubType(named, type);
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      into.set(key, [...(into.get(key) ?? []), selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(selection.typeCondition?.name.value)) {
        collectFields(walk, type, selection.selectionSet, into, seen);
      }
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = walk.fragments.get(selection.name.value);
      if (fragment && applies(fragment.typeCondition.name.value)) {
        collectFields(walk, type, fragment.selectionSet, into, seen);
      }
    }
  }
  return into;
}

function mergedSelection(nodes: readonly FieldNode[]): SelectionSetNode | undefined {
  const selections = nodes.flatMap((node) => node.selectionSet?.selections ?? []);
  return selections.length > 0 ? { kind: Kind.SELECTION_SET, selections } : undefined;
}

function apiOfSource(source: FieldSource, routing: ApiRouting): Api | null {
  switch (source) {
    case 'shared':
      return routing.primaryApi;
    case 'conversations':
      return 'conversations';
    case 'chat':
      return routing.primaryApi === 'chat-v1' ? 'chat-v1' : 'chat-v2';
    case 'chat-v1':
      return 'chat-v1';
    default:
      return null;
  }
}

/** The APIs the selected own fields of a unified object come from (none for keys and links). */
function apisOf(
  walk: Walk,
  type: UnifiedType,
  fields: Iterable<string>,
  skip?: ReadonlySet<string>,
): Set<Api> {
  const sources: Readonly<Record<string, FieldSource>> = FIELD_SOURCES[type];
  const apis = new Set<Api>();
  for (const field of fields) {
    const source = sources[field];
    if (source === undefined || skip?.has(field)) continue;
    const api = apiOfSource(source, walk.routing);
    if (api !== null) apis.add(api);
  }
  return apis;
}

/** Reads an object's own fields cost once it has arrived as `arrival`. */
function ownReads(walk: Walk, type: string, fields: readonly string[], arrival: Arrival): number {
  if (!isUnified(type) || arrival.kind === 'read') return 0;
  if (arrival.kind === 'listed') {
    const apis = apisOf(walk, type, fields);
    apis.delete(arrival.api);
    return apis.size;
  }
  return apisOf(walk, type, fields, arrival.kind === 'copied' ? MEMBERSHIP_COPIES[type] : undefined)
    .size;
}

/** Reads a lookup of a unified object makes for `fields` (at least one: the object is found). */
function lookupReads(walk: Walk, type: string, fields: readonly string[], weight: number): number {
  return isUnified(type) ? Math.max(1, apisOf(walk, type, fields).size) * weight : weight;
}

function numberArgument(args: Readonly<Record<string, unknown>>, name: string): number | null {
  const value = args[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Twilio pages one connection reads for `count` items (connection.ts `resolveConnection`). */
function pagesOf(args: Readonly<Record<string, unknown>>, count: number): number {
  const cursor =
    typeof args.after === 'string'
      ? args.after
      : typeof args.before === 'string'
        ? args.before
        : null;
  if (cursor === null) return 1;
  const from = peekCursor(cursor);
  // A malformed cursor is refused before any call; one page is the most it could cost.
  if (from === null) return 1;
  const natural = args.order === 'DESC' ? 'desc' : 'asc';
  const direction = typeof args.after === 'string' ? natural : natural === 'asc' ? 'desc' : 'asc';
  if (from.order === direction && from.next !== null) return 1;
  // Its page again, then onwards page by page until `count` items are collected.
  return 1 + Math.ceil(count / from.size);
}

/** Which API, or which copy, lists the items of a connection field. */
function itemArrival(walk: Walk, connection: string, args: Readonly<Record<string, unknown>>) {
  const primary = walk.routing.primaryApi;
  if (connection === 'ParticipantConversationConnection') return { kind: 'copied' } as const;
  if (connection === 'UserConversationConnection') {
    return primary === 'conversations' ? ({ kind: 'copied' } as const) : KEYS;
  }
  // `type` lists channels through Chat v2 whatever the routing.
  if (connection === 'ConversationConnection' && args.type != null) {
    return { kind: 'listed', api: 'chat-v2' } as const;
  }
  return { kind: 'listed', api: primary } as const;
}

interface Ctx {
  readonly walk: Walk;
  /** The operation's root fields that rely on the account's default service. */
  defaultService: boolean;
}

/** Cost of a selection on `type` (concrete), the object having arrived as `arrival`. */
function selectionCost(
  ctx: Ctx,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode | undefined,
  arrival: Arrival,
): number {
  if (selectionSet === undefined) return 0;
  const fields = collectFields(ctx.walk, type, selectionSet);
  const names = [...fields.values()].map((nodes) => nodes[0]?.name.value ?? '');
  let total = ownReads(ctx.walk, type.name, names, arrival);
  for (const nodes of fields.values()) total += fieldCost(ctx, type, nodes, arrival);
  return total;
}

/** Cost of a selection on a possibly abstract type: the dearest of its possible types. */
function abstractCost(
  ctx: Ctx,
  typeName: string,
  selectionSet: SelectionSetNode | undefined,
  price: (type: GraphQLObjectType) => number,
): number {
  const named = ctx.walk.schema.getType(typeName);
  if (named === undefined || selectionSet === undefined) return 0;
  if (isObjectType(named)) return price(named);
  if (!isAbstractType(named)) return 0;
  return Math.max(0, ...ctx.walk.schema.getPossibleTypes(named).map(price));
}

function fieldNames(ctx: Ctx, type: GraphQLObjectType, selectionSet: SelectionSetNode): string[] {
  return [...collectFields(ctx.walk, type, selectionSet).values()].map(
    (nodes) => nodes[0]?.name.value ?? '',
  );
}

/** A lookup of one object of `type`, whose own reads are paid here. */
function lookupCost(
  ctx: Ctx,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode | undefined,
  weight: number,
  conversation: { readonly byName: boolean } | null,
): number {
  const names = selectionSet ? fieldNames(ctx, type, selectionSet) : [];
  let reads = lookupReads(ctx.walk, type.name, names, weight);
  if (conversation !== null && type.name === 'Conversation') {
    const keysOnly = apisOf(ctx.walk, 'Conversation', names).size === 0;
    const named = conversation.byName && names.some((name) => KEY_FIELDS.has(name));
    if (keysOnly && !named && names.some((name) => CONVERSATION_LISTS.has(name))) {
      // The first list's page answers whether it exists; Chat v1's paths need its SID, though.
      reads = conversation.byName && ctx.walk.routing.primaryApi === 'chat-v1' ? weight : 0;
    }
  }
  // A write's payload (or any record that is not one of the unified types) carries objects as
  // the routed API answered them.
  const inner: Arrival = isUnified(type.name)
    ? READ
    : { kind: 'listed', api: ctx.walk.routing.primaryApi };
  return reads + selectionCost(ctx, type, selectionSet, inner);
}

function argumentsOf(
  ctx: Ctx,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, ctx.walk.variables);
  } catch {
    // Refused by execution before any call.
    return {};
  }
}

/** Objects named by global id (`node`, `nodes`): each decoded id is one lookup of its type. */
function idLookups(ctx: Ctx, ids: readonly unknown[], selectionSet: SelectionSetNode | undefined) {
  let total = 0;
  for (const id of new Set(ids)) {
    if (typeof id !== 'string') continue;
    let typeName: string;
    try {
      typeName = decodeId(id).type;
    } catch {
      continue; // refused with BAD_USER_INPUT before any call
    }
    const type = ctx.walk.schema.getType(typeName);
    if (isObjectType(type)) total += lookupCost(ctx, type, selectionSet, 1, { byName: false });
  }
  return total;
}

/** Federation's `_entities`: each distinct representation is one lookup of its `__typename`. */
function entityLookups(ctx: Ctx, representations: unknown, selectionSet?: SelectionSetNode) {
  if (!Array.isArray(representations)) return 0;
  let total = 0;
  const distinct = new Set(representations.map((r) => JSON.stringify(r)));
  for (const text of distinct) {
    const typeName = (JSON.parse(text) as { __typename?: unknown }).__typename;
    const type = typeof typeName === 'string' ? ctx.walk.schema.getType(typeName) : undefined;
    if (isObjectType(type)) total += lookupCost(ctx, type, selectionSet, 1, null);
  }
  return total;
}

/**
 * Whether a root field needs the account's default service (one configuration read): it leaves
 * its service out, or default-service paths are configured and any service must be told apart
 * from the default one.
 */
function usesDefaultService(
  walk: Walk,
  field: GraphQLField<unknown, unknown>,
  args: Readonly<Record<string, unknown>>,
): boolean {
  if (field.name === 'viewer') return true;
  const comparesEveryService = walk.routing.conversationsPaths === 'default-service';
  const named = (name: string, value: unknown) =>
    field.args.some((a) => a.name === name) && (comparesEveryService || value == null);
  if (field.name === 'service' && named('sid', args.sid)) return true;
  if (named('serviceSid', args.serviceSid)) return true;
  const inputType = field.args.find((a) => a.name === 'input')?.type;
  const input = inputType ? getNamedType(inputType) : undefined;
  if (!isInputObjectType(input) || !Object.hasOwn(input.getFields(), 'serviceSid')) return false;
  const given = args.input;
  const serviceSid =
    typeof given === 'object' && given !== null
      ? (given as Record<string, unknown>).serviceSid
      : undefined;
  return comparesEveryService || serviceSid == null;
}

function fieldCost(
  ctx: Ctx,
  parent: GraphQLObjectType,
  nodes: readonly FieldNode[],
  arrival: Arrival,
): number {
  const node = nodes[0];
  if (node === undefined || node.name.value.startsWith('__')) return 0;
  const field = parent.getFields()[node.name.value];
  if (field === undefined) return 0;
  const args = argumentsOf(ctx, field, node);
  const root =
    parent === ctx.walk.schema.getQueryType() || parent === ctx.walk.schema.getMutationType();
  if (root && usesDefaultService(ctx.walk, field, args)) ctx.defaultService = true;
  const selectionSet = mergedSelection(nodes);
  const returned = getNamedType(field.type);
  const cost = directive(field, 'cost');
  const weight = cost ? Number(directiveArgument(cost, 'weight') ?? 0) : 0;

  if (root && field.name === '_entities')
    return entityLookups(ctx, args.representations, selectionSet);
  if (root && field.name === 'node') return idLookups(ctx, [args.id], selectionSet);
  if (root && field.name === 'nodes') {
    return Array.isArray(args.ids) ? idLookups(ctx, args.ids, selectionSet) : 0;
  }

  const listSize = directive(field, 'listSize');
  if (listSize !== undefined && isObjectType(returned)) {
    const slicing = directiveArgument(listSize, 'slicingArguments');
    const sized = directiveArgument(listSize, 'sizedFields');
    const assumed = Number(directiveArgument(listSize, 'assumedSize') ?? 0);
    const given = (Array.isArray(slicing) ? slicing : [])
      .map((name) => (typeof name === 'string' ? numberArgument(args, name) : null))
      .find((n) => n !== null);
    // A size past the list's page size is refused before any call; no list holds more.
    const count = Math.max(0, Math.min(given ?? assumed, GRAPH_MAX_PAGE_SIZE));
    const items = itemArrival(ctx.walk, returned.name, args);
    const sizedFields = new Set(Array.isArray(sized) ? sized : []);
    let total = weight * pagesOf(args, count);
    if (selectionSet === undefined) return total;
    for (const [, inner] of collectFields(ctx.walk, returned, selectionSet)) {
      const innerNode = inner[0];
      const innerField = innerNode ? returned.getFields()[innerNode.name.value] : undefined;
      if (innerField === undefined) continue;
      const itemType = getNamedType(innerField.type);
      if (!sizedFields.has(innerField.name) || !isObjectType(itemType)) {
        total += fieldCost(ctx, returned, inner, READ);
        continue;
      }
      total += count * selectionCost(ctx, itemType, mergedSelection(inner), items);
    }
    return total;
  }

  if (cost !== undefined && weight > 0) {
    return abstractCost(ctx, returned.name, selectionSet, (type) =>
      lookupCost(
        ctx,
        type,
        selectionSet,
        weight,
        root && field.name === 'conversation' ? { byName: args.uniqueName != null } : null,
      ),
    );
  }
  // Answered from the parent: its objects arrive as the parent did.
  return abstractCost(ctx, returned.name, selectionSet, (type) =>
    selectionCost(ctx, type, selectionSet, arrival),
  );
}

function operationOf(
  document: DocumentNode,
  name: string | null | undefined,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return name ? operations.find((o) => o.name?.value === name) : operations[0];
}

/**
 * The most Twilio requests the operation can make; 0 when it cannot run (no such operation,
 * variables that do not coerce: execution refuses it before any call).
 */
export function estimateUpstreamRequests(input: UpstreamEstimateInput): number {
  const operation = operationOf(input.document, input.operationName);
  if (operation === undefined) return 0;
  const coerced = getVariableValues(
    input.schema,
    operation.variableDefinitions ?? [],
    { ...input.variables },
    { maxErrors: 1 },
  );
  if (coerced.errors) return 0;
  const root =
    operation.operation === 'query'
      ? input.schema.getQueryType()
      : operation.operation === 'mutation'
        ? input.schema.getMutationType()
        : input.schema.getSubscriptionType();
  if (!root) return 0;
  const fragments = new Map(
    input.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const ctx: Ctx = {
    walk: { schema: input.schema, fragments, variables: coerced.coerced, routing: input.routing },
    defaultService: false,
  };
  const total = selectionCost(ctx, root, operation.selectionSet, READ);
  return total + (ctx.defaultService && !input.defaultServiceKnown ? 1 : 0);
}
