import { createServer } from 'node:http';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ServerEnvError } from '../../src/server/env.js';
import { hostProblem } from '../../src/server/listen-errors.js';

/** What Node reports for listening on `host` (binding sends nothing on the network). */
async function listenError(host: string): Promise<unknown> {
  const server = createServer();
  server.listen(0, host);
  const [error] = await once(server, 'error');
  return error;
}

describe('a HOST the gateway cannot listen on', () => {
  it('that no interface has is reported by variable name, not by value', async () => {
    const error = await listenError('192.0.2.1');
    expect(error).toMatchObject({ code: 'EADDRNOTAVAIL', syscall: 'listen' });
    const problem = hostProblem(error, '192.0.2.1');
    expect(problem).toBeInstanceOf(ServerEnvError);
    expect(problem?.message).toMatch(
      /^Invalid environment: HOST is not an address of this machine/,
    );
    expect(problem?.message).not.toContain('192.0.2.1');
  });

  it('that does not resolve is reported by variable name, not by value', () => {
    // Node's shape for a failed lookup (a real one would need DNS, which tests may not use).
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND gateway.example'), {
      code: 'ENOTFOUND',
      syscall: 'getaddrinfo',
      hostname: 'gateway.example',
    });
    expect(hostProblem(notFound, 'gateway.example')?.message).toBe(
      'Invalid environment: HOST does not resolve to an address (ENOTFOUND); use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or an address of this machine',
    );
  });

  it('is told apart from failures that are not about HOST', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE'), {
      code: 'EADDRINUSE',
      syscall: 'listen',
    });
    const otherLookup = Object.assign(new Error('getaddrinfo ENOTFOUND other.example'), {
      code: 'ENOTFOUND',
      syscall: 'getaddrinfo',
      hostname: 'other.example',
    });
    expect(hostProblem(inUse, '127.0.0.1')).toBeNull();
    expect(hostProblem(otherLookup, 'gateway.example')).toBeNull();
    expect(hostProblem('not an error', '127.0.0.1')).toBeNull();
  });
});
