/**
 * A gateway replica as its own process (`node --import tsx src/server/main.ts`), in front of a
 * standalone emulator, with the environment given here only: the shell's is never passed on
 * beyond what every test process carries (the network guard, NO_PROXY).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { isProjectVariable } from './hermetic-env.js';

export interface Replica {
  readonly url: string;
  readonly graphqlUrl: string;
  readonly wsUrl: string;
  readonly webhookUrl: string;
  /** Every JSON log line so far. */
  readonly logs: readonly Record<string, unknown>[];
  stop(): Promise<void>;
  /** Ends the process the hard way (SIGKILL), as a crash would: nothing is released. */
  kill(): Promise<void>;
}

export function emulatorEnvironment(emulator: RunningEmulator): Record<string, string> {
  return {
    TWILIO_CHAT_BASE_URL: emulator.baseUrls.chat,
    TWILIO_IP_MESSAGING_BASE_URL: emulator.baseUrls.ipMessaging,
    TWILIO_CONVERSATIONS_BASE_URL: emulator.baseUrls.conversations,
  };
}

export async function startReplica(env: Record<string, string>): Promise<Replica> {
  const base: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!isProjectVariable(name)) base[name] = value;
  }
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: process.cwd(),
    env: { ...base, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === 'gateway listening') resolve(String(entry.url));
    });
    void exited.then(() => reject(new Error(`replica exited early: ${stderr}`)));
  });
  const origin = url.replace(/\/$/, '');
  return {
    url,
    graphqlUrl: `${origin}/graphql`,
    wsUrl: `${origin.replace(/^http/, 'ws')}/graphql`,
    webhookUrl: `${origin}/webhooks/twilio`,
    logs,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
