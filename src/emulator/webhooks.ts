/**
 * Webhook delivery for the emulator: signs each event the way Twilio does (`X-Twilio-Signature`,
 * reference §8.4, the algorithm twilio-node's `validateRequest` checks) and sends it fire-and-
 * forget with a short timeout, so a slow or dead receiver never delays or fails a REST answer.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import type { WebhookDelivery } from './contract.js';

export type WebhookParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * The string Twilio signs: the full URL as called (query included), then for each parameter
 * name in sorted order `name + value`; a repeated name contributes each distinct value, sorted.
 */
export function signatureBase(url: string, params: WebhookParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      data += name + value;
    } else {
      for (const v of [...new Set(value)].sort()) data += name + v;
    }
  }
  return data;
}

/** `X-Twilio-Signature`: base64 HMAC-SHA1 of {@link signatureBase}, keyed by the Auth Token. */
export function twilioSignature(authToken: string, url: string, params: WebhookParams): string {
  return createHmac('sha1', authToken).update(signatureBase(url, params), 'utf8').digest('base64');
}

/** Form encoding with repeated keys for arrays and RFC 3986 escapes, as Twilio posts. */
export function encodeWebhookParams(params: WebhookParams): string {
  const encode = (s: string) =>
    encodeURIComponent(s).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  const parts: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    const values: readonly string[] = typeof value === 'string' ? [value] : value;
    for (const v of values) parts.push(`${encode(name)}=${encode(v)}`);
  }
  return parts.join('&');
}

export interface WebhookAttempt {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly params: WebhookParams;
  /** Sent as `I-Twilio-Idempotency-Token`; a retry of the same event would repeat it. */
  readonly idempotencyToken: string;
  /** The receiver's HTTP status; null when it could not be reached or timed out. */
  readonly status: number | null;
  readonly error: string | null;
}

export interface WebhookSenderOptions {
  readonly authToken: string;
  /** Per delivery (connect, headers and body). */
  readonly timeoutMs: number;
  /** Called once per delivery when it settles. */
  readonly onAttempt?: (attempt: WebhookAttempt) => void;
}

export class WebhookSender {
  private readonly agent: Agent;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: WebhookSenderOptions) {
    this.agent = new Agent({
      connectTimeout: options.timeoutMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 1000,
    });
  }

  /** Starts the delivery and returns at once; failures are reported through `onAttempt` only. */
  send(delivery: WebhookDelivery): void {
    const done = this.deliver(delivery).finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  /** Resolves when every delivery started so far has settled (tests wait on this). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }

  private async deliver(delivery: WebhookDelivery): Promise<void> {
    const { url, method, params } = delivery;
    const idempotencyToken = randomUUID();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const encoded = encodeWebhookParams(params);
      const target =
        method === 'GET' && encoded !== ''
          ? `${url}${url.includes('?') ? '&' : '?'}${encoded}`
          : url;
      // GET events carry their parameters in the URL, which is then signed alone (§8.4 step 4).
      const signature = twilioSignature(
        this.options.authToken,
        target,
        method === 'GET' ? {} : params,
      );
      const response = await request(target, {
        method,
        dispatcher: this.agent,
        headers: {
          'x-twilio-signature': signature,
          'i-twilio-idempotency-token': idempotencyToken,
          'user-agent': 'TwilioProxy/1.1',
          ...(method === 'POST'
            ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
            : {}),
        },
        ...(method === 'POST' ? { body: encoded } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.statusCode;
      await response.body.dump();
    } catch (cause) {
      error = cause instanceof Error ? cause.message : 'webhook delivery failed';
    }
    this.options.onAttempt?.({ url, method, params, idempotencyToken, status, error });
  }
}
