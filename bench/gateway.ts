/**
 * The gateway as it runs in production (`npm run build`: tsc, then the bundle of
 * scripts/bundle-gateway.ts; then `node dist/src/server/main.js` with NODE_ENV=production, as the
 * Dockerfile does) in a child
 * process, in front of the emulator in another child process, driven over HTTP from this one.
 *
 *   (a) nested: `conversations(first: 50) → participants → user` over 50 conversations of 5
 *       participants drawn from 70 users (250 participants, 70 distinct users), at 20 ms
 *       emulator latency, one query at a time;
 *   (b) list: `conversations(first: 50) { sid friendlyName createdAt }`, no latency, from 10
 *       concurrent keep-alive connections.
 *
 * Per scenario: Twilio requests per query and the most in flight at once (the emulator's request
 * log), wall p50/p99, the gateway's own CPU per request (utime + stime of its process from
 * /proc, so Linux only), req/s and RSS under load; per gateway: start-up to first answer (spawn
 * until the list query answers, polled every 20 ms) and RSS when idle after it.
 *
 *   npm run bench:gateway -- [options]
 *
 *   --compare <ref>      also build and run git ref <ref> (a temporary git worktree, its
 *                        node_modules linked when its lock file matches, else `npm ci`) in this
 *                        same run, and print this tree's figures as ratios of the ref's
 *   --floor              also measure the stack floor, bench/floor-gateway.ts (the same stack
 *                        and the same two queries with nothing else: see its header), in every
 *                        round, with the same scenarios, emulator seed and counters, and print
 *                        it in a `floor` column and this tree's figures as multiples of it
 *                        (`×floor`): how far above what the stack costs on this machine. It
 *                        is linked into one module first (esbuild, as `npm run build` links the
 *                        gateway), so that start-up and RSS compare too
 *   --out <file>         JSON results (default bench/results/gateway.local.json)
 *   --seconds <n>        measured seconds of (b) (10)
 *   --warmup <n>         warm-up seconds of (b), and warm-up queries of (a) (3)
 *   --iterations <n>     measured queries of (a) (40)
 *   --connections <n>    concurrent connections of (b) (10)
 *   --latency <ms>       emulator latency of (a) (20)
 *   --rounds <n>         measure every tree n times, interleaved (base, this, base, this…), and
 *                        report each figure's median: on a shared machine, load changes
 *                        within a run (1)
 *   --cpu <n>            pin the gateway to CPU n (taskset), as a shared machine's figures are
 *                        steadier that way
 *   --profile <dir>      run the gateways under `node --cpu-prof` into <dir>, and print where
 *                        their CPU went (self time by package / folder)
 *   --no-build           run the dist/ already built in this tree
 *   --smoke              tiny sizes and durations: checks that the bench runs, measures nothing
 *   --help
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { build as esbuild } from 'esbuild';
import { Pool } from 'undici';
import { isProjectVariable } from '../test/support/hermetic-env.js';
import { nodeModuleLinkOptions } from '../scripts/link-options.js';
import { percentile } from './stats.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../', import.meta.url));

const { values } = parseArgs({
  options: {
    compare: { type: 'string' },
    floor: { type: 'boolean' },
    out: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    iterations: { type: 'string' },
    connections: { type: 'string' },
    latency: { type: 'string' },
    cpu: { type: 'string' },
    rounds: { type: 'string' },
    profile: { type: 'string' },
    'no-build': { type: 'boolean' },
    smoke: { type: 'boolean' },
    help: { type: 'boolean' },
  },
});

if (values.help === true) {
  console.log('Usage: npm run bench:gateway -- [--compare REF] [--floor] [--out FILE]');
  console.log('       [--seconds n] [--warmup n] [--iterations n] [--connections n]');
  console.log(
    '       [--latency ms] [--rounds n] [--cpu n] [--profile DIR] [--no-build] [--smoke]',
  );
  console.log('  --floor  also measure bench/floor-gateway.ts, the bare stack serving the same');
  console.log('           queries, and print this tree as multiples of it (×floor)');
  console.log('The header of bench/gateway.ts describes every option.');
  process.exit(0);
}

function usageError(message: string): never {
  console.error(`bench:gateway: ${message} (--help lists the options)`);
  process.exit(2);
}

const count = (name: string, value: string | undefined, fallback: number, min = 1): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) usageError(`--${name} expects an integer ≥ ${min}`);
  return n;
};

const smoke = values.smoke === true;
const settings = {
  seconds: count('seconds', values.seconds, smoke ? 1 : 10),
  warmup: count('warmup', values.warmup, smoke ? 1 : 3, 0),
  iterations: count('iterations', values.iterations, smoke ? 3 : 40),
  connections: count('connections', values.connections, smoke ? 2 : 10),
  latencyMs: count('latency', values.latency, 20, 0),
  rounds: count('rounds', values.rounds, 1),
  cpu: values.cpu === undefined ? null : count('cpu', values.cpu, 0, 0),
  conversations: smoke ? 5 : 50,
  participantsPerConversation: smoke ? 2 : 5,
  users: smoke ? 7 : 70,
};
const outFile = resolve(values.out ?? join(repoRoot, 'bench/results/gateway.local.json'));

// Each conversation has 5 participants, so one page of 5 holds them all; asking for 50 would
// be estimated at 2,551 requests and refused by the default upstream budget (500).
const NESTED = `{ conversations(first: 50) { nodes { sid participants(first: 5) { nodes { identity user { friendlyName } } } } } }`;
const LIST = `{ conversations(first: 50) { nodes { sid friendlyName createdAt } } }`;

// ---------------------------------------------------------------- processes and /proc

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function strippedEnv(): NodeJS.ProcessEnv {
  // None of the shell's settings of this project (Twilio, the emulator, the gateway's policy,
  // REDIS_URL, OTEL_*) may reach a child: each is measured as the bench configures it.
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!isProjectVariable(name)) env[name] = value;
  }
  return env;
}

const clockTick = 100; // USER_HZ: Linux reports utime/stime in 1/100 s on every mainstream build.

/** CPU milliseconds (user + system) the process has used so far. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name, which may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTick;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.delete(child);
}

// ---------------------------------------------------------------- builds

interface Tree {
  readonly label: string;
  readonly root: string;
  readonly commit: string;
}

/** A process that serves POST /graphql: node, in `cwd`, with these arguments and settings. */
interface Command {
  readonly cwd: string;
  readonly nodeArgs: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

/** One gateway the bench measures: a tree's own build, or the stack floor. */
interface Subject {
  readonly label: string;
  readonly commit: string;
  /** Its folder under --profile. */
  readonly profileName: string;
  readonly command: (emulator: Emulator, port: number) => Command;
}

/** A tree's gateway as it runs in production (the Dockerfile's command and settings). */
function treeGateway(tree: Tree): Subject {
  return {
    label: tree.label,
    commit: tree.commit,
    profileName: tree.commit,
    command: (emulator, port) => ({
      cwd: tree.root,
      nodeArgs: ['dist/src/server/main.js'],
      env: {
        ...strippedEnv(),
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        TWILIO_CHAT_BASE_URL: emulator.baseUrls.chat,
        TWILIO_IP_MESSAGING_BASE_URL: emulator.baseUrls.ipMessaging,
        TWILIO_CONVERSATIONS_BASE_URL: emulator.baseUrls.conversations,
      },
    }),
  };
}

/**
 * bench/floor-gateway.ts of this tree linked into one module the way scripts/bundle-gateway.ts
 * links the gateway (graphql left a package import, whitespace and syntax minified), so its
 * start-up and RSS are not tsx's (its loader thread alone holds about 30 MB). Written to a temp
 * folder (removed at exit) beside a link to this tree's node_modules, where graphql resolves;
 * the gateway's build is not used.
 */
async function buildFloor(current: Tree): Promise<string> {
  const dir = mkdtempSync(join(os.tmpdir(), 'gateway-bench-floor-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  symlinkSync(join(current.root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const outfile = join(dir, 'floor-gateway.mjs');
  await esbuild({
    ...nodeModuleLinkOptions,
    entryPoints: [join(current.root, 'bench/floor-gateway.ts')],
    outfile,
    external: ['graphql'],
  });
  return outfile;
}

/** The stack floor: bench/floor-gateway.ts, as buildFloor linked it. */
function floorGateway(current: Tree, module: string): Subject {
  return {
    label: 'floor',
    commit: current.commit,
    profileName: 'floor',
    command: (emulator, port) => ({
      cwd: current.root,
      nodeArgs: [module],
      env: {
        ...strippedEnv(),
        NODE_ENV: 'production',
        PORT: String(port),
        TWILIO_CONVERSATIONS_BASE_URL: emulator.baseUrls.conversations,
        TWILIO_ACCOUNT_SID: emulator.accountSid,
        TWILIO_AUTH_TOKEN: emulator.authToken,
      },
    }),
  };
}

async function build(root: string): Promise<void> {
  const started = performance.now();
  // The tree's own `npm run build`, as the Dockerfile runs it (tsc, then whatever that tree adds).
  await run('npm', ['run', 'build', '--silent'], { cwd: root });
  console.error(`built ${root} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function commitOf(root: string, ref = 'HEAD'): Promise<string> {
  const { stdout } = await run('git', ['rev-parse', '--short', ref], { cwd: root });
  return stdout.trim();
}

/** This tree's commit, marked when the working tree differs from it. */
async function describeTree(root: string): Promise<string> {
  const { stdout } = await run('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: root,
  });
  return `${await commitOf(root)}${stdout.trim() === '' ? '' : '+changes'}`;
}

/** Whether every package the `ref` lock file installs is installed here at the same version. */
function lockSubsetOf(refLock: string, ownLock: string): boolean {
  type Lock = { packages?: Record<string, { version?: string }> };
  const read = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as Lock).packages ?? {};
  const own = read(ownLock);
  return Object.entries(read(refLock)).every(
    ([path, meta]) => path === '' || own[path]?.version === meta.version,
  );
}

/** A worktree of `ref` in a temp folder with node_modules and a build; removed at exit. */
async function prepareRef(ref: string): Promise<Tree> {
  const commit = await commitOf(repoRoot, `${ref}^{commit}`).catch(() =>
    usageError(`--compare: ${ref} is not a commit here`),
  );
  const dir = mkdtempSync(join(os.tmpdir(), `gateway-bench-${commit}-`));
  await run('git', ['worktree', 'add', '--detach', dir, commit], { cwd: repoRoot });
  process.on('exit', () => {
    try {
      // Synchronous at exit; a failure leaves a folder `git worktree prune` clears.
      execFileSync('git', ['worktree', 'remove', '--force', dir], {
        cwd: repoRoot,
        stdio: 'ignore',
      });
    } catch {
      /* nothing left to do */
    }
  });
  if (lockSubsetOf(join(dir, 'package-lock.json'), join(repoRoot, 'package-lock.json'))) {
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  } else {
    console.error(`${ref}: its lock file names packages this tree lacks, running npm ci`);
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir });
  }
  await build(dir);
  return { label: ref, root: dir, commit };
}

// ---------------------------------------------------------------- emulator

interface Emulator {
  readonly child: ChildProcess;
  readonly url: string;
  readonly baseUrls: { chat: string; ipMessaging: string; conversations: string };
  readonly accountSid: string;
  readonly authToken: string;
}

interface RequestLog {
  readonly total: number;
  readonly peakInFlight: number;
}

async function startEmulator(): Promise<Emulator> {
  const child = spawn(
    process.execPath,
    [
      'dist/src/emulator/main.js',
      '--port',
      '0',
      '--users-per-service',
      String(settings.users),
      '--conversations-per-service',
      '0',
      '--messages-per-conversation',
      '0',
      '--public-channels-per-service',
      '0',
      '--no-webhooks',
    ],
    { cwd: repoRoot, env: strippedEnv(), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.add(child);
  const output = await new Promise<string>((resolveUrl, reject) => {
    let text = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('Admin API:')) resolveUrl(text);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
  });
  const field = (name: string) => new RegExp(`${name}:\\s+(\\S+)`).exec(output)?.[1] ?? '';
  const url = /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
  const accountSid = field('Account SID');
  const authToken = field('Auth Token');
  const about = (await (await fetch(`${url}/__emulator`)).json()) as {
    baseUrls: Emulator['baseUrls'];
  };
  return { child, url, baseUrls: about.baseUrls, accountSid, authToken };
}

async function twilio(emulator: Emulator, url: string, form?: Record<string, string>) {
  const response = await fetch(
    url.startsWith('http') ? url : `${emulator.baseUrls.conversations}${url}`,
    {
      method: form ? 'POST' : 'GET',
      headers: {
        authorization: `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString('base64')}`,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    },
  );
  if (!response.ok) throw new Error(`emulator ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Conversations whose participants cycle through every user: (c·P + p) mod U. */
async function seed(emulator: Emulator): Promise<void> {
  const identities: string[] = [];
  for (let page: string | null = '/v1/Users?PageSize=50'; page !== null;) {
    const listed = await twilio(emulator, page);
    identities.push(...(listed.users as { identity: string }[]).map((u) => u.identity));
    page = (listed.meta as { next_page_url: string | null }).next_page_url;
  }
  if (identities.length !== settings.users) throw new Error('the emulator seeded other users');
  for (let c = 0; c < settings.conversations; c += 1) {
    const conversation = await twilio(emulator, '/v1/Conversations', {
      FriendlyName: `Bench ${c + 1}`,
    });
    await Promise.all(
      Array.from({ length: settings.participantsPerConversation }, (_, p) =>
        twilio(emulator, `/v1/Conversations/${String(conversation.sid)}/Participants`, {
          Identity:
            identities[(c * settings.participantsPerConversation + p) % identities.length] ?? '',
        }),
      ),
    );
  }
}

async function admin(emulator: Emulator, method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    ...(body !== undefined
      ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
      : {}),
  });
  return response.status === 204 ? null : ((await response.json()) as unknown);
}

const setLatency = (emulator: Emulator, fixedMs: number) =>
  admin(emulator, 'PUT', '/latency', { fixedMs, jitterMs: 0 });
const clearLog = (emulator: Emulator) => admin(emulator, 'DELETE', '/requests');
const readLog = async (emulator: Emulator) =>
  (await admin(emulator, 'GET', '/requests')) as RequestLog;

// ---------------------------------------------------------------- gateway

interface Gateway {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly pool: Pool;
  readonly startupMs: number;
}

interface GraphQLAnswer {
  readonly data?: { conversations?: { nodes: ConversationNode[] } };
  readonly errors?: unknown[];
  readonly extensions?: { upstream?: { requests: number } };
}

interface ConversationNode {
  readonly sid: string;
  readonly participants?: { nodes: { identity: string; user: { friendlyName: string } | null }[] };
}

async function post(pool: Pool, query: string): Promise<GraphQLAnswer> {
  const response = await pool.request({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const answer = (await response.body.json()) as GraphQLAnswer;
  if (response.statusCode !== 200 || answer.errors !== undefined) {
    throw new Error(`gateway answered ${response.statusCode}: ${JSON.stringify(answer.errors)}`);
  }
  return answer;
}

async function startGateway(subject: Subject, emulator: Emulator): Promise<Gateway> {
  const port = await freePort();
  const { cwd, nodeArgs, env } = subject.command(emulator, port);
  const profile =
    values.profile === undefined
      ? []
      : ['--cpu-prof', '--cpu-prof-dir', resolve(values.profile, subject.profileName)];
  const node = [process.execPath, ...profile, ...nodeArgs];
  const [command, ...args] =
    settings.cpu === null ? node : ['taskset', '-c', String(settings.cpu), ...node];
  const started = performance.now();
  const child = spawn(command ?? process.execPath, args, {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: settings.connections });
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`gateway ${subject.label} exited (${child.exitCode})`);
    const failure = await post(pool, LIST).then(
      () => null,
      (error: unknown) => error,
    );
    if (failure === null) break;
    if (performance.now() - started > 30_000) {
      throw new Error(`gateway ${subject.label} never answered: ${String(failure)}`);
    }
    await sleep(20);
  }
  return { child, pid: child.pid ?? 0, pool, startupMs: performance.now() - started };
}

// ---------------------------------------------------------------- scenarios

interface Scenario {
  readonly twilioRequestsPerQuery: number;
  readonly maxInFlight: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuMsPerRequest: number;
  readonly requestsPerSecond: number;
  readonly rssLoadMb: number;
}

/** Samples RSS every 100 ms while `work` runs; the peak. */
async function withRssPeak<T>(pid: number, work: () => Promise<T>): Promise<[T, number]> {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  try {
    return [await work(), Math.max(peak, rssMb(pid))];
  } finally {
    clearInterval(timer);
  }
}

function checkNested(answer: GraphQLAnswer): void {
  const conversations = answer.data?.conversations?.nodes ?? [];
  const participants = conversations.flatMap((c) => c.participants?.nodes ?? []);
  const users = new Set(participants.map((p) => p.identity));
  const expected = settings.conversations * settings.participantsPerConversation;
  if (
    conversations.length !== settings.conversations ||
    participants.length !== expected ||
    users.size !== settings.users ||
    participants.some((p) => typeof p.user?.friendlyName !== 'string')
  ) {
    throw new Error('the nested read answered other data than seeded');
  }
}

async function nested(gateway: Gateway, emulator: Emulator): Promise<Scenario> {
  await setLatency(emulator, settings.latencyMs);
  // Warm-up also lets the adaptive concurrency limit climb to what the query needs.
  for (let i = 0; i < Math.max(1, settings.warmup); i += 1)
    checkNested(await post(gateway.pool, NESTED));
  await clearLog(emulator);
  const durations: number[] = [];
  const cpuBefore = cpuMs(gateway.pid);
  const [, rssLoadMb] = await withRssPeak(gateway.pid, async () => {
    for (let i = 0; i < settings.iterations; i += 1) {
      const started = performance.now();
      await post(gateway.pool, NESTED);
      durations.push(performance.now() - started);
    }
  });
  const cpu = cpuMs(gateway.pid) - cpuBefore;
  const log = await readLog(emulator);
  const sorted = durations.sort((x, y) => x - y);
  const total = sorted.reduce((sum, d) => sum + d, 0);
  return {
    twilioRequestsPerQuery: log.total / settings.iterations,
    maxInFlight: log.peakInFlight,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    cpuMsPerRequest: cpu / settings.iterations,
    requestsPerSecond: (settings.iterations * 1000) / total,
    rssLoadMb,
  };
}

/** `connections` loops of back-to-back list queries for `seconds`. */
async function load(
  gateway: Gateway,
  seconds: number,
  durations: number[] | null,
): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let served = 0;
  await Promise.all(
    Array.from({ length: settings.connections }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        await post(gateway.pool, LIST);
        durations?.push(performance.now() - started);
        served += 1;
      }
    }),
  );
  return served;
}

