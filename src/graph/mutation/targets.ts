/**
 * Naming the object a mutation acts on: either its global `id`, or its SIDs (the service SID
 * defaulting to the account's default chat service). Every problem becomes a user error on the
 * field that caused it, before any write is sent.
 */
import { GraphQLError } from 'graphql';
import type { GraphContext } from '../context.js';
import { decodeIdOf, type NodeType } from '../ids.js';
import type { InputCheck } from './checks.js';
import { isSid } from './checks.js';
import { fieldLabel, type FieldPath } from './user-errors.js';

export interface TargetSegment {
  /** Input field of this segment, e.g. `["conversationSid"]`. */
  readonly field: FieldPath;
  readonly value: string | null | undefined;
  readonly prefix: string;
  /**
   * Accepts a natural key instead of the SID (a user's identity): any non-empty text of at most
   * 256 characters. Twilio's paths take it in the SID's place.
   */
  readonly natural?: boolean;
}

export interface TargetRef {
  /** The id field (e.g. `["id"]`, `["conversationId"]`) and its value. */
  readonly idField: FieldPath;
  readonly id: string | null | undefined;
  readonly serviceSid: string | null | undefined;
  /** Path segments after the service, outermost first (conversation, then participant ...). */
  readonly segments: readonly TargetSegment[];
}

const SERVICE_FIELD: FieldPath = ['serviceSid'];

/**
 * The SID path of the target (service first), or undefined with the problems recorded in `check`.
 * An id must be of `type`; SIDs are checked against their prefixes. Call it after the input's
 * other checks: the default service is only looked up (one request) when all of them passed, so
 * a rejected input costs no request at all.
 */
export async function resolveTarget(
  ctx: GraphContext,
  check: InputCheck,
  type: NodeType,
  ref: TargetRef,
): Promise<string[] | undefined> {
  return completeTarget(ctx, check, targetPath(check, type, ref));
}

/** A target checked locally; `serviceSid` null means "the account's default service". */
export interface LocalTarget {
  readonly serviceSid: string | null;
  readonly sids: readonly string[];
}

/**
 * The local half of `resolveTarget` (no request): for inputs naming two objects, check both
 * before `completeTarget` looks the default service up.
 */
export function targetPath(
  check: InputCheck,
  type: NodeType,
  ref: TargetRef,
): LocalTarget | undefined {
  const bySids = ref.serviceSid != null || ref.segments.some((s) => s.value != null);
  if (ref.id != null) {
    if (bySids) {
      const others = [SERVICE_FIELD, ...ref.segments.map((s) => s.field)].map((f) => fieldLabel(f));
      return check.add(
        ref.idField,
        'INVALID',
        `Name the object either by ${fieldLabel(ref.idField)} or by ${others.join('/')}, not both.`,
      );
    }
    try {
      const [serviceSid = '', ...sids] = decodeIdOf(type, ref.id, ref.idField.join('.'));
      return { serviceSid, sids };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return check.add(ref.idField, 'INVALID', `${fieldLabel(ref.idField)}: ${error.message}`);
    }
  }
  const sids: string[] = [];
  for (const segment of ref.segments) {
    const value = segment.value;
    if (value == null) {
      check.add(
        segment.field,
        'REQUIRED',
        `Give ${fieldLabel(ref.idField)} or ${fieldLabel(segment.field)}.`,
      );
      continue;
    }
    if (segment.natural && !isSid(value, segment.prefix)) {
      const text = check.text(value, segment.field, 256);
      if (text !== undefined) sids.push(text);
      continue;
    }
    const sid = check.sid(value, segment.prefix, segment.field);
    if (sid !== undefined) sids.push(sid);
  }
  const serviceSid = ref.serviceSid == null ? null : check.sid(ref.serviceSid, 'IS', SERVICE_FIELD);
  if (serviceSid === undefined || sids.length !== ref.segments.length) return undefined;
  return { serviceSid, sids };
}

/** The full SID path of a locally checked target, looking the default service up if needed. */
export async function completeTarget(
  ctx: GraphContext,
  check: InputCheck,
  target: LocalTarget | undefined,
): Promise<string[] | undefined> {
  if (target === undefined) return undefined;
  const serviceSid = await serviceOf(ctx, check, target.serviceSid);
  return serviceSid === undefined ? undefined : [serviceSid, ...target.sids];
}

/**
 * The given service SID (checked), or the account's default chat service — looked up only when
 * the input's other checks passed (call it last).
 */
