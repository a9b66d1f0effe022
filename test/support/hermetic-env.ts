/**
 * The environment of every test process, the same whatever the developer's shell exports. A
 * Twilio user usually has TWILIO_* credentials set; the suite must neither read them (a test
 * would see the shell's account instead of the emulator's) nor send them anywhere.
 *
 * Both vitest configs call `scrubShellEnvironment(process.env)` while they load, before vitest
 * forks a worker and before Vite reads NODE_ENV, and pass `testProcessEnvironment()` as
 * `test.env`. Workers inherit the result, and so do the processes tests start with
 * `{ ...process.env }`; tests that want a variable set pass it to the child themselves.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * What this project (and the libraries it drives) read: Twilio's names, the graph's routing, the
 * server's own policy, the emulator's settings, and the standard service variables.
 */
const projectVariable =
  /^(TWILIO_|GRAPH_|GATEWAY_|EMULATOR_|OTEL_|APOLLO_)|^(HOST|PORT|LOG_LEVEL|NODE_ENV|REDIS_URL)$/;

export function isProjectVariable(name: string): boolean {
  return projectVariable.test(name);
}

/** Deletes every project variable from `env`; NODE_ENV becomes `test`, as in a clean shell. */
export function scrubShellEnvironment(env: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(env)) {
    if (isProjectVariable(name)) delete env[name];
  }
  // What vitest sets when the shell has none; Vite resolves `production` conditions otherwise.
  env.NODE_ENV = 'test';
}

const networkGuard = pathToFileURL(fileURLToPath(new URL('./network-guard.mjs', import.meta.url)));

/** Added to the environment of every vitest worker, and so of every process a test starts. */
export function testProcessEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    // Every test server listens on loopback; no proxy may stand in between.
    NO_PROXY: '*',
    // The network guard in every Node process: workers, and the servers and CLIs tests start.
    NODE_OPTIONS: [env.NODE_OPTIONS, `--import=${networkGuard.href}`].filter(Boolean).join(' '),
    // `npx` in a test must not ask the registry whether npm is current.
    npm_config_update_notifier: 'false',
  };
}
