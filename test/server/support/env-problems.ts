import { expect } from 'vitest';
import { loadServerEnv, ServerEnvError } from '../../../src/server/env.js';

/** The start-up refusal `env` gets from loadServerEnv (fails the test if it is accepted). */
export function problemsOf(env: Record<string, string>): string {
  try {
    loadServerEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ServerEnvError);
    return (error as Error).message;
  }
  throw new Error('expected the environment to be refused');
}
