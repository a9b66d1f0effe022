import { execFile } from 'node:child_process';
import dns from 'node:dns';
import { once } from 'node:events';
import { request as httpsRequest } from 'node:https';
import net from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isProjectVariable, scrubShellEnvironment } from '../support/hermetic-env.js';
import { assertNoRefusedAttempts, takeRefusedAttempts } from '../support/network-guard-setup.js';

/**
 * The suite is hermetic: it sees none of the shell's project settings, and no test process can
 * reach beyond loopback. TEST-NET-1 (192.0.2.0/24, RFC 5737) is never routed, and Twilio's own
 * host names stand for what a misrouted test with real credentials would call.
 */
const run = promisify(execFile);
const guardCode = 'ERR_TEST_NETWORK_GUARD';

/** Connects, and reports how the attempt ended and whether a TCP connect was ever started. */
async function attempt(options: net.NetConnectOpts): Promise<{
  readonly outcome: string;
  readonly started: readonly string[];
}> {
  const socket = net.connect(options);
  // Emitted right before the connect(2) of each address: nothing can have been sent before it.
  const started: string[] = [];
  socket.on('connectionAttempt', (address: string) => started.push(address));
  const outcome = await new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(String(error.code)));
  });
  socket.destroy();
  return { outcome, started };
}

describe('the network guard', () => {
  it('refuses a TCP connection to a non-loopback address before any packet is sent', async () => {
    const refused = await attempt({ host: '192.0.2.1', port: 443 });
    expect(refused).toEqual({ outcome: guardCode, started: [] });
    expect(() => assertNoRefusedAttempts()).toThrow(
      /refused 1 attempt.*\n- a connection to 192\.0\.2\.1:443/,
    );
  });

  it('lets loopback through, observed the same way (so the check above can fail)', async () => {
    const server = net.createServer((socket) => socket.end());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    try {
      expect(await attempt({ host: '127.0.0.1', port })).toEqual({
        outcome: 'connected',
        started: ['127.0.0.1'],
      });
    } finally {
      server.close();
    }
    expect(() => assertNoRefusedAttempts()).not.toThrow();
  });

  it('refuses a host name without asking DNS, through net, fetch, node:https and dns', async () => {
    const lookups: string[] = [];
    const refused = await attempt({
      host: 'conversations.twilio.com',
      port: 443,
      lookup: (hostname, _options, callback) => {
        lookups.push(hostname);
        callback(new Error('unexpected lookup'), '', 4);
      },
    });
    expect(refused).toEqual({ outcome: guardCode, started: [] });
    expect(lookups).toEqual([]);

    const viaFetch = await fetch('https://chat.twilio.com/v2/Services').catch(
      (error: unknown) => error,
    );
    expect((viaFetch as Error & { cause?: unknown }).cause).toMatchObject({ code: guardCode });

    const viaHttps = httpsRequest('https://api.twilio.com/2010-04-01/Accounts.json');
    viaHttps.end();
    const [httpsError] = await once(viaHttps, 'error');
    expect(httpsError).toMatchObject({ code: guardCode });

    await expect(dns.promises.lookup('ip-messaging.twilio.com')).rejects.toMatchObject({
      code: guardCode,
    });
    await expect(dns.promises.resolve4('localhost')).rejects.toMatchObject({ code: guardCode });
    const [lookupError] = await new Promise<unknown[]>((resolve) =>
      dns.lookup('twilio.com', (...args) => resolve(args)),
    );
    expect(lookupError).toMatchObject({ code: guardCode });

    expect(takeRefusedAttempts().map((refusal) => refusal.what)).toEqual([
      'a connection to conversations.twilio.com:443',
      'a connection to chat.twilio.com:443',
      'a connection to api.twilio.com:443',
      'a DNS lookup of ip-messaging.twilio.com',
      'a DNS query (resolve4) for localhost',
      'a DNS lookup of twilio.com',
    ]);
  });

  it('guards the Node processes a test starts, and reports what they tried', async () => {
    const script = `require('node:net').connect(443, '192.0.2.7').on('error', (e) => console.log(e.code));`;
    const child = run(process.execPath, ['-e', script], { env: { ...process.env } });
    const { stdout } = await child;
    expect(stdout.trim()).toBe(guardCode);
    const refused = takeRefusedAttempts();
    expect(refused).toMatchObject([{ what: 'a connection to 192.0.2.7:443' }]);
    expect(refused[0]?.pid).toBe(child.child.pid);
  });
});

describe('a test whose code swallows a refused connection', () => {
  let failures: readonly string[] | undefined;

  // Expected to fail: the setup's afterEach fails it, although its own code ignores the error.
  it.fails('still fails', async ({ onTestFinished }) => {
    onTestFinished(({ task }) => {
      failures = task.result?.errors?.map((error) => String(error.message));
    });
    await fetch('http://192.0.2.1/').catch(() => undefined);
  });

  // Runs after the one above (tests in a file run in order): it failed for the right reason.
  it('failed because of the refused connection, which it names', () => {
    expect(failures).toEqual([
      expect.stringMatching(/refused 1 attempt.*\n- a connection to 192\.0\.2\.1:80 \(pid \d+\)/),
    ]);
  });
});

describe('the environment of test processes', () => {
  it("holds none of the shell's project settings; NODE_ENV is test", async () => {
    const seen = Object.keys(process.env).filter(isProjectVariable);
    expect(seen).toEqual(['NODE_ENV']);
    expect(process.env.NODE_ENV).toBe('test');
    const { stdout } = await run(
      process.execPath,
      ['-e', 'console.log(JSON.stringify(Object.keys(process.env)))'],
      { env: { ...process.env } },
    );
    expect((JSON.parse(stdout) as string[]).filter(isProjectVariable)).toEqual(['NODE_ENV']);
  });

  it('is scrubbed of every TWILIO_*, GRAPH_*, HOST, PORT, LOG_LEVEL and NODE_ENV a shell holds', () => {
    const shell: NodeJS.ProcessEnv = {
      TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
      TWILIO_AUTH_TOKEN: '0123456789abcdef0123456789abcdef',
      TWILIO_API_KEY: `SK${'0123456789abcdef'.repeat(2)}`,
      TWILIO_API_SECRET: 'not-a-real-secret',
      TWILIO_REGION: 'au1',
      TWILIO_EDGE: 'sydney',
      GRAPH_PRIMARY_API: 'chat-v1',
      GATEWAY_ANYTHING: 'x',
      EMULATOR_PORT: '1',
      HOST: '0.0.0.0',
      PORT: '1',
      LOG_LEVEL: 'trace',
      NODE_ENV: 'production',
      PATH: '/usr/bin',
      HOME: '/root',
    };
    scrubShellEnvironment(shell);
    expect(shell).toEqual({ PATH: '/usr/bin', HOME: '/root', NODE_ENV: 'test' });
  });
});
