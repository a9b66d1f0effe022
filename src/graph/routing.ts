/**
 * Which Twilio API the graph reads and writes through: gateway configuration, not a client
 * argument, so the schema stays one vocabulary whatever API answers. The type is defined with
 * the loaders (they choose read operations by it) and re-exported here for the graph's users;
 * the write table (`mutations/routes.ts`) and `ADMIN_READS` choose their columns by it too.
 */
export type { ApiRouting } from '../loaders/index.js';
export { DEFAULT_ROUTING } from '../loaders/index.js';
