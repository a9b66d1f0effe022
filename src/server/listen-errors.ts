/**
 * Turns a failure to listen that HOST caused into a message naming HOST. Like every message
 * about a variable it names the variable, not its value.
 */
import { ServerEnvError } from './env.js';

const instead =
  'use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or an address of this machine';

/** A ServerEnvError naming HOST when `error` came from listening on `host`; otherwise null. */
export function hostProblem(error: unknown, host: string): ServerEnvError | null {
  if (!(error instanceof Error)) return null;
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (code === 'EADDRNOTAVAIL' && syscall === 'listen') {
    return new ServerEnvError([`HOST is not an address of this machine (${code}); ${instead}`]);
  }
  // A name is looked up before listening; Node's lookup error carries the name it asked for.
  if (syscall === 'getaddrinfo' && Reflect.get(error, 'hostname') === host) {
    return new ServerEnvError([
      `HOST does not resolve to an address (${String(code)}); ${instead}`,
    ]);
  }
  return null;
}
