/**
 * What bounds one operation while it runs: its deadline (`GATEWAY_REQUEST_TIMEOUT_MS`) and the
 * size of its result (`GATEWAY_MAX_RESPONSE_BYTES`). The deadline is the Twilio client's own
 * `OperationDeadline`, carried by the operation's ledger: one timer, one error code
 * (REQUEST_TIMEOUT), no call started after it and the ones in flight aborted. The size cap and
 * the client's disconnect stop the operation through the AbortSignal the graph hands to every
 * Twilio call.
 *
 * The result is measured while it is resolved, field by field, so an oversized answer stops
 * growing at about the limit instead of being built whole and measured afterwards; the final
 * serialisation is checked again (`boundedStringify`) because the running count is an estimate.
 */
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  isLeafType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { ServerResponse } from 'node:http';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { OperationDeadline } from '../../twilio/index.js';
import { limitVariables } from './settings.js';

export type StopReason = 'timeout' | 'too-large';

/** Calls `fire` after `ms`; returns the cancel function. Tests inject a manual one. */
export type Schedule = (ms: number, fire: () => void) => () => void;

/**
 * The default schedule yields to I/O once before firing: a loop that was busy past the deadline
 * first reads the Twilio answers that already arrived (timers run before I/O in a loop turn).
 */
export const wallClockSchedule: Schedule = (ms, fire) => {
  let immediate: NodeJS.Immediate | undefined;
  const timer = setTimeout(() => {
    immediate = setImmediate(fire);
  }, ms);
  timer.unref();
  return () => {
    clearTimeout(timer);
    clearImmediate(immediate);
  };
};

export interface OperationLimits {
  readonly requestTimeoutMs: number;
  readonly maxResponseBytes: number;
}

export const requestTimeoutCode = 'REQUEST_TIMEOUT';
export const responseTooLargeCode = 'RESPONSE_TOO_LARGE';

export function responseTooLargeError(maxBytes: number): GraphQLFormattedError {
  return {
    message: `The response would exceed ${maxBytes} bytes; execution stopped (${limitVariables.maxResponseBytes}). Ask for fewer items or fields.`,
    extensions: { code: responseTooLargeCode, limit: maxBytes, retryable: false },
  };
}

export function requestTimeoutError(timeoutMs: number, retryable = true): GraphQLFormattedError {
  return {
    message: `The operation ran past its time limit of ${timeoutMs} ms (${limitVariables.requestTimeoutMs}); Twilio calls still running were aborted and no further ones were made.`,
    extensions: { code: requestTimeoutCode, limit: timeoutMs, retryable },
  };
}

class OperationStopped extends Error {
  override readonly name = 'OperationStopped';
}

export class OperationGuard {
  /** Fires when the client leaves (`disconnect`), the deadline passes or the result grows too large. */
  readonly signal: AbortSignal;
  /** The operation's deadline; the server hands it to the Twilio client with the ledger. */
  readonly deadline: OperationDeadline;
  private readonly stopper = new AbortController();
  private reasonValue: StopReason | null = null;
  // Read per resolved field: a plain flag, not the deadline signal's `aborted` getter.
  private deadlinePassed = false;
  private bytes = 0;

  constructor(
    readonly limits: OperationLimits,
    schedule: Schedule = wallClockSchedule,
  ) {
    // One controller stops the operation for every reason: the deadline's timer aborts it
    // right after the deadline's own signal, and `disconnect` does. (AbortSignal.any over
    // three signals, or listeners on them, cost every request weak references and events.)
    this.deadline = new OperationDeadline(limits.requestTimeoutMs, {
      now: () => performance.now(),
      setTimer: (ms, fire) =>
        schedule(ms, () => {
          fire();
          this.deadlinePassed = true;
          this.stopper.abort(this.deadline.signal.reason);
        }),
    });
    this.signal = this.stopper.signal;
  }

  /** The HTTP client left before its answer was written. */
  disconnect(): void {
    this.stopper.abort(new Error('The HTTP client disconnected.'));
  }

  get reason(): StopReason | null {
    if (this.reasonValue === null && this.deadlinePassed) return 'timeout';
    return this.reasonValue;
  }

  /** Adds an estimate of a resolved value's JSON size; stops the operation past the limit. */
  count(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.limits.maxResponseBytes) this.stop('too-large');
  }

  get remainingBytes(): number {
    return this.limits.maxResponseBytes - this.bytes;
  }

  /** The operation is answered: its deadline no longer matters. */
  finish(): void {
    this.deadline.dispose();
  }

  private stop(reason: 'too-large'): void {
    if (this.reason !== null) return;
    this.reasonValue = reason;
    this.deadline.dispose();
    this.stopper.abort(new OperationStopped(`operation stopped: ${reason}`));
  }
}

/**
 * Ties the operation to its HTTP response: a client that leaves before the answer was written
 * stops it, and once the response is closed either way its deadline no longer matters.
 */
export function guardResponse(res: ServerResponse, guard: OperationGuard): void {
  // The client may already have left while its body was being read.
  if (res.destroyed) guard.disconnect();
  res.once('close', () => {
    if (!res.writableFinished) guard.disconnect();
    guard.finish();
  });
}

/** Apollo copies the context per operation (own enumerable properties), so a symbol rides along. */
const guardKey = Symbol('gateway.operationGuard');

export function attachGuard<TContext extends object>(
  context: TContext,
  guard: OperationGuard,
): TContext {
  Object.defineProperty(context, guardKey, { value: guard, enumerable: true });
  return context;
}

export function guardOf(context: object): OperationGuard | undefined {
  const guard: unknown = Reflect.get(context, guardKey);
  return guard instanceof OperationGuard ? guard : undefined;
}