async function list(gateway: Gateway, emulator: Emulator): Promise<Scenario> {
  await setLatency(emulator, 0);
  const first = await post(gateway.pool, LIST);
  if (first.data?.conversations?.nodes.length !== settings.conversations) {
    throw new Error('the list answered other data than seeded');
  }
  if (settings.warmup > 0) await load(gateway, settings.warmup, null);
  await clearLog(emulator);
  const durations: number[] = [];
  const cpuBefore = cpuMs(gateway.pid);
  const started = performance.now();
  const [served, rssLoadMb] = await withRssPeak(gateway.pid, () =>
    load(gateway, settings.seconds, durations),
  );
  const elapsed = performance.now() - started;
  const cpu = cpuMs(gateway.pid) - cpuBefore;
  const log = await readLog(emulator);
  const sorted = durations.sort((x, y) => x - y);
  return {
    twilioRequestsPerQuery: log.total / served,
    maxInFlight: log.peakInFlight,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    cpuMsPerRequest: cpu / served,
    requestsPerSecond: (served * 1000) / elapsed,
    rssLoadMb,
  };
}

interface TreeResult {
  readonly label: string;
  readonly commit: string;
  readonly startupMs: number;
  readonly rssIdleMb: number;
  readonly nested: Scenario;
  readonly list: Scenario;
}

