import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDemoWebhook } from '../../src/server/realtime/index.js';
import { startStack, type Stack } from './support/stack.js';

/**
 * The playground in a real browser: Debian's Chromium, headless, driven by playwright-core.
 * Every request that is not to loopback is blocked and recorded, so "works offline" is checked
 * by what the page tried to fetch, not by reading its source.
 */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium is not installed: apt-get install -y chromium (see .ci/run).');
  }
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

let stack: Stack;
let userDataDir: string;
let context: BrowserContext;
let page: Page;
const offMachine: string[] = [];
const pageErrors: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  await registerDemoWebhook(stack.gateway);
  userDataDir = mkdtempSync(join(tmpdir(), 'playground-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumArgs,
  });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      loopbackHosts.has(url.hostname)
    ) {
      await route.continue();
      return;
    }
    offMachine.push(url.href);
    await route.abort('blockedbyclient');
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
});

afterAll(async () => {
  await context?.close();
  await stack?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/**
 * Opens tab `index` and runs it until its answer contains `expected`. GraphiQL re-reads the
 * operation name a moment after a tab switch (debounced), so an early click still sends the
 * previous tab's name; run again until the new tab's answer shows.
 */
async function runTab(on: Page, index: number, expected: string) {
  await on.locator('.graphiql-tab').nth(index).locator('button').first().click();
  const result = on.locator('.result-window');
  await expect
    .poll(
      async () => {
        await on.locator('.graphiql-execute-button').click();
        await on.waitForLoadState('networkidle');
        return result.textContent();
      },
      { timeout: 20_000 },
    )
    .toContain(expected);
  return result;
}

describe('playground in Chromium', () => {
  it('opens with the example tabs and runs the inbox query to data, all offline', async () => {
    await page.goto(stack.gateway.url, { waitUntil: 'load' });
    await page.locator('.graphiql-container').waitFor();

    const tabs = page.locator('.graphiql-tab');
    await expect.poll(() => tabs.count()).toBe(5);
    const titles = await tabs.allTextContents();
    expect(titles.join(' ')).toMatch(
      /Inbox.*ConversationView.*ConversationsPage.*LiveMessages.*SendMessage/,
    );

    const before = stack.emulator.requestLog().total;
    const answered = page.waitForResponse(
      (response) => response.url().endsWith('/graphql') && response.request().method() === 'POST',
    );
    await page.locator('.graphiql-execute-button').click();
    // The whole answer, as the playground received it (the result pane only renders the lines
    // in view, so its text cannot show the extensions at the end of a long inbox).
    const body = (await (await answered).json()) as { extensions?: { upstream?: unknown } };
    expect(body.extensions?.upstream).toMatchObject({ requests: expect.any(Number) });
    const result = page.locator('.result-window');
    await expect
      .poll(() => result.textContent(), { timeout: 20_000 })
      .toContain('unreadMessagesCount');
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('"identity": "alice"');
    expect(stack.emulator.requestLog().total).toBeGreaterThan(before);

    expect(offMachine).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('runs the conversation tab with its own variables', async () => {
    const result = await runTab(page, 1, '"participants"');
    expect((await result.textContent()) ?? '').toContain('"friendlyName": "General"');
    expect(offMachine).toEqual([]);
    expect(pageErrors).toEqual([]);
    // An early click's 400 (previous tab's operation name) is logged by Chromium; nothing else is.
    expect(consoleErrors.filter((line) => !line.includes('status of 400'))).toEqual([]);
  });

  it('shows in the live tab, over WebSocket, a message sent from the send tab of another page', async () => {
    const result = page.locator('.result-window');
    await page.locator('.graphiql-tab').nth(3).locator('button').first().click();
    // As above: run until the subscription (not the previous tab's query) is what runs.
    await expect
      .poll(
        async () => {
          if ((await page.locator('.graphiql-execute-button[aria-label^="Stop"]').count()) === 0) {
            await page.locator('.graphiql-execute-button').click();
          }
          const metrics = await (await fetch(new URL('/metrics', stack.gateway.url))).text();
          return metrics.includes('gateway_subscriptions_open{transport="websocket"} 1');
        },
        { timeout: 20_000 },
      )
      .toBe(true);

    const sender = await context.newPage();
    try {
      await sender.goto(stack.gateway.url, { waitUntil: 'load' });
      await sender.locator('.graphiql-container').waitFor();
      await runTab(sender, 4, '"sendMessage"');
    } finally {
      await sender.close();
    }
    await expect
      .poll(() => result.textContent(), { timeout: 20_000 })
      .toContain('Hello from the playground');
    expect((await result.textContent()) ?? '').toContain('"messageAdded"');
    expect(offMachine).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('records an off-machine request when a page makes one (the guard itself works)', async () => {
    const other = await context.newPage();
    try {
      await other.goto('about:blank');
      await other.evaluate(() => fetch('http://example.invalid/beacon').catch(() => null));
      expect(offMachine).toEqual(['http://example.invalid/beacon']);
    } finally {
      offMachine.length = 0;
      await other.close();
    }
  });
});