/**
 * JSON size of a leaf value (scalars, JSON objects), walked without recursion so a deeply nested
 * value cannot overflow the stack; stops counting once `budget` is spent.
 */
export function jsonSize(value: unknown, budget: number): number {
  // Most leaves are strings or null: no walk (and no array) for them, as this runs per field.
  if (typeof value === 'string') return Buffer.byteLength(value) + 2;
  if (value === null || value === undefined) return 4;
  let size = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && size <= budget) {
    const next = pending.pop();
    if (typeof next === 'string') size += Buffer.byteLength(next) + 2;
    else if (typeof next === 'number' || typeof next === 'boolean') size += String(next).length;
    else if (next instanceof Date) size += 26;
    else if (Array.isArray(next)) {
      size += 2 + next.length;
      for (const item of next) pending.push(item);
    } else if (typeof next === 'object' && next !== null) {
      for (const [key, item] of Object.entries(next)) {
        size += Buffer.byteLength(key) + 4;
        pending.push(item);
      }
      size += 2;
    } else size += 4;
  }
  return size;
}

/** What a resolved field adds to the response: its key, and the value when it is a leaf. */
function fieldSize(keyLength: number, leaf: boolean, result: unknown, remaining: number): number {
  const key = keyLength + 4;
  if (leaf) return key + jsonSize(result, remaining);
  return key + 2 + (Array.isArray(result) ? result.length : 0);
}

/**
 * Counts `result` (a value, a promise, a list of either) once it is settled, as Apollo does. A
 * plain value, most fields, is counted at once, without a callback.
 */
function countWhenSettled(
  guard: OperationGuard,
  keyLength: number,
  leaf: boolean,
  result: unknown,
): void {
  if (result instanceof Promise) {
    result.then(
      (value: unknown) => countWhenSettled(guard, keyLength, leaf, value),
      () => undefined,
    );
  } else if (Array.isArray(result) && result.some((item) => item instanceof Promise)) {
    Promise.all(result).then(
      (values) => guard.count(fieldSize(keyLength, leaf, values, guard.remainingBytes)),
      () => undefined,
    );
  } else {
    guard.count(fieldSize(keyLength, leaf, result, guard.remainingBytes));
  }
}

const wrappedSchemas = new WeakSet<GraphQLSchema>();

/**
 * Wraps every field resolver of the schema once, so each resolved field is counted against the
 * operation's cap. Apollo's `willResolveField` hook would do the same through its generic
 * dispatch (an argument object, a hook array and closures per field of every operation);
 * this is one check of the context per field, and nothing when it carries no guard.
 */
function countResolvedFields(schema: GraphQLSchema): void {
  if (wrappedSchemas.has(schema)) return;
  wrappedSchemas.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const leaf = isLeafType(getNamedType(field.type));
      field.resolve = (source, args, contextValue, info) => {
        const guard =
          typeof contextValue === 'object' && contextValue !== null
            ? guardOf(contextValue)
            : undefined;
        if (guard === undefined) return resolve(source, args, contextValue, info);
        // Past the cap, fields are refused before they resolve, so nothing below them (and
        // no Twilio call they would make) is started.
        // A GraphQLError, so the error formatter does not log it as unexpected; the whole
        // answer is replaced in willSendResponse anyway.
        if (guard.reason === 'too-large') {
          throw new GraphQLError('The response is too large.', {
            extensions: { code: responseTooLargeCode },
          });
        }
        const result = resolve(source, args, contextValue, info);
        countWhenSettled(guard, String(info.path.key).length, leaf, result);
        return result;
      };
    }
  }
}

export function operationGuardPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async serverWillStart({ schema }) {
      countResolvedFields(schema);
    },
    async requestDidStart(): Promise<GraphQLRequestListener<TContext>> {
      return {
        async willSendResponse({ response, contextValue }) {
          const guard = guardOf(contextValue);
          if (!guard) return;
          guard.finish();
          const result =
            response.body.kind === 'single'
              ? response.body.singleResult
              : response.body.initialResult;
          if (guard.reason === 'too-large') {
            result.data = null;
            result.errors = [responseTooLargeError(guard.limits.maxResponseBytes)];
          } else if (guard.reason === 'timeout' && result.errors) {
            // The graph reports calls the deadline stopped as REQUEST_TIMEOUT (a call whose
            // queue wait the same stop ended may read as cancelled); the server names its limit.
            result.errors = result.errors.map((error) => {
              const code = error.extensions?.code;
              if (code !== requestTimeoutCode && code !== 'REQUEST_CANCELLED') return error;
              const timeout = requestTimeoutError(
                guard.limits.requestTimeoutMs,
                error.extensions?.retryable !== false,
              );
              return { ...error, message: timeout.message, extensions: timeout.extensions };
            });
          }
        },
      };
    },
  };
}

/**
 * Apollo's `stringifyResult`: the last check before bytes leave. The running count is an
 * estimate (escapes, error entries), so an answer whose JSON text is still over the limit, or
 * that cannot be serialised at all, is replaced by the RESPONSE_TOO_LARGE error.
 */
export function boundedStringify(maxBytes: number): (value: object) => string {
  return (value) => {
    let text: string | null = null;
    try {
      text = `${JSON.stringify(value)}\n`;
    } catch {
      // A RangeError from a value nested too deeply to serialise.
    }
    if (text !== null && Buffer.byteLength(text) <= maxBytes) return text;
    const extensions: unknown = Reflect.get(value, 'extensions');
    return `${JSON.stringify({
      errors: [responseTooLargeError(maxBytes)],
      ...(typeof extensions === 'object' && extensions !== null ? { extensions } : {}),
    })}\n`;
  };
}
