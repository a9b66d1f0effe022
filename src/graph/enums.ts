/**
 * Twilio sends enum values in lowercase (and Chat uses other words for a few). The graph's
 * enums are UPPER_SNAKE; a value the schema does not know (Twilio adds values over time) reads
 * as null rather than failing the whole field.
 */
import type {
  AddressType,
  BindingType,
  ChannelType,
  ConversationState,
  CredentialType,
  DeliveryAmount,
  DeliveryStatus,
  MessageType,
  NotificationLevel,
  RoleType,
  WebhookMethod,
  WebhookTarget,
} from '../generated/graphql.js';

function enumOf<T extends string>(values: readonly T[], aliases: Readonly<Record<string, T>> = {}) {
  const known = new Set<string>(values);
  return (raw: string | null | undefined): T | null => {
    if (raw === null || raw === undefined) return null;
    const alias = aliases[raw.toLowerCase()];
    if (alias) return alias;
    const upper = raw.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
    return known.has(upper) ? (upper as T) : null;
  };
}

/** Graph enum value → Twilio's wire value (for filters). */
export function toWire(value: string): string {
  return value.toLowerCase();
}

export const conversationState = enumOf<ConversationState>([
  'INITIALIZING',
  'ACTIVE',
  'INACTIVE',
  'CLOSED',
]);
export const channelType = enumOf<ChannelType>(['PUBLIC', 'PRIVATE']);
export const notificationLevel = enumOf<NotificationLevel>(['DEFAULT', 'MUTED']);
export const messageType = enumOf<MessageType>(['TEXT', 'MEDIA']);
export const deliveryAmount = enumOf<DeliveryAmount>(['ALL', 'SOME', 'NONE']);
export const deliveryStatus = enumOf<DeliveryStatus>([
  'SENT',
  'DELIVERED',
  'READ',
  'FAILED',
  'UNDELIVERED',
]);
export const roleType = enumOf<RoleType>(['CONVERSATION', 'SERVICE'], {
  channel: 'CONVERSATION',
  deployment: 'SERVICE',
});
export const webhookTarget = enumOf<WebhookTarget>(['WEBHOOK', 'TRIGGER', 'STUDIO']);
export const bindingType = enumOf<BindingType>(['APN', 'GCM', 'FCM', 'TWILSOCK']);
export const credentialType = enumOf<CredentialType>(['APN', 'GCM', 'FCM']);
export const addressType = enumOf<AddressType>([
  'SMS',
  'WHATSAPP',
  'MESSENGER',
  'GBM',
  'EMAIL',
  'RCS',
  'APPLE',
  'CHAT',
]);

/** Webhook methods are kept in upper case by the loaders whatever the API answered. */
export function webhookMethod(value: string | null): WebhookMethod | null {
  return value === 'GET' || value === 'POST' ? value : null;
}