async function measure(subject: Subject): Promise<TreeResult> {
  const emulator = await startEmulator();
  try {
    await seed(emulator);
    const gateway = await startGateway(subject, emulator);
    try {
      await sleep(1_000);
      const rssIdleMb = rssMb(gateway.pid);
      const nestedResult = await nested(gateway, emulator);
      const listResult = await list(gateway, emulator);
      return {
        label: subject.label,
        commit: subject.commit,
        startupMs: gateway.startupMs,
        rssIdleMb,
        nested: nestedResult,
        list: listResult,
      };
    } finally {
      await gateway.pool.close();
      await stopChild(gateway.child);
    }
  } finally {
    await stopChild(emulator.child);
  }
}

// ---------------------------------------------------------------- profiles

interface CpuProfile {
  readonly nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Where a sampled function lives: a package, a folder of this project, node or V8. */
function categoryOf(functionName: string, url: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : `native ${functionName}`;
  if (url.startsWith('node:')) return url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg !== undefined) return pkg;
  const own = /\/dist\/(src\/[^/]+)\//.exec(url)?.[1];
  if (own !== undefined) return own;
  // The floor's one module holds Apollo, DataLoader and undici as well as its own code.
  return url.endsWith('/floor-gateway.mjs') ? 'floor-gateway.mjs (bundle)' : 'other';
}

