/**
 * The emulator's domain layer: one shared store behind every Chat / IP Messaging /
 * Conversations operation, with a handler for each of the registry's operation ids.
 */
import { ErrorCode, twilioError } from '../codes.js';
import type {
  DomainOptions,
  EmulatorDomain,
  OperationHandler,
  WebhookDelivery,
} from '../contract.js';
import { operations } from '../../registry/index.js';
import { seedStore } from '../seed.js';
import { Store } from '../store/store.js';
import type { Clock } from '../store/time.js';
import { bindingHandlers } from './handlers/bindings.js';
import { channelHandlers } from './handlers/channels.js';
import { configurationHandlers } from './handlers/configuration.js';
import { credentialHandlers } from './handlers/credentials.js';
import { inviteHandlers } from './handlers/invites.js';
import { memberHandlers } from './handlers/members.js';
import { messageHandlers } from './handlers/messages.js';
import { roleHandlers } from './handlers/roles.js';
import { serviceHandlers } from './handlers/services.js';
import { userHandlers } from './handlers/users.js';
import { webhookHandlers } from './handlers/webhooks.js';
import { Request } from './request.js';
import type { DomainEnv } from './request.js';
import type { HandlerTable } from './results.js';

export interface DomainExtras {
  /** Milliseconds since the epoch for new records and timers (default `Date.now`). */
  readonly now?: Clock;
}

const handlerTables: readonly HandlerTable[] = [
  serviceHandlers,
  channelHandlers,
  memberHandlers,
  messageHandlers,
  userHandlers,
  roleHandlers,
  credentialHandlers,
  bindingHandlers,
  webhookHandlers,
  inviteHandlers,
  configurationHandlers,
];

const domainHandlers: HandlerTable = Object.assign({}, ...handlerTables) as HandlerTable;

/** Ids of registry operations without a domain handler (should be empty). */
export function unhandledOperationIds(): string[] {
  return operations.filter((op) => !(op.id in domainHandlers)).map((op) => op.id);
}

function buildStore(options: DomainOptions & DomainExtras): Store {
  const seed = options.seed === false ? undefined : options.seed;
  const store = new Store(
    options.accountSid,
    seed?.seed ?? 'twilio-emulator',
    options.now ?? Date.now,
  );
  if (options.seed !== false) seedStore(store, seed ?? {});
  return store;
}

export function createDomain(options: DomainOptions & DomainExtras): EmulatorDomain {
  const env: DomainEnv = { store: buildStore(options), webhooks: [] };
  const handlers: Record<string, OperationHandler> = {};
  for (const op of operations) {
    const handler = domainHandlers[op.id];
    handlers[op.id] = handler
      ? (ctx) => handler(new Request(env, ctx))
      : () => {
          throw twilioError(ErrorCode.notImplemented, `Operation ${op.id} is not implemented yet`);
        };
  }
  return {
    handlers,
    reset() {
      env.store = buildStore(options);
      env.webhooks.length = 0;
    },
    drainWebhooks(): WebhookDelivery[] {
      return env.webhooks.splice(0, env.webhooks.length);
    },
  };
}
