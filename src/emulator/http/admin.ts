/**
 * The operator API under `/__emulator/` (never a Twilio path): request log, reset, faults,
 * latency, concurrency and webhook history. It needs no Twilio credentials and therefore answers
 * loopback clients only.
 *
 *   GET    /__emulator                 → { accountSid, operations, baseUrls }
 *   GET    /__emulator/requests        → { total, peakInFlight, byOperation, requests }
 *   DELETE /__emulator/requests        → 204
 *   POST   /__emulator/reset           → 204 (seed data restored, faults cleared)
 *   GET    /__emulator/faults          → { faults: FaultRule[] }
 *   PUT    /__emulator/faults          ← { faults: FaultRule[] }
 *   GET    /__emulator/latency         → { fixedMs, jitterMs }
 *   PUT    /__emulator/latency         ← { fixedMs?, jitterMs? }
 *   GET    /__emulator/concurrency     → { limit: number | null }
 *   PUT    /__emulator/concurrency     ← { limit: number | null }
 *   GET    /__emulator/webhooks        → { deliveries: WebhookAttempt[] }
 *   DELETE /__emulator/webhooks        → 204
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { z } from 'zod';
import { operations } from '../../registry/index.js';
import { ErrorCode, twilioError } from '../codes.js';
import { EmulatorError } from '../contract.js';
import { readBody } from './body.js';
import { errorBody } from './errors.js';
import { faultRulesSchema, latencySchema } from './options.js';
import type { EmulatorWire } from './server.js';

const faultsBodySchema = z.object({ faults: faultRulesSchema }).strict();
const concurrencyBodySchema = z.object({ limit: z.number().int().min(1).nullable() }).strict();

export interface AdminContext {
  readonly wire: EmulatorWire;
  readonly baseUrls: () => unknown;
}

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  // IPv4 clients of a dual-stack socket show up as ::ffff:a.b.c.d.
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const text = await readBody(req, 64 * 1024);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw twilioError(ErrorCode.invalidParameter, 'The admin API expects a JSON body');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
    throw twilioError(
      ErrorCode.invalidParameter,
      `Invalid ${where}: ${issue?.message ?? 'invalid value'}`,
    );
  }
  return parsed.data;
}

export async function handleAdmin(
  context: AdminContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  try {
    if (!isLoopback(req.socket.remoteAddress)) {
      throw twilioError(
        ErrorCode.adminForbidden,
        'The emulator admin API answers loopback clients only',
      );
    }
    const { wire } = context;
    const route = `${req.method ?? 'GET'} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /__emulator':
        return send(res, 200, {
          accountSid: wire.credentials.accountSid,
          operations: operations.length,
          baseUrls: context.baseUrls(),
        });
      case 'GET /__emulator/requests':
        return send(res, 200, wire.log.snapshot());
      case 'DELETE /__emulator/requests':
        wire.log.clear();
        return send(res, 204);
      case 'POST /__emulator/reset':
        wire.reset();
        return send(res, 204);
      case 'GET /__emulator/faults':
        return send(res, 200, { faults: wire.faults.list() });
      case 'PUT /__emulator/faults': {
        const body = await readJson(req, faultsBodySchema);
        wire.faults.set(body.faults);
        return send(res, 200, { faults: wire.faults.list() });
      }
      case 'GET /__emulator/latency':
        return send(res, 200, wire.latency.get());
      case 'PUT /__emulator/latency': {
        const body = await readJson(req, latencySchema);
        wire.latency.set(body);
        return send(res, 200, wire.latency.get());
      }
      case 'GET /__emulator/concurrency':
        return send(res, 200, { limit: wire.concurrencyLimit });
      case 'PUT /__emulator/concurrency': {
        const body = await readJson(req, concurrencyBodySchema);
        wire.concurrencyLimit = body.limit;
        return send(res, 200, { limit: wire.concurrencyLimit });
      }
      case 'GET /__emulator/webhooks':
        return send(res, 200, { deliveries: wire.webhookHistory() });
      case 'DELETE /__emulator/webhooks':
        wire.clearWebhookHistory();
        return send(res, 204);
      default:
        throw twilioError(ErrorCode.notFound, `No admin endpoint ${route}`);
    }
  } catch (error) {
    const failure =
      error instanceof EmulatorError
        ? error
        : twilioError(ErrorCode.internal, 'The admin request failed');
    send(res, failure.status, errorBody(failure));
  }
}
