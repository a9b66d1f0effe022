/**
 * twilio-node auto-paging 120 messages when the emulator is not addressed at its own origin and
 * mount prefix: through a host-rewriting HTTP client (requests go to `…/conversations` but carry
 * `X-Forwarded-Host: conversations.twilio.com`) and through a loopback reverse proxy that mounts
 * the emulator under `/gw` and says so with `X-Forwarded-*`. In each setup twilio-node follows
 * `next_page_url` verbatim, so the pages after the first land on the emulator only if every URL
 * it returns is the one the caller addressed.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { twilioNodeClient } from '../support/twilio-node.js';

const MESSAGES = 120;
const TWILIO = 'https://conversations.twilio.com';
const LIST_MESSAGES = 'conversations.v1.ListServiceConversationMessage';

/**
 * Sends twilio-node's requests for `https://conversations.twilio.com` to `target` with `headers`
 * added, and remembers every URL twilio-node asked for.
 */
class RewritingClient extends twilio.RequestClient {
  readonly asked: string[] = [];

  constructor(
    private readonly target: string,
    private readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    this.asked.push(opts.uri);
    const uri = opts.uri.startsWith(`${TWILIO}/`)
      ? `${this.target}${opts.uri.slice(TWILIO.length)}`
      : opts.uri;
    return super.request({ ...opts, uri, headers: { ...opts.headers, ...this.headers } });
  }
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host']);

function endToEndHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

interface Proxy {
  readonly url: string;
  /** Paths (with query) the proxy forwarded. */
  readonly forwarded: string[];
  close(): Promise<void>;
}

/**
 * A minimal loopback reverse proxy: `/gw/<rest>` → `<emulator>/conversations/<rest>`, the way a
 * path-rewriting proxy announces itself (X-Forwarded-Host/-Proto/-Prefix). GET only: that is all
 * paging needs, and no proxy library is a dependency of this project.
 */
async function startProxy(emulator: RunningEmulator): Promise<Proxy> {
  const forwarded: string[] = [];
  const agent = new Agent({ keepAliveTimeout: 1000 });
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (req.method !== 'GET' || !path.startsWith('/gw/')) {
      res.writeHead(404).end();
      return;
    }
    forwarded.push(path);
    request(`${emulator.url}/conversations${path.slice('/gw'.length)}`, {
      dispatcher: agent,
      headers: {
        ...endToEndHeaders(req.headers),
        'x-forwarded-host': req.headers.host ?? '',
        'x-forwarded-proto': 'http',
        'x-forwarded-prefix': '/gw',
      } as Record<string, string>,
    })
      .then(async (answer) => {
        const body = Buffer.from(await answer.body.arrayBuffer());
        res.writeHead(answer.statusCode, endToEndHeaders(answer.headers)).end(body);
      })
      .catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await agent.close();
    },
  };
}

let emulator: RunningEmulator;
let proxy: Proxy;
let serviceSid: string;
let conversationSid: string;
const messageSids: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: false, webhooks: false });
  proxy = await startProxy(emulator);
  const client = twilioNodeClient(emulator);
  serviceSid = (await client.conversations.v1.services.create({ friendlyName: 'Paging' })).sid;
  const conversations = client.conversations.v1.services(serviceSid).conversations;
  conversationSid = (await conversations.create({ friendlyName: 'Long thread' })).sid;
  for (let i = 0; i < MESSAGES; i += 1) {
    const message = await conversations(conversationSid).messages.create({
      author: 'alice',
      body: `message ${i}`,
    });
    messageSids.push(message.sid);
  }
});

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
});

/** Lists every message with `httpClient`, 50 a page, as twilio-node's auto-paging does. */
async function listAll(httpClient: twilio.RequestClient) {
  emulator.clearRequests();
  const client = twilio(emulator.accountSid, emulator.credentials.authToken, { httpClient });
  const messages = await client.conversations.v1
    .services(serviceSid)
    .conversations(conversationSid)
    .messages.list({ pageSize: 50 });
  expect(messages.map((m) => m.sid)).toEqual(messageSids);
  // Three pages, all answered by the emulator.
  expect(emulator.requestLog().byOperation[LIST_MESSAGES]).toBe(3);
  expect(emulator.requestLog().requests.map((r) => r.status)).toEqual([200, 200, 200]);
  return messages;
}

const messagesPath = () => `/v1/Services/${serviceSid}/Conversations/${conversationSid}/Messages`;

describe('twilio-node paging through a forwarded emulator', () => {
  it('follows next_page_url on the emulator origin and prefix without forwarded headers', async () => {
    const httpClient = new RewritingClient(`${emulator.url}/conversations`);
    const messages = await listAll(httpClient);
    const next = httpClient.asked.slice(1);
    expect(next).toHaveLength(2);
    for (const url of next) {
      expect(url.startsWith(`${emulator.url}/conversations${messagesPath()}?`)).toBe(true);
      expect(url).toContain('PageToken=PA');
    }
    expect(messages[0]?.url).toBe(
      `${emulator.url}/conversations${messagesPath()}/${messageSids[0] ?? ''}`,
    );
  });

  it('follows next_page_url on conversations.twilio.com behind a host-rewriting client', async () => {
    const httpClient = new RewritingClient(`${emulator.url}/conversations`, {
      'X-Forwarded-Host': 'conversations.twilio.com',
      'X-Forwarded-Proto': 'https',
    });
    const messages = await listAll(httpClient);
    // Every URL twilio-node asked for is Twilio's own; pages 2 and 3 come from next_page_url.
    const [first, ...next] = httpClient.asked;
    expect(first).toBe(`${TWILIO}${messagesPath()}`);
    expect(next).toHaveLength(2);
    for (const url of next) {
      expect(url.startsWith(`${TWILIO}${messagesPath()}?`), url).toBe(true);
      expect(url).toContain('PageToken=PA');
    }
    expect(messages[0]?.url).toBe(`${TWILIO}${messagesPath()}/${messageSids[0] ?? ''}`);
  });

  it('follows next_page_url through a reverse proxy that mounts the emulator under /gw', async () => {
    const httpClient = new RewritingClient(`${proxy.url}/gw`);
    proxy.forwarded.length = 0;
    const messages = await listAll(httpClient);
    expect(proxy.forwarded).toHaveLength(3);
    const next = httpClient.asked.slice(1);
    expect(next).toHaveLength(2);
    for (const url of next) {
      expect(url.startsWith(`${proxy.url}/gw${messagesPath()}?`)).toBe(true);
      expect(url).toContain('PageToken=PA');
    }
    expect(messages[0]?.url).toBe(`${proxy.url}/gw${messagesPath()}/${messageSids[0] ?? ''}`);
  });
});
