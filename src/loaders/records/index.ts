/**
 * The records loaders hand to the graph: Twilio's wire fields renamed to the graph's vocabulary
 * and typed, one file per resource. Enum-like values stay Twilio's lowercase strings; the graph
 * maps them to its enums. Bodies arrive as `unknown`; each converter returns a typed value and
 * never throws on a missing or oddly typed optional field.
 */
export type { Dated, MessagingBindingRecord, Scope, TimersRecord } from './common.js';
export * from './configuration.js';
export * from './service.js';
export * from './conversation.js';
export * from './participant.js';
export * from './user.js';
export * from './message.js';
export * from './delivery-receipt.js';
export * from './role.js';
export * from './invite.js';
export * from './webhook.js';
export * from './binding.js';
export * from './credential.js';
