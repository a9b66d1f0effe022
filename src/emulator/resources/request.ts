import type { HandlerContext, WebhookDelivery, WireValue } from '../contract.js';
import type { EmulatorError } from '../contract.js';
import type { Channel, Service } from '../store/entities.js';
import { ErrorCode, notFoundError, twilioError } from '../codes.js';
import type { Store } from '../store/store.js';
import { parseInstant } from '../store/time.js';

/** What every handler shares: the live store (replaced on reset) and the webhook queue. */
export interface DomainEnv {
  store: Store;
  readonly webhooks: WebhookDelivery[];
}

/**
 * One request as the domain sees it: typed parameter readers, the URL base records render
 * from, and lookups that raise Twilio's 404 for the requested path.
 */
export class Request {
  readonly store: Store;
  /** `ctx.baseUrl` + version, e.g. `http://127.0.0.1:4010/chat/v2`. */
  readonly base: string;
  /** A Conversations operation addressed through `/v1/Services/{ChatServiceSid}/…`. */
  readonly serviceScoped: boolean;

  constructor(
    readonly env: DomainEnv,
    readonly ctx: HandlerContext,
  ) {
    this.store = env.store;
    this.base = `${ctx.baseUrl}/${ctx.op.version}`;
    this.serviceScoped = ctx.op.path.includes('{ChatServiceSid}');
  }

  get accountSid(): string {
    return this.store.accountSid;
  }

  get version(): string {
    return this.ctx.op.version;
  }

  get isConversations(): boolean {
    return this.ctx.op.product === 'conversations';
  }

  /** The 404 Twilio gives for this request: the path without its version prefix. */
  notFound(): EmulatorError {
    const path = this.ctx.op.path
      .replace(/^\/v\d/, '')
      .replace(/\{(\w+)\}/g, (_, name: string) => this.ctx.path[name] ?? name);
    return notFoundError(path);
  }

  path(name: string): string {
    const value = this.ctx.path[name];
    if (value === undefined) throw this.notFound();
    return value;
  }

  // ---- parameters (body for writes, query for reads) ----------------------------------------

  private raw(name: string): WireValue | undefined {
    return this.ctx.body[name] ?? this.ctx.query[name];
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  str(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : value[value.length - 1];
  }

  /** A string where the literal `null` clears the field (Twilio's way to remove a value). */
  nullable(name: string): string | null | undefined {
    const value = this.str(name);
    return value === 'null' || value === '' ? null : value;
  }

  list(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    return typeof value === 'string' ? [value] : [...value];
  }

  bool(name: string): boolean | undefined {
    const value = this.str(name);
    if (value === undefined) return undefined;
    if (value === 'true' || value === 'True') return true;
    if (value === 'false' || value === 'False') return false;
    throw twilioError(ErrorCode.invalidParameter, `Invalid ${name}: expected true or false`);
  }

  int(name: string): number | undefined {
    const value = this.str(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) {
      throw twilioError(ErrorCode.invalidParameter, `Invalid ${name}: expected an integer`);
    }
    return Number(value);
  }

  /** `Attributes`-style JSON strings: must parse as JSON; stored and rendered as given. */
  json(name: string): string | undefined {
    const value = this.str(name);
    if (value === undefined) return undefined;
    try {
      JSON.parse(value);
    } catch {
      throw twilioError(
        ErrorCode.invalidAttributes,
        `Invalid ${name}: must be a valid JSON string`,
      );
    }
    return value;
  }

  instant(name: string): number | undefined {
    const value = this.str(name);
    if (value === undefined) return undefined;
    const ms = parseInstant(value);
    if (ms === null) {
      throw twilioError(
        ErrorCode.invalidParameter,
        `Invalid ${name}: expected an ISO 8601 date-time`,
      );
    }
    return ms;
  }

  // ---- lookups ------------------------------------------------------------------------------

  /**
   * The service the request addresses: `{ServiceSid}`/`{ChatServiceSid}` in the path, `{Sid}`
   * on service instance paths, or the account's default service for the Conversations shortcuts.
   */
  service(): Service {
    const sid = this.ctx.path.ServiceSid ?? this.ctx.path.ChatServiceSid;
    if (sid !== undefined) {
      const service = this.store.services.get(sid);
      if (!service) throw this.notFound();
      return service;
    }
    if (this.isConversations) return this.defaultService();
    throw this.notFound();
  }

  /** Twilio always has a default Conversations service; create one on first use if none. */
  defaultService(): Service {
    const account = this.store.account;
    const current =
      account.defaultChatServiceSid === null
        ? undefined
        : this.store.services.get(account.defaultChatServiceSid);
    if (current) return current;
    const created = this.store.createService('Default Conversations Service');
    account.defaultChatServiceSid = created.sid;
    return created;
  }

  /**
   * A channel by CH sid or unique name. Conversations never sees public channels (they become
   * visible once Chat v3 makes them private).
   */
  channel(service: Service, key: string, allowUniqueName = true): Channel {
    const channel = allowUniqueName
      ? this.store.channels.find(service.sid, key)
      : this.store.channels.get(key);
    if (!channel || channel.serviceSid !== service.sid) throw this.notFound();
    if (this.isConversations && channel.type === 'public') throw this.notFound();
    refreshTimers(channel, this.store.now());
    return channel;
  }
}

/** Applies elapsed state timers (active → inactive → closed) when a channel is read. */
export function refreshTimers(channel: Channel, now: number): void {
  if (channel.state === 'closed') return;
  if (channel.timerClosedAt !== null && now >= channel.timerClosedAt) {
    channel.state = 'closed';
  } else if (
    channel.state === 'active' &&
    channel.timerInactiveAt !== null &&
    now >= channel.timerInactiveAt
  ) {
    channel.state = 'inactive';
  }
}
