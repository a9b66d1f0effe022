/**
 * Chat events between Twilio's webhooks and the graph's subscriptions: the event model, the
 * mapping from webhook parameters, the bus and its de-duplication, the bounded per-subscriber
 * buffer, and the seam (a session) through which subscription resolvers open streams.
 */
export * from './access.js';
export * from './bus.js';
export * from './membership.js';
export * from './model.js';
export * from './queue.js';
export * from './session.js';
export * from './webhook-events.js';
