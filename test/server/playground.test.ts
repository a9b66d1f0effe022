import { getOperationAST, parse, validate } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playgroundExamples } from '../../src/server/playground-examples.js';
import { playgroundAssetPaths, playgroundHeaders } from '../../src/server/playground.js';
import { createGraphSchema } from '../../src/graph/index.js';
import { graphBinding } from '../../src/server/graph-binding.js';
import { registerDemoWebhook } from '../../src/server/realtime/index.js';
import { postGraphQL, startStack, type GraphQLBody, type Stack } from './support/stack.js';

let stack: Stack;
let html: string;
let headers: Headers;

beforeAll(async () => {
  stack = await startStack();
  const response = await fetch(stack.gateway.url);
  headers = response.headers;
  html = await response.text();
});

afterAll(async () => {
  await stack?.close();
});

function referencedUrls(page: string): string[] {
  return [...page.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1] ?? '');
}

describe('playground page', () => {
  it('is served as HTML at /', () => {
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('<div id="graphiql">');
  });

  it('references only assets of this server (or inline data)', () => {
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of urls) expect(url).toMatch(/^(\/playground\/[\w.-]+|data:.*)$/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('is guarded by a CSP that allows only this origin', () => {
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
  });

  it('loads every asset it references, and those are all the assets', async () => {
    const local = referencedUrls(html).filter((url) => url.startsWith('/playground/'));
    expect(new Set(local)).toEqual(new Set(playgroundAssetPaths));
    for (const path of local) {
      const response = await fetch(new URL(path, stack.gateway.url));
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(
        path.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
      expect((await response.text()).length, path).toBeGreaterThan(20);
    }
  });

  it('ships stylesheets that fetch nothing from elsewhere (fonts are inline)', async () => {
    for (const path of playgroundAssetPaths.filter((p) => p.endsWith('.css'))) {
      const css = await (await fetch(new URL(path, stack.gateway.url))).text();
      expect(css, path).not.toMatch(/@import/);
      const urls = [...css.matchAll(/url\(\s*['"]?([^'")]*)/g)].map((m) => m[1] ?? '');
      for (const url of urls)
        expect(url.startsWith('data:') || url.startsWith('#'), url).toBe(true);
    }
  });

  it('answers 404 for an asset it does not have', async () => {
    const response = await fetch(new URL('/playground/../package.json', stack.gateway.url));
    expect(response.status).toBe(404);
    const other = await fetch(new URL('/playground/secret.js', stack.gateway.url));
    expect(other.status).toBe(404);
  });
});

describe('playground examples', () => {
  it('opens tabs for an inbox, a conversation view, paging, live messages and sending one', () => {
    const titles = playgroundExamples.map((example) => example.title);
    expect(titles).toEqual(['Inbox', 'Conversation', 'Paging', 'Live messages', 'Send message']);
  });

  it('preloads each example in the page script', async () => {
    const script = await (
      await fetch(new URL('/playground/playground.js', stack.gateway.url))
    ).text();
    for (const example of playgroundExamples)
      expect(script).toContain(JSON.stringify(example.query));
  });

  it("shows where an Access Token goes in every tab's Headers pane", async () => {
    const script = await (
      await fetch(new URL('/playground/playground.js', stack.gateway.url))
    ).text();
    const pane = JSON.stringify(playgroundHeaders);
    expect(JSON.parse(playgroundHeaders)).toEqual({ Authorization: '' });
    expect(script.split(`"headers":${pane}`)).toHaveLength(playgroundExamples.length + 1);
    expect(playgroundExamples[0]?.query).toContain('npm run token -- --identity alice');
  });

  it('validates every example against the schema', () => {
    const schema = createGraphSchema();
    for (const example of playgroundExamples) {
      expect(validate(schema, parse(example.query)), example.title).toEqual([]);
    }
  });

  it('runs every example against the demo data without errors and with data', async () => {
    for (const example of playgroundExamples.filter((e) => kindOf(e.query) !== 'subscription')) {
      const { status, body } = await postGraphQL(stack.gateway, example.query, {
        ...example.variables,
      });
      expect(status, example.title).toBe(200);
      expect(body.errors, example.title).toBeUndefined();
      expect(
        Object.values(body.data ?? {}).every((value) => value !== null),
        example.title,
      ).toBe(true);
    }
  });
});

function upstreamRequests(body: GraphQLBody): unknown {
  return (body.extensions?.upstream as { requests?: unknown } | undefined)?.requests;
}

const spelled = ['Zero', 'One', 'Two', 'Three', 'Four', 'Five'];

describe('the Twilio cost each playground tab states', () => {
  const costed = playgroundExamples.filter((example) => example.twilioCalls !== undefined);

  it('is stated in the tab itself, for the inbox, paging and sending tabs', () => {
    expect(costed.map((example) => example.title)).toEqual(['Inbox', 'Paging', 'Send message']);
    for (const { title, query, twilioCalls } of costed) {
      const stated = new RegExp(`^# .*\\b${spelled[twilioCalls ?? 0]} Twilio calls?\\b`, 'im');
      expect(query, title).toMatch(stated);
      expect(query, title).toContain("One more looks up the account's default chat service");
    }
  });

  it('is what the response reports once the default chat service is known', async () => {
    for (const { title, query, variables, twilioCalls } of costed) {
      const { body } = await postGraphQL(stack.gateway, query, { ...variables });
      expect(body.errors, title).toBeUndefined();
      expect(upstreamRequests(body), title).toBe(twilioCalls);
    }
  });

  it('is one more when the default chat service must be looked up', async () => {
    const cold = await startStack({ graph: graphBinding({ defaultServiceTtlMs: 0 }) });
    try {
      for (const { title, query, variables, twilioCalls } of costed) {
        const { body } = await postGraphQL(cold.gateway, query, { ...variables });
        expect(body.errors, title).toBeUndefined();
        expect(upstreamRequests(body), title).toBe((twilioCalls ?? 0) + 1);
      }
    } finally {
      await cold.close();
    }
  });

  it('holds for every further page of the paging tab', async () => {
    const paging = playgroundExamples.find((example) => example.title === 'Paging');
    if (!paging) throw new Error('no paging tab');
    const first = await postGraphQL(stack.gateway, paging.query, { ...paging.variables });
    const pageInfo = (first.body.data?.conversations as { pageInfo: { endCursor: string } })
      .pageInfo;
    const next = await postGraphQL(stack.gateway, paging.query, {
      ...paging.variables,
      after: pageInfo.endCursor,
    });
    expect(next.body.errors).toBeUndefined();
    expect(upstreamRequests(next.body)).toBe(paging.twilioCalls);
  });
});

describe('the send message tab', () => {
  const tab = playgroundExamples.find((example) => example.title === 'Send message');
  const input = tab?.variables.input as { conversationSid: string; body: string };

  it("names the demo data's general conversation", async () => {
    const { body } = await postGraphQL(
      stack.gateway,
      '{ conversation(uniqueName: "general") { sid } }',
    );
    expect(body.data).toEqual({ conversation: { sid: input.conversationSid } });
  });

  it('sends the message as alice, and the conversation tab then shows it', async () => {
    if (!tab) throw new Error('no send message tab');
    const sent = await postGraphQL(stack.gateway, tab.query, { ...tab.variables });
    expect(sent.body.errors).toBeUndefined();
    expect(sent.body.data).toMatchObject({
      sendMessage: { message: { author: 'alice', body: input.body }, userErrors: [] },
    });
    const view = playgroundExamples.find((example) => example.title === 'Conversation');
    if (!view) throw new Error('no conversation tab');
    const shown = await postGraphQL(stack.gateway, view.query, { ...view.variables });
    const latest = (shown.body.data?.conversation as { messages: { nodes: { body: string }[] } })
      .messages.nodes;
    expect(latest.at(-1)?.body).toBe(input.body);
  });
});

function kindOf(query: string): string | undefined {
  return getOperationAST(parse(query))?.operation;
}

describe('playground live example', () => {
  it('the subscription tab, over WebSocket, receives what the send tab sends', async () => {
    await registerDemoWebhook(stack.gateway);
    const live = playgroundExamples.find((e) => e.title === 'Live messages');
    const send = playgroundExamples.find((e) => e.title === 'Send message');
    expect(kindOf(live?.query ?? '')).toBe('subscription');
    const client = createClient({
      url: stack.gateway.graphqlUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      const frames = client.iterate({
        query: live?.query ?? '',
        variables: { ...live?.variables },
      });
      const first = frames.next();
      // The subscription is open once the gateway counts it (the /metrics gauge).
      for (;;) {
        const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
        if (metrics.includes('gateway_subscriptions_open{transport="websocket"} 1')) break;
      }
      const sent = await postGraphQL(stack.gateway, send?.query ?? '', { ...send?.variables });
      expect(sent.body.errors).toBeUndefined();
      const frame = (await first).value as { data: { messageAdded: Record<string, unknown> } };
      expect(frame.data.messageAdded).toMatchObject({
        author: 'alice',
        body: 'Hello from the playground!',
      });
      await frames.return?.();
    } finally {
      await client.dispose();
    }
  });
});