export async function serviceOf(
  ctx: GraphContext,
  check: InputCheck,
  serviceSid: string | null | undefined,
  field: FieldPath = SERVICE_FIELD,
): Promise<string | undefined> {
  if (serviceSid != null) return check.sid(serviceSid, 'IS', field);
  if (!check.ok) return undefined;
  const fallback = await ctx.loaders.defaultServiceSid();
  if (fallback === null) {
    return check.add(
      field,
      'REQUIRED',
      `${fieldLabel(field)} is required: the account has no default chat service.`,
    );
  }
  return fallback;
}

/** An input naming one object of a service: by global `id`, or by `serviceSid` and `sid`. */
export interface ServiceChildNaming {
  readonly id?: string | null;
  readonly serviceSid?: string | null;
  readonly sid?: string | null;
}

/** An input naming one object inside a conversation: by global `id`, or by its SIDs. */
export interface ConversationChildNaming extends ServiceChildNaming {
  readonly conversationSid?: string | null;
}

/** An input naming the conversation a new object goes into. */
export interface ParentConversationNaming {
  readonly conversationId?: string | null;
  readonly serviceSid?: string | null;
  readonly conversationSid?: string | null;
}

/** The target of an object directly in a service (a conversation `CH`, a role `RL` ...). */
export function serviceChildRef(input: ServiceChildNaming, prefix: string): TargetRef {
  return {
    idField: ['id'],
    id: input.id,
    serviceSid: input.serviceSid,
    segments: [{ field: ['sid'], value: input.sid, prefix }],
  };
}

/**
 * The target of an object inside a conversation (a message `IM`, participant `MB`, webhook
 * `WH`, invite `IN`): the conversation's SID, then the object's own with `prefix`.
 */
export function conversationChildRef(input: ConversationChildNaming, prefix: string): TargetRef {
  return {
    idField: ['id'],
    id: input.id,
    serviceSid: input.serviceSid,
    segments: [
      { field: ['conversationSid'], value: input.conversationSid, prefix: 'CH' },
      { field: ['sid'], value: input.sid, prefix },
    ],
  };
}

/** The target of the conversation that a create adds to (`conversationId` or its SID). */
export function parentConversationRef(input: ParentConversationNaming): TargetRef {
  return {
    idField: ['conversationId'],
    id: input.conversationId,
    serviceSid: input.serviceSid,
    segments: [{ field: ['conversationSid'], value: input.conversationSid, prefix: 'CH' }],
  };
}

/** The input field naming that conversation, for errors about it. */
export function parentConversationField(input: ParentConversationNaming): FieldPath {
  return input.conversationId != null ? ['conversationId'] : ['conversationSid'];
}

/**
 * Naming an account-level object (credential, address configuration, service) in a mutation
 * input: by global `id`, by SID, or by a natural key where Twilio's path accepts one (an
 * address configuration's address).
 */
export interface AccountRef {
  readonly id: string | null | undefined;
  readonly sid: string | null | undefined;
  readonly prefix: string;
  /** A natural key Twilio accepts in the SID's place, with its input field. */
  readonly natural?: { readonly field: FieldPath; readonly value: string | null | undefined };
}

/** The SID (or natural key) of the target, or undefined with the problem recorded. */
export function accountTarget(
  check: InputCheck,
  type: NodeType,
  ref: AccountRef,
): string | undefined {
  const choices: [FieldPath, unknown][] = [
    [['id'], ref.id],
    [['sid'], ref.sid],
    ...(ref.natural ? [[ref.natural.field, ref.natural.value] as [FieldPath, unknown]] : []),
  ];
  if (!check.atMostOne(choices)) return undefined;
  if (ref.id != null) {
    try {
      return decodeIdOf(type, ref.id, 'id')[0];
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return check.add(['id'], 'INVALID', `\`id\`: ${error.message}`);
    }
  }
  if (ref.sid != null) return check.sid(ref.sid, ref.prefix, ['sid']);
  if (ref.natural?.value != null) return check.text(ref.natural.value, ref.natural.field, 256);
  const names = choices.map(([field]) => fieldLabel(field)).join(' or ');
  return check.add(['sid'], 'REQUIRED', `Give ${names}.`);
}

/** The input field a "does not exist" answer is about. */
export function targetField(input: {
  readonly id?: string | null;
  readonly address?: string | null;
}): FieldPath {
  if (input.id != null) return ['id'];
  if (input.address != null) return ['address'];
  return ['sid'];
}

/**
 * Where the path parameters of a conversation's child (message, participant, webhook, invite)
 * sit in its mutation input, so Twilio's complaint about one blames the right input field.
 */
export const CONVERSATION_CHILD_FIELDS: Readonly<Record<string, FieldPath>> = {
  ChatServiceSid: ['serviceSid'],
  ConversationSid: ['conversationSid'],
  Sid: ['sid'],
};