/** Self time by category and the top functions of every profile in `dir`, as text. */
function summarizeProfiles(dir: string): string {
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    profile.samples.forEach((id, i) => {
      const frame = frames.get(id);
      const us = profile.timeDeltas[i] ?? 0;
      if (frame === undefined) return;
      total += us;
      const category = categoryOf(frame.functionName, frame.url);
      byCategory.set(category, (byCategory.get(category) ?? 0) + us);
      const where = frame.url.replace(/^.*\/(node_modules|dist|gateway-bench-floor-[^/]+)\//, '');
      const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    });
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((x, y) => y[1] - x[1])
      .slice(0, n)
      .map(([name, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`);
  return [
    `self time by category (${(total / 1e6).toFixed(1)} s sampled):`,
    ...top(byCategory, 20),
    'top functions:',
    ...top(byFunction, 25),
  ].join('\n');
}

// ---------------------------------------------------------------- report

function median(numbers: readonly number[]): number {
  const sorted = [...numbers].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** Each figure's median over the rounds of one tree. */
function medianResult(all: readonly TreeResult[]): TreeResult {
  const [first] = all;
  if (first === undefined) throw new Error('no rounds measured');
  const scenario = (pick: (r: TreeResult) => Scenario): Scenario => {
    const keys = Object.keys(pick(first)) as (keyof Scenario)[];
    return Object.fromEntries(
      keys.map((key) => [key, median(all.map((r) => pick(r)[key]))]),
    ) as unknown as Scenario;
  };
  return {
    label: first.label,
    commit: first.commit,
    startupMs: median(all.map((r) => r.startupMs)),
    rssIdleMb: median(all.map((r) => r.rssIdleMb)),
    nested: scenario((r) => r.nested),
    list: scenario((r) => r.list),
  };
}

const rows: [string, (r: TreeResult) => number, number][] = [
  ['start-up to first answer, ms', (r) => r.startupMs, 0],
  ['RSS idle, MB', (r) => r.rssIdleMb, 0],
  ['(a) Twilio requests / query', (r) => r.nested.twilioRequestsPerQuery, 0],
  ['(a) max Twilio in flight', (r) => r.nested.maxInFlight, 0],
  ['(a) wall p50, ms', (r) => r.nested.p50Ms, 1],
  ['(a) wall p99, ms', (r) => r.nested.p99Ms, 1],
  ['(a) gateway CPU / query, ms', (r) => r.nested.cpuMsPerRequest, 2],
  ['(a) queries/s (one at a time)', (r) => r.nested.requestsPerSecond, 1],
  ['(a) RSS under load, MB', (r) => r.nested.rssLoadMb, 0],
  ['(b) Twilio requests / query', (r) => r.list.twilioRequestsPerQuery, 2],
  ['(b) max Twilio in flight', (r) => r.list.maxInFlight, 0],
  ['(b) wall p50, ms', (r) => r.list.p50Ms, 2],
  ['(b) wall p99, ms', (r) => r.list.p99Ms, 2],
  ['(b) gateway CPU / request, ms', (r) => r.list.cpuMsPerRequest, 3],
  ['(b) req/s', (r) => r.list.requestsPerSecond, 0],
  ['(b) RSS under load, MB', (r) => r.list.rssLoadMb, 0],
];

/**
 * One column per tree (the base first), `ratio` (this tree ÷ base) with --compare, then with
 * --floor the floor and `×floor` (this tree ÷ floor).
 */
function table(trees: readonly TreeResult[], floor: TreeResult | null): string {
  const current = trees.at(-1);
  const base = trees.length === 2 ? trees[0] : undefined;
  const head = ['', ...trees.map((r) => `${r.label} (${r.commit})`)];
  if (base) head.push('ratio');
  if (floor) head.push('floor', '×floor');
  const body = rows.map(([name, read, digits]) => {
    const cells = [name, ...trees.map((r) => read(r).toFixed(digits))];
    if (base && current) cells.push((read(current) / read(base)).toFixed(2));
    if (floor && current) {
      cells.push(read(floor).toFixed(digits));
      cells.push((read(current) / read(floor)).toFixed(2));
    }
    return cells;
  });
  const widths = head.map((_, i) =>
    Math.max(...[head, ...body].map((cells) => (cells[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') usageError('reads the gateway CPU from /proc: Linux only');
  const current: Tree = {
    label: 'this tree',
    root: repoRoot,
    commit: await describeTree(repoRoot),
  };
  if (values['no-build'] !== true) await build(repoRoot);
  // The emulator runs from this tree's build, whichever gateway it serves.
  if (!existsSync(join(repoRoot, 'dist/src/server/main.js')))
    usageError('no dist/: run without --no-build');
  const trees =
    values.compare === undefined ? [current] : [await prepareRef(values.compare), current];
  const floorSubject =
    values.floor === true ? floorGateway(current, await buildFloor(current)) : null;
  // Each subject with the rounds measured of it; the floor's are kept apart from the trees'.
  const measured = [...trees.map(treeGateway), ...(floorSubject ? [floorSubject] : [])].map(
    (subject) => ({ subject, rounds: [] as TreeResult[] }),
  );
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const { subject, rounds } of measured) {
      console.error(
        `round ${round}/${settings.rounds}: measuring ${subject.label} (${subject.commit})…`,
      );
      rounds.push(await measure(subject));
    }
  }
  const treeRounds = measured.filter((m) => m.subject !== floorSubject).map((m) => m.rounds);
  const floorRounds = measured.find((m) => m.subject === floorSubject)?.rounds ?? null;
  const results = treeRounds.map(medianResult);
  const floor = floorRounds ? medianResult(floorRounds) : null;
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(
    outFile,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
        settings,
        results,
        rounds: treeRounds,
        ...(floor ? { floor: { result: floor, rounds: floorRounds } } : {}),
      },
      null,
      2,
    )}\n`,
  );
  console.log(table(results, floor));
  console.log(`\n${outFile}`);
  if (values.profile !== undefined) {
    for (const { subject } of measured) {
      console.log(`\n${subject.label} (${subject.commit}) profile:`);
      console.log(summarizeProfiles(resolve(values.profile, subject.profileName)));
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:gateway: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
