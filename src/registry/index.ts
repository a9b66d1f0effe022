/**
 * The Twilio operation registry: one record per REST operation of Chat v1/v2/v3 and
 * Conversations v1, generated from Twilio's OpenAPI documents (see scripts/generate-registry.ts).
 * It drives the client's typed calls, the emulator's routing and validation, and coverage tests.
 */
import { ipMessagingDifferences, operations } from '../generated/registry.js';
import type { HostProduct, OperationSpec, Product } from './types.js';

export type * from './types.js';
export { ipMessagingDifferences, operations };

const byId = new Map(operations.map((op) => [op.id, op]));

/** Every operation id, in registry order. */
export const operationIds: readonly string[] = operations.map((op) => op.id);

export function findOperation(id: string): OperationSpec | undefined {
  return byId.get(id);
}

export function getOperation(id: string): OperationSpec {
  const op = byId.get(id);
  if (!op) throw new Error(`Unknown Twilio operation id: ${id}`);
  return op;
}

/** Hosts that serve a product's API versions. IP Messaging v2 mirrors Chat v2. */
export const hostsOf: Readonly<Record<Product, readonly HostProduct[]>> = {
  chat: ['chat', 'ip-messaging'],
  conversations: ['conversations'],
};

/** Whether `host` serves `op` (ip-messaging serves only the v2 Chat operations). */
export function hostServes(host: HostProduct, op: OperationSpec): boolean {
  if (host === 'ip-messaging') return op.product === 'chat' && op.version === 'v2';
  return host === op.product;
}

/** Header parameters of `op` as served on `host` (IP Messaging lacks one header on one operation). */
export function headerParamsOn(
  host: HostProduct,
  op: OperationSpec,
): OperationSpec['headerParams'] {
  if (host !== 'ip-messaging') return op.headerParams;
  const missing = ipMessagingDifferences.find((d) => d.operationId === op.id)?.missingHeaderParams;
  return missing ? op.headerParams.filter((p) => !missing.includes(p.name)) : op.headerParams;
}

/**
 * Chat v1's per-event service webhooks (`OnMessageSend`, …), as the `Webhooks.On{Event}.Url`
 * parameters of `chat.v1.UpdateService` name them, in the registry's order.
 */
export const chatV1ServiceHookEvents: readonly string[] = getOperation(
  'chat.v1.UpdateService',
).bodyParams.flatMap((param) => {
  const event = /^Webhooks\.(On\w+)\.Url$/.exec(param.name)?.[1];
  return event ? [event] : [];
});
