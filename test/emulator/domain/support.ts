/** Test helpers: drive domain handlers directly with a request context like the wire layer's. */
import type {
  EmulatorDomain,
  HandlerContext,
  HandlerResult,
  ListResult,
  WireParams,
  WireRecord,
} from '../../../src/emulator/contract.js';
import type { HostProduct } from '../../../src/registry/index.js';
import { getOperation } from '../../../src/registry/index.js';

export const ACCOUNT_SID = 'AC00000000000000000000000000000001';

const ORIGINS: Record<HostProduct, string> = {
  chat: 'http://127.0.0.1:4010/chat',
  'ip-messaging': 'http://127.0.0.1:4010/ip-messaging',
  conversations: 'http://127.0.0.1:4010/conversations',
};

export interface CallOptions {
  readonly path?: Record<string, string>;
  readonly query?: WireParams;
  readonly body?: WireParams;
  readonly host?: HostProduct;
  readonly webhookEnabled?: boolean;
}

export function contextFor(id: string, options: CallOptions = {}): HandlerContext {
  const op = getOperation(id);
  const host = options.host ?? op.product;
  return {
    op,
    host,
    baseUrl: ORIGINS[host],
    path: options.path ?? {},
    query: options.query ?? {},
    body: options.body ?? {},
    webhookEnabled: options.webhookEnabled ?? false,
    accountSid: ACCOUNT_SID,
  };
}

export function call(domain: EmulatorDomain, id: string, options: CallOptions = {}): HandlerResult {
  const handler = domain.handlers[id];
  if (!handler) throw new Error(`no handler for ${id}`);
  return handler(contextFor(id, options));
}

/** Calls an operation that answers one record and returns its body. */
export function record(domain: EmulatorDomain, id: string, options: CallOptions = {}): WireRecord {
  const result = call(domain, id, options);
  if (result.kind !== 'record') throw new Error(`${id} answered ${result.kind}, not a record`);
  return result.body;
}

/** Narrows a handler result to a list. */
export function listOf(result: HandlerResult): ListResult {
  if (result.kind !== 'list') throw new Error(`answered ${result.kind}, not a list`);
  return result;
}

/** Renders a whole list result (the wire layer renders only one page of it). */
export function renderAll(result: ListResult): WireRecord[] {
  return result.entities.map((entity) => result.render(entity));
}

/** The page-token key of every entity of a list result, in order. */
export function keysOf(result: ListResult): string[] {
  return result.entities.map((entity) => result.keyOf(entity));
}

/** Calls a list operation and returns every item, rendered. */
export function items(domain: EmulatorDomain, id: string, options: CallOptions = {}): WireRecord[] {
  const result = call(domain, id, options);
  if (result.kind !== 'list') throw new Error(`${id} answered ${result.kind}, not a list`);
  return renderAll(result);
}

/** Calls an operation expected to fail and returns the error. */
export function failure(domain: EmulatorDomain, id: string, options: CallOptions = {}): unknown {
  try {
    call(domain, id, options);
  } catch (error) {
    return error;
  }
  throw new Error(`${id} did not fail`);
}

export function text(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** A domain clock the test moves by hand. */
export class ManualClock {
  constructor(public ms = Date.UTC(2025, 5, 1, 12, 0, 0)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** The first (default) seeded service's SID. */
export function defaultServiceSid(domain: EmulatorDomain): string {
  return text(record(domain, 'conversations.v1.FetchConfiguration').default_chat_service_sid);
}

export function errorOf(error: unknown): { status: number; code: number; message: string } {
  if (typeof error !== 'object' || error === null) throw new Error('not an error object');
  const e = error as { status?: unknown; code?: unknown; message?: unknown };
  return { status: Number(e.status), code: Number(e.code), message: String(e.message) };
}
