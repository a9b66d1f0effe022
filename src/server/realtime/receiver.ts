/**
 * `POST /webhooks/twilio`: Twilio's signed post-event webhooks in, events on the bus out.
 *
 * The answer comes first: a delivery is checked (size, form encoding, `X-Twilio-Signature`
 * against the public URL Twilio called) and answered 200 at once, and only then mapped,
 * de-duplicated and published, so Twilio never waits on subscribers (it gives up after 5 s and
 * retries). A missing or wrong signature is 403 and publishes nothing. A retried delivery (the
 * same `I-Twilio-Idempotency-Token`, or the same parameters but `RetryCount`) is published once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import {
  deliveryIdentity,
  eventFromWebhook,
  type EventBus,
  type WebhookParams,
} from '../../events/index.js';
import { HttpError, readBody } from '../http-graphql.js';
import type { RealtimeMetrics } from './metrics.js';
import { isValidSignature } from './signature.js';

export const webhookPath = '/webhooks/twilio';

/**
 * Twilio's largest post-event bodies are a 32 KB message body plus attributes and media JSON,
 * form-encoded (up to three bytes per character); anything above this is not Twilio.
 */
export const maxWebhookBodyBytes = 256 * 1024;

export interface ReceiverOptions {
  readonly bus: EventBus;
  /** The Auth Token that signs the account's webhooks; null refuses every delivery. */
  readonly authToken: string | null;
  /** What Twilio calls, up to the gateway's own paths, e.g. `https://chat.example.com`. */
  readonly publicUrl: string;
  /** Deliveries of other accounts are answered but not published. */
  readonly accountSid: string;
  readonly metrics: RealtimeMetrics;
  readonly logger: Logger;
  /** Epoch milliseconds with a fraction. */
  readonly now: () => number;
}

export interface WebhookReceiver {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Resolves when every accepted delivery has been published (tests, shutdown). */
  idle(): Promise<void>;
}

function formParams(body: string): WebhookParams {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else if (typeof existing === 'string') params[name] = [existing, value];
    else existing.push(value);
  }
  return params;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function answer(res: ServerResponse, status: number, message: string | null): void {
  const body = message === null ? '' : `${JSON.stringify({ message })}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

const refused = 'The X-Twilio-Signature header is missing or does not match this request.';

export function createWebhookReceiver(options: ReceiverOptions): WebhookReceiver {
  const { bus, metrics, logger } = options;
  const base = options.publicUrl.replace(/\/+$/, '');
  const pending = new Set<Promise<void>>();

  async function publish(params: WebhookParams, token: string | undefined, receivedAt: number) {
    const id = deliveryIdentity(params, token);
    if (!(await bus.claim(id))) {
      metrics.webhook('duplicate');
      return;
    }
    const event = eventFromWebhook({ params, id, receivedAt });
    if (event === null || event.accountSid !== options.accountSid) {
      metrics.webhook('ignored');
      return;
    }
    await bus.publish(event);
    metrics.webhook('published');
  }

  return {
    async handle(req, res) {
      const receivedAt = options.now();
      if (req.method !== 'POST') {
        metrics.webhook('rejected-request');
        throw new HttpError(405, 'Twilio webhooks must be POSTed here.', { allow: 'POST' });
      }
      const mediaType = header(req, 'content-type')?.split(';', 1)[0]?.trim().toLowerCase();
      if (mediaType !== 'application/x-www-form-urlencoded') {
        metrics.webhook('rejected-request');
        throw new HttpError(
          415,
          'Twilio webhooks are form-encoded (application/x-www-form-urlencoded).',
        );
      }
      let params: WebhookParams;
      try {
        params = formParams(await readBody(req, maxWebhookBodyBytes, 'the webhook body limit'));
      } catch (error) {
        metrics.webhook('rejected-request');
        throw error;
      }
      const signature = header(req, 'x-twilio-signature');
      const url = `${base}${req.url ?? webhookPath}`;
      if (
        options.authToken === null ||
        signature === undefined ||
        !isValidSignature(options.authToken, url, params, signature)
      ) {
        metrics.webhook('rejected-signature');
        // The URL tells an operator which GATEWAY_PUBLIC_URL was assumed; never the token.
        logger.warn({ url }, 'refused a webhook delivery with a missing or invalid signature');
        answer(res, 403, refused);
        return;
      }
      answer(res, 200, null);
      const token = header(req, 'i-twilio-idempotency-token');
      // Published now, not after a turn of the event loop: the answer is already written, and
      // waiting for the check phase would put every busy loop's I/O ahead of the event.
      const work = publish(params, token, receivedAt)
        .catch((error: unknown) => {
          metrics.webhook('failed');
          logger.error({ err: error }, 'publishing a webhook event failed');
        })
        .finally(() => pending.delete(work));
      pending.add(work);
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
