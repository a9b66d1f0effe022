import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_AUTH_TOKEN,
  startEmulator,
  type RunningEmulator,
} from '../../src/emulator/index.js';
import {
  InProcessEventBus,
  serviceTopic,
  type ChatEvent,
  type EventBus,
} from '../../src/events/index.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server/app.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { maxWebhookBodyBytes } from '../../src/server/realtime/receiver.js';
import { emulatorConfig } from '../support/emulator-client.js';
import { metricValue } from './support/live.js';

const AC = 'AC00000000000000000000000000000000';
const IS = 'IS00000000000000000000000000000002';
const CH = 'CH00000000000000000000000000000003';

let emulator: RunningEmulator;
const gateways: Gateway[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: false });
});

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
});

afterAll(async () => {
  await emulator.close();
});

async function gateway(realtime: GatewayOptions['realtime'] = {}): Promise<Gateway> {
  const g = await createGateway({
    twilio: emulatorConfig(emulator),
    graph: graphBinding(),
    warmUp: false,
    realtime,
  });
  gateways.push(g);
  return g;
}

/** Events published on the test service's topic. */
function published(g: Gateway): ChatEvent[] {
  const seen: ChatEvent[] = [];
  g.realtime.bus.subscribe(serviceTopic(IS), (event) => seen.push(event));
  return seen;
}

function message(body: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    EventType: 'onMessageAdded',
    AccountSid: AC,
    ChatServiceSid: IS,
    ConversationSid: CH,
    MessageSid: 'IM00000000000000000000000000000004',
    Author: 'alice',
    Body: body,
    Index: '0',
    Source: 'API',
    RetryCount: '0',
    ...extra,
  };
}

interface Delivery {
  readonly params: Record<string, string>;
  /** The URL the signature is computed over (default: the gateway's own webhook URL). */
  readonly signedUrl?: string;
  readonly token?: string;
  readonly signature?: string | null;
  readonly idempotencyToken?: string;
  readonly contentType?: string;
  readonly body?: string;
  readonly method?: string;
}

/** A delivery as Twilio makes it, signed by twilio-node (the reference signer). */
async function deliver(g: Gateway, d: Delivery): Promise<Response> {
  const signature =
    d.signature === undefined
      ? twilio.getExpectedTwilioSignature(
          d.token ?? DEFAULT_AUTH_TOKEN,
          d.signedUrl ?? g.webhookUrl,
          d.params,
        )
      : d.signature;
  const listening = new URL(g.url);
  return fetch(`${listening.origin}/webhooks/twilio`, {
    method: d.method ?? 'POST',
    headers: {
      'content-type': d.contentType ?? 'application/x-www-form-urlencoded',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
      ...(d.idempotencyToken ? { 'i-twilio-idempotency-token': d.idempotencyToken } : {}),
    },
    ...(d.method === 'GET' ? {} : { body: d.body ?? new URLSearchParams(d.params).toString() }),
  });
}

async function metric(g: Gateway, outcome: string): Promise<number> {
  return (await metricValue(g, `gateway_webhook_deliveries_total{outcome="${outcome}"}`)) ?? 0;
}

