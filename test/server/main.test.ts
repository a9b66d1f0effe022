import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createClient } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoConversationId } from '../../src/server/playground-examples.js';

/**
 * `npm start` as a user runs it, minus npm and the tsx CLI (they cost seconds of CPU on a busy
 * machine): Node runs src/server/main.ts with tsx as a loader, with no Twilio credentials, on a
 * free port. The test signals the gateway process named in the startup log line, and the
 * process group as a last resort.
 */
const children: ChildProcess[] = [];
const npmStart = [process.execPath, ['--import', 'tsx', 'src/server/main.ts']] as const;

afterAll(() => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
});

function environmentWithoutTwilio(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('TWILIO_') && !name.startsWith('EMULATOR_')) env[name] = value;
  }
  // As a user's shell has it: vitest's NODE_ENV=test would switch Apollo behaviours off.
  delete env.NODE_ENV;
  return { ...env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' };
}

interface Started {
  readonly child: ChildProcess;
  readonly playgroundUrl: string;
  readonly gatewayPid: number;
  readonly logs: readonly Record<string, unknown>[];
  readonly exited: Promise<number | null>;
}

async function startMain(): Promise<Started> {
  const child = spawn(...npmStart, {
    cwd: process.cwd(),
    env: environmentWithoutTwilio(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<{ playgroundUrl: string; gatewayPid: number }>((resolve, reject) => {
    let playgroundUrl: string | null = null;
    let gatewayPid: number | null = null;
    lines.on('line', (line) => {
      if (line.startsWith('{')) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'gateway listening') gatewayPid = Number(entry.pid);
      }
      const match = /^Playground.*: (http:\/\/\S+)$/.exec(line);
      if (match?.[1]) playgroundUrl = match[1];
      if (playgroundUrl && gatewayPid) resolve({ playgroundUrl, gatewayPid });
    });
    void exited.then((code) => reject(new Error(`main exited early (${code}): ${stderr}`)));
  });
  return { child, logs, exited, ...(await ready) };
}

describe('npm start (src/server/main.ts)', () => {
  it("without credentials serves the embedded emulator's demo data and stops on SIGTERM", async () => {
    const started = await startMain();
    expect(started.playgroundUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const listening = started.logs.find((entry) => entry.msg === 'gateway listening');
    expect(listening?.upstream).toBe('embedded-emulator');

    const page = await fetch(started.playgroundUrl);
    expect(page.status).toBe(200);
    const response = await fetch(new URL('/graphql', started.playgroundUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ configuration { defaultChatServiceSid } }' }),
    });
    const body = (await response.json()) as {
      data?: { configuration?: { defaultChatServiceSid?: string } };
      extensions?: { upstream?: { requests?: number } };
    };
    expect(body.data?.configuration?.defaultChatServiceSid).toMatch(/^IS[0-9a-f]{32}$/);
    expect(body.extensions?.upstream?.requests).toBe(1);

    process.kill(started.gatewayPid, 'SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.logs.map((entry) => entry.msg)).toContain('stopped');
    // Apollo's start-up note about inline tracing is a debug line, not an info one.
    expect(started.logs.filter((entry) => /inline tracing/i.test(String(entry.msg)))).toEqual([]);
  });

  it("registers itself as the demo service's post-event webhook: a sent message reaches a subscriber", async () => {
    const started = await startMain();
    const client = createClient({
      url: new URL('/graphql', started.playgroundUrl).href.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      const frames = client.iterate({
        query: 'subscription ($id: ID!) { messageAdded(conversationId: $id) { author body } }',
        variables: { id: demoConversationId },
      });
      const first = frames.next();
      const metrics = new URL('/metrics', started.playgroundUrl);
      while (
        !(await (await fetch(metrics)).text()).includes(
          'gateway_subscriptions_open{transport="websocket"} 1',
        )
      ) {
        // The subscription is registered once the gauge says so.
      }
      await fetch(new URL('/graphql', started.playgroundUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation ($id: ID!) { sendMessage(input: { conversationId: $id, author: "alice", body: "started", webhookEnabled: true }) { message { sid } } }`,
          variables: { id: demoConversationId },
        }),
      });
      expect((await first).value).toEqual({
        data: { messageAdded: { author: 'alice', body: 'started' } },
      });
      await frames.return?.();
    } finally {
      await client.dispose();
    }
    process.kill(started.gatewayPid, 'SIGTERM');
    expect(await started.exited).toBe(0);
  });

  it('refuses a malformed PORT with a message naming the variable', async () => {
    const { code, stderr } = await runToExit({ PORT: 'eighty' });
    expect(code).toBe(1);
    expect(stderr).toContain('PORT must be a whole number between 0 and 65535');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a HOST it cannot listen on with a message naming the variable', async () => {
    // TEST-NET-1: a well-formed address no interface of this machine has (binding sends nothing).
    const { code, stderr } = await runToExit({ HOST: '192.0.2.1', GATEWAY_AUTH: 'none' });
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid environment: HOST is not an address of this machine');
    expect(stderr).not.toContain('192.0.2.1');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a malformed GATEWAY_SUBSCRIPTION_BUFFER with a message naming the variable', async () => {
    const { code, stderr } = await runToExit({ GATEWAY_SUBSCRIPTION_BUFFER: 'lots' });
    expect(code).toBe(1);
    expect(stderr).toContain('GATEWAY_SUBSCRIPTION_BUFFER must be a whole number from 1 to 100000');
    expect(stderr).not.toContain('lots');
  });
});

/** Runs `npm start` with `overrides` in its environment until it exits on its own. */
async function runToExit(
  overrides: Readonly<Record<string, string>>,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(...npmStart, {
    cwd: process.cwd(),
    env: { ...environmentWithoutTwilio(), ...overrides },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stderr };
}
