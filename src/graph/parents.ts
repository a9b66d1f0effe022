/**
 * What each GraphQL object type's resolvers receive as their parent (codegen `mappers`). Most
 * entities are their loader record. Conversation and Participant may arrive partially known
 * (from a membership list that copies some fields); a missing field is then loaded by key.
 */
import type {
  ChannelRecord,
  ConversationRecord,
  ParticipantConversationRecord,
  ParticipantRecord,
  UserConversationRecord,
} from '../loaders/index.js';
import type {
  AddressConfigurationRecord,
  BindingRecord,
  CredentialRecord,
  DeliveryReceiptRecord,
  InviteRecord,
  MessageRecord,
  RoleRecord,
  ServiceRecord,
  UserRecord,
  WebhookRecord,
} from '../loaders/index.js';

export interface ConversationParent {
  readonly serviceSid: string;
  readonly sid: string;
  /** Conversations API fields already in hand; absent keys are loaded on demand. */
  readonly known: Partial<ConversationRecord>;
  /** Chat v2 record when the conversation was listed through Chat. */
  readonly channel?: ChannelRecord;
}

export interface ParticipantParent {
  readonly serviceSid: string;
  readonly conversationSid: string;
  readonly sid: string;
  readonly known: Partial<ParticipantRecord>;
}

export interface PageInfoParent {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface EdgeParent<N, I = unknown> {
  readonly cursor: string;
  readonly node: N;
  /** The listed Twilio record behind the edge (membership data for membership edges). */
  readonly item: I;
}

export interface ConnectionParent<N, I = unknown> {
  readonly edges: readonly EdgeParent<N, I>[];
  readonly pageInfo: PageInfoParent;
  readonly totalCount: number | null;
}

export function conversationParent(
  record: Partial<ConversationRecord> & Pick<ConversationRecord, 'serviceSid' | 'sid'>,
  channel?: ChannelRecord,
): ConversationParent {
  return {
    serviceSid: record.serviceSid,
    sid: record.sid,
    known: record,
    ...(channel ? { channel } : {}),
  };
}

export function participantParent(
  record: Partial<ParticipantRecord> &
    Pick<ParticipantRecord, 'serviceSid' | 'conversationSid' | 'sid'>,
): ParticipantParent {
  return {
    serviceSid: record.serviceSid,
    conversationSid: record.conversationSid,
    sid: record.sid,
    known: record,
  };
}

/** A record field as a resolver answers it: its value, or null when Twilio has none. */
export type Known<T> = NonNullable<T> | null;

export type ServiceConnectionParent = ConnectionParent<ServiceRecord>;
export type ServiceEdgeParent = EdgeParent<ServiceRecord>;
export type ConversationConnectionParent = ConnectionParent<ConversationParent, unknown>;
export type ConversationEdgeParent = EdgeParent<ConversationParent, unknown>;
export type ParticipantConnectionParent = ConnectionParent<ParticipantParent>;
export type ParticipantEdgeParent = EdgeParent<ParticipantParent>;
export type ParticipantConversationConnectionParent = ConnectionParent<
  ConversationParent,
  ParticipantConversationRecord
>;
export type ParticipantConversationEdgeParent = EdgeParent<
  ConversationParent,
  ParticipantConversationRecord
>;
export type UserConnectionParent = ConnectionParent<UserRecord>;
export type UserEdgeParent = EdgeParent<UserRecord>;
export type UserConversationConnectionParent = ConnectionParent<
  ConversationParent,
  UserConversationRecord
>;
export type UserConversationEdgeParent = EdgeParent<ConversationParent, UserConversationRecord>;
export type MessageConnectionParent = ConnectionParent<MessageRecord>;
export type MessageEdgeParent = EdgeParent<MessageRecord>;
export type RoleConnectionParent = ConnectionParent<RoleRecord>;
export type RoleEdgeParent = EdgeParent<RoleRecord>;
export type InviteConnectionParent = ConnectionParent<InviteRecord>;
export type InviteEdgeParent = EdgeParent<InviteRecord>;
export type WebhookConnectionParent = ConnectionParent<WebhookRecord>;
export type WebhookEdgeParent = EdgeParent<WebhookRecord>;
export type DeliveryReceiptConnectionParent = ConnectionParent<DeliveryReceiptRecord>;
export type DeliveryReceiptEdgeParent = EdgeParent<DeliveryReceiptRecord>;
export type BindingConnectionParent = ConnectionParent<BindingRecord>;
export type BindingEdgeParent = EdgeParent<BindingRecord>;
export type CredentialConnectionParent = ConnectionParent<CredentialRecord>;
export type CredentialEdgeParent = EdgeParent<CredentialRecord>;
export type AddressConfigurationConnectionParent = ConnectionParent<AddressConfigurationRecord>;
export type AddressConfigurationEdgeParent = EdgeParent<AddressConfigurationRecord>;
