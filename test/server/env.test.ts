import { describe, expect, it } from 'vitest';
import { loadServerEnv } from '../../src/server/env.js';
import { problemsOf } from './support/env-problems.js';

describe('loadServerEnv', () => {
  it('defaults to 127.0.0.1:4000 at info level', () => {
    expect(loadServerEnv({})).toMatchObject({ host: '127.0.0.1', port: 4000, logLevel: 'info' });
  });

  it('treats an empty variable as unset', () => {
    expect(loadServerEnv({ HOST: ' ', PORT: '' })).toMatchObject({ host: '127.0.0.1', port: 4000 });
  });

  it('reads HOST, PORT and LOG_LEVEL', () => {
    // Off loopback the gateway refuses to start without GATEWAY_AUTH (test/server/access-env.test.ts).
    const env = { HOST: '0.0.0.0', PORT: '8080', LOG_LEVEL: 'warn', GATEWAY_AUTH: 'access-token' };
    expect(loadServerEnv(env)).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      logLevel: 'warn',
    });
  });

  it('refuses a PORT that is not a port number, naming the variable', () => {
    expect(problemsOf({ PORT: '70000' })).toBe(
      'Invalid environment: PORT must be a whole number between 0 and 65535',
    );
    expect(problemsOf({ PORT: '-1' })).toContain('PORT must be a whole number');
  });

  it('refuses an unknown LOG_LEVEL, listing the allowed ones', () => {
    expect(problemsOf({ LOG_LEVEL: 'loud' })).toBe(
      'Invalid environment: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    );
  });

  it('reports every bad variable at once without echoing values', () => {
    const message = problemsOf({ HOST: 'http://x/', PORT: 'secret-value' });
    expect(message).toContain('HOST must be a host name or IP address');
    expect(message).toContain('PORT must be a whole number');
    expect(message).not.toContain('secret-value');
  });

  it('passes the other variables through for the Twilio loader', () => {
    expect(loadServerEnv({ TWILIO_EDGE: 'sydney' }).variables.TWILIO_EDGE).toBe('sydney');
  });

  it('defaults the routing to Conversations service paths on the Chat host', () => {
    expect(loadServerEnv({})).toMatchObject({
      routing: { primaryApi: 'conversations', conversationsPaths: 'service', chatHost: 'chat' },
      defaultServiceTtlMs: 60_000,
    });
  });

  it('reads the routing and the default-service cache lifetime', () => {
    expect(
      loadServerEnv({
        GRAPH_PRIMARY_API: 'chat-v1',
        GRAPH_CONVERSATIONS_PATHS: 'default-service',
        GRAPH_CHAT_HOST: 'ip-messaging',
        GRAPH_DEFAULT_SERVICE_TTL_SECONDS: '0',
      }),
    ).toMatchObject({
      routing: {
        primaryApi: 'chat-v1',
        conversationsPaths: 'default-service',
        chatHost: 'ip-messaging',
      },
      defaultServiceTtlMs: 0,
    });
  });

  it('refuses unknown routing values, naming each variable and the allowed values', () => {
    const message = problemsOf({
      GRAPH_PRIMARY_API: 'chat-v3',
      GRAPH_CONVERSATIONS_PATHS: 'default',
      GRAPH_CHAT_HOST: 'ipm',
      GRAPH_DEFAULT_SERVICE_TTL_SECONDS: '1.5',
    });
    expect(message).toContain('GRAPH_PRIMARY_API must be one of conversations, chat-v2, chat-v1');
    expect(message).toContain('GRAPH_CONVERSATIONS_PATHS must be one of service, default-service');
    expect(message).toContain('GRAPH_CHAT_HOST must be one of chat, ip-messaging');
    expect(message).toContain('GRAPH_DEFAULT_SERVICE_TTL_SECONDS must be a whole number');
  });
});

describe('REDIS_URL', () => {
  it('is off when unset', () => {
    expect(loadServerEnv({}).redisUrl).toBeNull();
  });

  it('accepts redis:// and rediss:// URLs with a password and a database number', () => {
    expect(loadServerEnv({ REDIS_URL: 'redis://:pw@redis:6379/0' }).redisUrl).toBe(
      'redis://:pw@redis:6379/0',
    );
    expect(loadServerEnv({ REDIS_URL: 'rediss://user:pw@cache.example.com' }).redisUrl).toBe(
      'rediss://user:pw@cache.example.com',
    );
  });

  it('refuses anything else, naming the variable and never echoing the password', () => {
    for (const value of [
      'http://:hunter2secret@redis:6379',
      'redis//:hunter2secret@redis',
      'redis://:hunter2secret@redis:6379/cache',
    ]) {
      const message = problemsOf({ REDIS_URL: value });
      expect(message).toMatch(/REDIS_URL/);
      expect(message).not.toContain('hunter2secret');
    }
  });
});
