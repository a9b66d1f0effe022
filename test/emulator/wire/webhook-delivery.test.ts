import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { call, record } from './helpers.js';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly signature: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

let emulator: RunningEmulator;
let receiver: Server;
let hookUrl: string;
let serviceSid: string;
const received: Received[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const signature = req.headers['x-twilio-signature'];
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        signature: typeof signature === 'string' ? signature : undefined,
        contentType: req.headers['content-type'],
        body,
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook?tenant=acme`;
  emulator = await startEmulator({ seed: false });
  const service = await call(emulator, { path: '/chat/v2/Services', form: { FriendlyName: 'w' } });
  serviceSid = String(record(service.json).sid);
});

beforeEach(() => {
  received.length = 0;
});

afterAll(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const formParams = (body: string): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(body));

async function createChannel(webhookHeader: boolean) {
  const answer = await call(emulator, {
    path: `/chat/v2/Services/${serviceSid}/Channels`,
    form: { FriendlyName: 'hooked' },
    headers: webhookHeader ? { 'x-twilio-webhook-enabled': 'true' } : {},
  });
  expect(answer.status).toBe(201);
  await emulator.webhooksIdle();
  return record(answer.json);
}

describe('webhook delivery', () => {
  it('posts a form-encoded event signed with the auth token for a write with the header', async () => {
    await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}`,
      form: { PostWebhookUrl: hookUrl, WebhookMethod: 'POST' },
    });
    const channel = await createChannel(true);
    expect(received).toHaveLength(1);
    const [event] = received;
    expect(event?.method).toBe('POST');
    expect(event?.contentType).toContain('application/x-www-form-urlencoded');
    const params = formParams(event?.body ?? '');
    expect(params).toMatchObject({ EventType: 'onChannelAdded', ChannelSid: channel.sid });
    expect(
      twilio.validateRequest(
        emulator.credentials.authToken,
        event?.signature ?? '',
        hookUrl,
        params,
      ),
    ).toBe(true);
    expect(twilio.validateRequest('another-token', event?.signature ?? '', hookUrl, params)).toBe(
      false,
    );
    expect(emulator.webhookDeliveries().at(-1)).toMatchObject({
      url: hookUrl,
      status: 200,
      error: null,
    });
  });

  it('sends nothing for the same write without the header', async () => {
    await createChannel(false);
    expect(received).toHaveLength(0);
  });

  it('sends GET events with the parameters in the query and signs that URL alone', async () => {
    await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}`,
      form: { PostWebhookUrl: hookUrl, WebhookMethod: 'GET' },
    });
    await createChannel(true);
    expect(received).toHaveLength(1);
    const [event] = received;
    expect(event?.method).toBe('GET');
    const fullUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}${event?.url ?? ''}`;
    expect(new URL(fullUrl).searchParams.get('EventType')).toBe('onChannelAdded');
    expect(new URL(fullUrl).searchParams.get('tenant')).toBe('acme');
    expect(
      twilio.validateRequest(emulator.credentials.authToken, event?.signature ?? '', fullUrl, {}),
    ).toBe(true);
  });

  it('never fails the REST answer when the receiver is unreachable', async () => {
    await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}`,
      form: { PostWebhookUrl: 'http://127.0.0.1:1/nowhere', WebhookMethod: 'POST' },
    });
    const channel = await createChannel(true);
    expect(channel.sid).toMatch(/^CH/);
    expect(emulator.webhookDeliveries().at(-1)).toMatchObject({
      url: 'http://127.0.0.1:1/nowhere',
      status: null,
    });
  });
});
