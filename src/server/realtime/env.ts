/**
 * The live-update settings, read once at start from the variables `env.ts` collected (this file
 * never touches `process.env`). Messages name the variable, never its value.
 */
import { z } from 'zod';
import { envError } from '../env.js';

export interface RealtimeEnv {
  /**
   * `GATEWAY_PUBLIC_URL`: the gateway's address as Twilio calls it (scheme, host, optional port
   * and path prefix), which behind a proxy differs from the listening address. Webhook
   * signatures are computed over it plus `/webhooks/twilio`. Unset: the listening address.
   */
  readonly publicUrl: string | undefined;
  /**
   * `GATEWAY_WEBHOOK_AUTH_TOKEN`: the Auth Token that signs the account's webhooks, needed when
   * the gateway calls Twilio with an API key (an API key secret signs nothing). Unset: the
   * `TWILIO_AUTH_TOKEN` the gateway uses.
   */
  readonly webhookAuthToken: string | undefined;
  /** `GATEWAY_SUBSCRIPTIONS_PER_CONNECTION` (default 25). */
  readonly subscriptionsPerConnection: number;
  /** `GATEWAY_SUBSCRIPTION_BUFFER`: events waiting per subscriber before it is closed (default 100). */
  readonly bufferSize: number;
  /**
   * `GATEWAY_SUBSCRIPTIONS_PER_IDENTITY` (default 100): subscriptions one token identity may
   * hold over all its connections and transports.
   */
  readonly subscriptionsPerIdentity: number;
  /**
   * `GATEWAY_WEBHOOK_ENABLED_WRITES` (default true): the graph's writes send
   * `X-Twilio-Webhook-Enabled: true` unless a mutation says `webhookEnabled: false`, so they
   * produce the events subscriptions deliver. `false`: only when a mutation asks.
   */
  readonly webhookEnabledWrites: boolean;
}

const count = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, { error: `must be a whole number from 1 to ${max}` })
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, { error: `must be a whole number from 1 to ${max}` });

const schema = z.object({
  GATEWAY_PUBLIC_URL: z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return (
            (url.protocol === 'https:' || url.protocol === 'http:') &&
            url.username === '' &&
            url.password === '' &&
            url.search === '' &&
            url.hash === ''
          );
        } catch {
          return false;
        }
      },
      { error: 'must be an absolute http(s) URL without credentials, query or fragment' },
    )
    .optional(),
  GATEWAY_WEBHOOK_AUTH_TOKEN: z
    .string()
    .trim()
    .regex(/^\S{16,128}$/, { error: 'must be an Auth Token (16 to 128 characters, no spaces)' })
    .optional(),
  GATEWAY_SUBSCRIPTIONS_PER_CONNECTION: count(1000).default(25),
  GATEWAY_SUBSCRIPTION_BUFFER: count(100_000).default(100),
  GATEWAY_SUBSCRIPTIONS_PER_IDENTITY: count(100_000).default(100),
  GATEWAY_WEBHOOK_ENABLED_WRITES: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false'], { error: 'must be true or false' }))
    .transform((value) => value === 'true')
    .default(true),
});

export function loadRealtimeEnv(
  variables: Readonly<Record<string, string | undefined>>,
): RealtimeEnv {
  const parsed = schema.safeParse({
    GATEWAY_PUBLIC_URL: variables.GATEWAY_PUBLIC_URL,
    GATEWAY_WEBHOOK_AUTH_TOKEN: variables.GATEWAY_WEBHOOK_AUTH_TOKEN,
    GATEWAY_SUBSCRIPTIONS_PER_CONNECTION: variables.GATEWAY_SUBSCRIPTIONS_PER_CONNECTION,
    GATEWAY_SUBSCRIPTION_BUFFER: variables.GATEWAY_SUBSCRIPTION_BUFFER,
    GATEWAY_SUBSCRIPTIONS_PER_IDENTITY: variables.GATEWAY_SUBSCRIPTIONS_PER_IDENTITY,
    GATEWAY_WEBHOOK_ENABLED_WRITES: variables.GATEWAY_WEBHOOK_ENABLED_WRITES,
  });
  if (!parsed.success) throw envError(parsed.error);
  const e = parsed.data;
  return {
    publicUrl: e.GATEWAY_PUBLIC_URL?.replace(/\/+$/, ''),
    webhookAuthToken: e.GATEWAY_WEBHOOK_AUTH_TOKEN,
    subscriptionsPerConnection: e.GATEWAY_SUBSCRIPTIONS_PER_CONNECTION,
    bufferSize: e.GATEWAY_SUBSCRIPTION_BUFFER,
    subscriptionsPerIdentity: e.GATEWAY_SUBSCRIPTIONS_PER_IDENTITY,
    webhookEnabledWrites: e.GATEWAY_WEBHOOK_ENABLED_WRITES,
  };
}
