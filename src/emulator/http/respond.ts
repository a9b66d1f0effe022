/** Writing Twilio-shaped answers: JSON with Twilio's headers, 204 without a body. */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** `RQ` + 32 hex digits, like Twilio's `Twilio-Request-Id`. */
export function newRequestId(): string {
  return `RQ${randomUUID().replaceAll('-', '')}`;
}

export interface TwilioHeaders {
  readonly requestId: string;
  readonly concurrentRequests: number;
  readonly startedAt: number;
}

function commonHeaders(res: ServerResponse, twilio: TwilioHeaders): void {
  res.setHeader('Twilio-Request-Id', twilio.requestId);
  res.setHeader('Twilio-Concurrent-Requests', String(twilio.concurrentRequests));
  res.setHeader(
    'Twilio-Request-Duration',
    ((performance.now() - twilio.startedAt) / 1000).toFixed(3),
  );
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  twilio: TwilioHeaders,
  extraHeaders?: Readonly<Record<string, string>>,
): void {
  if (res.headersSent || res.destroyed) return;
  if (status === 204) {
    commonHeaders(res, twilio);
    res.writeHead(204);
    res.end();
    return;
  }
  // Encoded once: measuring a string's UTF-8 length and then writing it encodes it twice,
  // which shows on list pages of tens of kilobytes.
  const payload = Buffer.from(JSON.stringify(body));
  commonHeaders(res, twilio);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', payload.length);
  if (extraHeaders)
    for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
  res.writeHead(status);
  res.end(payload);
}

const TRUNCATED_PAYLOAD = '{"sid": "IS00000000000000000000000000000000", "friendly_name": "trunc';

/** A 200 whose body stops mid-JSON: the "malformed response" fault. Returns the text sent. */
export function sendTruncatedJson(res: ServerResponse, twilio: TwilioHeaders): string {
  const payload = TRUNCATED_PAYLOAD;
  if (res.headersSent || res.destroyed) return payload;
  commonHeaders(res, twilio);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.writeHead(200);
  res.end(payload);
  return payload;
}