describe('POST /webhooks/twilio', () => {
  it('accepts a delivery signed with the Auth Token and publishes its event', async () => {
    const g = await gateway();
    const seen = published(g);
    const response = await deliver(g, { params: message('hello') });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    await g.realtime.webhooksIdle();
    expect(seen.map((e) => e.kind)).toEqual(['messageAdded']);
    expect(await metric(g, 'published')).toBe(1);
  });

  it('refuses a missing or wrong signature with 403 and publishes nothing', async () => {
    const g = await gateway();
    const seen = published(g);
    const missing = await deliver(g, { params: message('a'), signature: null });
    const wrongToken = await deliver(g, { params: message('b'), token: 'f'.repeat(32) });
    const tampered = await deliver(g, {
      params: message('c'),
      signature: twilio.getExpectedTwilioSignature(
        DEFAULT_AUTH_TOKEN,
        g.webhookUrl,
        message('other'),
      ),
    });
    for (const response of [missing, wrongToken, tampered]) {
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        message: 'The X-Twilio-Signature header is missing or does not match this request.',
      });
    }
    await g.realtime.webhooksIdle();
    expect(seen).toEqual([]);
    expect(await metric(g, 'rejected-signature')).toBe(3);
  });

  it('checks the signature against GATEWAY_PUBLIC_URL, the URL Twilio calls behind a proxy', async () => {
    const g = await gateway({ publicUrl: 'https://chat.example.com/gateway' });
    expect(g.webhookUrl).toBe('https://chat.example.com/gateway/webhooks/twilio');
    const seen = published(g);
    const listening = `${new URL(g.url).origin}/webhooks/twilio`;
    expect((await deliver(g, { params: message('via proxy') })).status).toBe(200);
    expect((await deliver(g, { params: message('direct'), signedUrl: listening })).status).toBe(
      403,
    );
    // Twilio may sign with the default port spelled out.
    const withPort = 'https://chat.example.com:443/gateway/webhooks/twilio';
    expect((await deliver(g, { params: message('port'), signedUrl: withPort })).status).toBe(200);
    await g.realtime.webhooksIdle();
    expect(seen.map((e) => ('message' in e ? e.message.body : null))).toEqual([
      'via proxy',
      'port',
    ]);
  });

  it('uses GATEWAY_WEBHOOK_AUTH_TOKEN when the gateway calls Twilio with an API key', async () => {
    const webhookToken = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const g = await gateway({ webhookAuthToken: webhookToken });
    expect((await deliver(g, { params: message('a') })).status).toBe(403);
    expect((await deliver(g, { params: message('b'), token: webhookToken })).status).toBe(200);
  });

  it('refuses everything when there is no Auth Token to check with', async () => {
    const g = await gateway({ webhookAuthToken: null });
    const seen = published(g);
    expect((await deliver(g, { params: message('a') })).status).toBe(403);
    await g.realtime.webhooksIdle();
    expect(seen).toEqual([]);
  });

  it('publishes a retried delivery once: same idempotency token, or same parameters but RetryCount', async () => {
    const g = await gateway();
    const seen = published(g);
    const first = message('once');
    for (const d of [
      { params: first, idempotencyToken: 'token-1' },
      { params: { ...first, RetryCount: '1' }, idempotencyToken: 'token-1' },
      { params: message('twice'), idempotencyToken: 'token-2' },
      { params: message('no token') },
      { params: message('no token', { RetryCount: '1' }) },
      { params: message('no token', { RetryCount: '2' }) },
    ]) {
      expect((await deliver(g, d)).status).toBe(200);
    }
    await g.realtime.webhooksIdle();
    expect(seen.map((e) => ('message' in e ? e.message.body : null))).toEqual([
      'once',
      'twice',
      'no token',
    ]);
    expect(await metric(g, 'duplicate')).toBe(3);
  });

  it('answers before the event is processed (a stalled bus does not hold the answer)', async () => {
    let release: () => void = () => {};
    const claimed = new Promise<void>((resolve) => (release = resolve));
    const inner = new InProcessEventBus();
    const stalled: EventBus = {
      publish: (event) => inner.publish(event),
      subscribe: (topic, listener) => inner.subscribe(topic, listener),
      claim: async (identity) => {
        await claimed;
        return inner.claim(identity);
      },
      close: () => inner.close(),
    };
    const g = await gateway({ bus: stalled });
    const seen = published(g);
    const response = await deliver(g, { params: message('later') });
    expect(response.status).toBe(200);
    expect(seen).toEqual([]);
    release();
    await g.realtime.webhooksIdle();
    expect(seen).toHaveLength(1);
  });

  it('limits the body, wants a form and POST, and ignores events it has no use for', async () => {
    const g = await gateway();
    const seen = published(g);
    const huge = await deliver(g, {
      params: message('x'),
      body: `Body=${'x'.repeat(maxWebhookBodyBytes)}`,
    });
    expect(huge.status).toBe(413);
    const json = await deliver(g, {
      params: message('x'),
      contentType: 'application/json',
      body: '{}',
    });
    expect(json.status).toBe(415);
    const get = await deliver(g, { params: message('x'), method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const pre = await deliver(g, { params: { ...message('pre'), EventType: 'onMessageAdd' } });
    expect(pre.status).toBe(200);
    const foreign = await deliver(g, {
      params: { ...message('foreign'), AccountSid: 'AC' + '9'.repeat(32) },
    });
    expect(foreign.status).toBe(200);
    await g.realtime.webhooksIdle();
    expect(seen).toEqual([]);
    expect(await metric(g, 'ignored')).toBe(2);
    expect(await metric(g, 'rejected-request')).toBe(3);
  });
});
