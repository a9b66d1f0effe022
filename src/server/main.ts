/**
 * `npm start` (and the container's command): read the environment, pick the upstream (Twilio, a
 * standalone emulator, or an embedded one), serve the gateway, print the playground URL, and shut
 * down gracefully on SIGINT/SIGTERM.
 */
import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { SharedIdempotencyStore } from '../graph/index.js';
import { isTwilioError } from '../twilio/index.js';
import type { SharedState } from '../shared-state/index.js';
import { createGateway, type Gateway } from './app.js';
import { loadServerEnv, ServerEnvError } from './env.js';
import { graphBinding } from './graph-binding.js';
import { hostProblem } from './listen-errors.js';
import { logFailure } from './guards/log.js';
import {
  persistedDocumentsVariable,
  TrustedDocumentsError,
  type PersistedDocumentsEnv,
} from './guards/trusted-documents.js';
import { loadRealtimeEnv, registerDemoWebhook } from './realtime/index.js';
import { resolveUpstream, UpstreamConfigError, type Upstream } from './upstream.js';

/** A second signal, or a drain that takes longer than this, ends the process at once. */
const shutdownDeadlineMs = 10_000;

function isConfigProblem(error: unknown): error is Error {
  return (
    error instanceof ServerEnvError ||
    error instanceof UpstreamConfigError ||
    error instanceof TrustedDocumentsError ||
    (isTwilioError(error) && error.kind === 'config')
  );
}

/** `0.0.0.0` and `::` are not addresses a browser can open; show loopback instead. */
function browsableUrl(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}

async function readManifest(setting: PersistedDocumentsEnv): Promise<string> {
  try {
    return await readFile(setting.path, 'utf8');
  } catch (error) {
    const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
    throw new TrustedDocumentsError(
      `${persistedDocumentsVariable}: the manifest file cannot be read${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
}

async function main(): Promise<void> {
  const env = loadServerEnv();
  const realtime = loadRealtimeEnv(env.variables);
  const logger = pino({
    level: env.logLevel,
    base: { pid: process.pid, service: 'twilio-chat-graphql' },
  });
  for (const warning of env.access.warnings) logger.warn(warning);
  let upstream: Upstream | null = null;
  let gateway: Gateway | null = null;
  let sharedState: SharedState | null = null;
  try {
    const persistedDocuments = env.persistedDocuments
      ? { manifest: await readManifest(env.persistedDocuments), mode: env.persistedDocuments.mode }
      : null;
    upstream = await resolveUpstream(env.variables);
    // Loaded only when asked for: one process without REDIS_URL never loads a Redis client.
    if (env.redisUrl !== null) {
      const { createSharedState } = await import('../shared-state/index.js');
      sharedState = await createSharedState({ url: env.redisUrl, logger });
    }
    const idempotency = {
      ttlMs: env.guards.idempotencyTtlSeconds * 1000,
      maxKeys: env.guards.idempotencyMaxKeys,
    };
    gateway = await createGateway({
      twilio: upstream.config,
      graph: graphBinding({
        routing: env.routing,
        defaultServiceTtlMs: env.defaultServiceTtlMs,
        idempotency,
        // With REDIS_URL, replicas share the default-service cache and the idempotency keys.
        ...(sharedState
          ? {
              sharedStore: sharedState.store,
              idempotencyStore: new SharedIdempotencyStore(sharedState.store, idempotency),
            }
          : {}),
        webhookEnabledWrites: realtime.webhookEnabledWrites,
      }),
      ...(sharedState ? { sharedState } : {}),
      host: env.host,
      port: env.port,
      guards: env.guards,
      persistedDocuments,
      logger,
      access: env.access,
      cors: env.cors,
      tracing: env.tracing,
      metricsOperationNames: env.metricsOperationNames,
      logCallerIdentity: env.logCallerIdentity,
      realtime: {
        ...(realtime.publicUrl ? { publicUrl: realtime.publicUrl } : {}),
        ...(realtime.webhookAuthToken ? { webhookAuthToken: realtime.webhookAuthToken } : {}),
        limits: {
          subscriptionsPerConnection: realtime.subscriptionsPerConnection,
          bufferSize: realtime.bufferSize,
          subscriptionsPerIdentity: realtime.subscriptionsPerIdentity,
        },
      },
    });
    // The demo service posts its events to this gateway, so subscriptions work out of the box.
    if (upstream.kind === 'embedded-emulator') await registerDemoWebhook(gateway);
  } catch (error) {
    // The gateway owns the shared state once built; before that it is closed here.
    if (gateway) await gateway.close();
    else await sharedState?.close();
    await upstream?.close();
    throw hostProblem(error, env.host) ?? error;
  }
  logger.info(
    {
      url: gateway.url,
      upstream: upstream.kind,
      routing: env.routing,
      auth: env.access.mode,
      tracing: env.tracing ? env.tracing.export.kind : 'off',
      redis: sharedState === null ? 'off' : sharedState.state(),
      ...(upstream.emulatorUrl ? { emulator: upstream.emulatorUrl } : {}),
    },
    'gateway listening',
  );
  const playground = browsableUrl(gateway.url);
  if (!env.guards.introspection) {
    // The playground needs introspection (off under NODE_ENV=production).
    console.log(
      `GraphQL endpoint (no playground without introspection): ${browsableUrl(gateway.graphqlUrl)}`,
    );
  } else {
    console.log(
      upstream.kind === 'embedded-emulator'
        ? `Playground (embedded Twilio emulator with demo data): ${playground}`
        : `Playground: ${playground}`,
    );
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal; exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, shutdownDeadlineMs).unref();
    const running = gateway;
    const source = upstream;
    void (async () => {
      try {
        await running?.close();
        await source?.close();
        logger.info('stopped');
        process.exitCode = 0;
      } catch (error) {
        logFailure(logger, 'error', error, 'shutdown failed');
        process.exitCode = 1;
      }
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (isConfigProblem(error)) {
    console.error(error.message);
  } else {
    // The message only: a stack or a cause could carry a URL or a secret.
    console.error(`Failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exitCode = 1;
});
