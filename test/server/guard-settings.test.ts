import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadServerEnv } from '../../src/server/env.js';
import { problemsOf } from './support/env-problems.js';
import { defaultLimits, limitVariables } from '../../src/server/guards/settings.js';

describe('GATEWAY_* limits at start', () => {
  it('defaults every limit, with introspection on outside production and Host names by bind', () => {
    expect(loadServerEnv({}).guards).toEqual({
      ...defaultLimits,
      introspection: true,
      allowedHosts: 'bind',
    });
  });

  it('reads each GATEWAY_MAX_* and timeout variable', () => {
    const env = Object.fromEntries(
      Object.values(limitVariables).map((name, i) => [name, String(100_000 + i)]),
    );
    const guards = loadServerEnv(env).guards;
    Object.keys(limitVariables).forEach((key, i) => {
      expect(guards[key as keyof typeof limitVariables], key).toBe(100_000 + i);
    });
  });

  it('refuses a limit that is not a positive whole number, naming it and not echoing it', () => {
    const message = problemsOf({
      GATEWAY_MAX_DEPTH: '0',
      GATEWAY_MAX_RESPONSE_BYTES: 'ten-megabytes',
      GATEWAY_REQUEST_TIMEOUT_MS: '1.5',
    });
    expect(message).toContain('GATEWAY_MAX_DEPTH must be at least 1');
    expect(message).toContain('GATEWAY_MAX_RESPONSE_BYTES must be a whole number');
    expect(message).toContain('GATEWAY_REQUEST_TIMEOUT_MS must be a whole number');
    expect(message).not.toContain('ten-megabytes');
  });

  it('refuses a GATEWAY_MAX_UPSTREAM_REQUESTS that is not a positive whole number, naming it', () => {
    expect(loadServerEnv({ GATEWAY_MAX_UPSTREAM_REQUESTS: '40' }).guards.maxUpstreamRequests).toBe(
      40,
    );
    expect(problemsOf({ GATEWAY_MAX_UPSTREAM_REQUESTS: 'lots' })).toBe(
      'Invalid environment: GATEWAY_MAX_UPSTREAM_REQUESTS must be a whole number',
    );
    expect(problemsOf({ GATEWAY_MAX_UPSTREAM_REQUESTS: '0' })).toContain(
      'GATEWAY_MAX_UPSTREAM_REQUESTS must be at least 1',
    );
  });

  it('refuses a header timeout longer than the whole-request timeout', () => {
    expect(
      problemsOf({ GATEWAY_HEADERS_TIMEOUT_MS: '5000', GATEWAY_BODY_TIMEOUT_MS: '1000' }),
    ).toBe(
      'Invalid environment: GATEWAY_HEADERS_TIMEOUT_MS must not exceed GATEWAY_BODY_TIMEOUT_MS',
    );
  });

  it('turns introspection off under NODE_ENV=production unless GATEWAY_INTROSPECTION=true', () => {
    expect(loadServerEnv({ NODE_ENV: 'production' }).guards.introspection).toBe(false);
    expect(
      loadServerEnv({ NODE_ENV: 'production', GATEWAY_INTROSPECTION: 'true' }).guards.introspection,
    ).toBe(true);
    expect(loadServerEnv({ GATEWAY_INTROSPECTION: 'false' }).guards.introspection).toBe(false);
    expect(problemsOf({ GATEWAY_INTROSPECTION: 'yes' })).toContain(
      'GATEWAY_INTROSPECTION must be true or false',
    );
  });

  it('reads GATEWAY_ALLOWED_HOSTS as a list, "*" for any', () => {
    expect(
      loadServerEnv({ GATEWAY_ALLOWED_HOSTS: 'Chat.Example.com, .example.org' }).guards,
    ).toMatchObject({
      allowedHosts: ['chat.example.com', '.example.org'],
    });
    expect(loadServerEnv({ GATEWAY_ALLOWED_HOSTS: '*' }).guards.allowedHosts).toBe('any');
    expect(problemsOf({ GATEWAY_ALLOWED_HOSTS: 'http://x/' })).toContain(
      'GATEWAY_ALLOWED_HOSTS must be',
    );
  });
});

describe('README Limits table', () => {
  it('lists every limit with its variable and its default', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Limits'), readme.indexOf('## How the graph'));
    for (const [key, variable] of Object.entries(limitVariables)) {
      const row = section.split('\n').find((line) => line.includes(`\`${variable}\``));
      expect(row, variable).toBeDefined();
      const cells = (row ?? '').split('|').map((cell) => cell.trim());
      expect(cells[2], variable).toMatch(
        new RegExp(`^\`${defaultLimits[key as keyof typeof defaultLimits]}\``),
      );
    }
  });
});
