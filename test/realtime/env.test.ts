/** The live-update settings: defaults, values, and refusals that name the variable. */
import { describe, expect, it } from 'vitest';
import { loadRealtimeEnv } from '../../src/server/realtime/index.js';

describe('live-update environment', () => {
  it('defaults: 100 subscriptions per identity, webhook-enabled writes on', () => {
    const env = loadRealtimeEnv({});
    expect(env.subscriptionsPerIdentity).toBe(100);
    expect(env.webhookEnabledWrites).toBe(true);
  });

  it('reads GATEWAY_SUBSCRIPTIONS_PER_IDENTITY and GATEWAY_WEBHOOK_ENABLED_WRITES', () => {
    const env = loadRealtimeEnv({
      GATEWAY_SUBSCRIPTIONS_PER_IDENTITY: '7',
      GATEWAY_WEBHOOK_ENABLED_WRITES: 'FALSE',
    });
    expect(env.subscriptionsPerIdentity).toBe(7);
    expect(env.webhookEnabledWrites).toBe(false);
  });

  it('refuses malformed values, naming the variable and not echoing the value', () => {
    expect(() => loadRealtimeEnv({ GATEWAY_SUBSCRIPTIONS_PER_IDENTITY: '0' })).toThrow(
      'GATEWAY_SUBSCRIPTIONS_PER_IDENTITY must be a whole number from 1 to 100000',
    );
    let message = '';
    try {
      loadRealtimeEnv({ GATEWAY_WEBHOOK_ENABLED_WRITES: 'sometimes' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('GATEWAY_WEBHOOK_ENABLED_WRITES must be true or false');
    expect(message).not.toContain('sometimes');
  });
});
