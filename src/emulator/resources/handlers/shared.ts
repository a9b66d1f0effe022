import type { HandlerTable } from '../results.js';

/** Prefixes each operation name with `product.version.`. */
export function prefixed(prefix: string, table: HandlerTable): HandlerTable {
  return Object.fromEntries(Object.entries(table).map(([name, h]) => [`${prefix}${name}`, h]));
}

/**
 * Registers Conversations handlers under both address forms: the default-service shortcut
 * (`ListConversationMessage`) and the explicit service form (`ListServiceConversationMessage`).
 */
export function bothConversationForms(table: HandlerTable): HandlerTable {
  const out: Record<string, HandlerTable[string]> = {};
  for (const [name, handler] of Object.entries(table)) {
    out[`conversations.v1.${name}`] = handler;
    out[`conversations.v1.${name.replace(/^(List|Create|Fetch|Update|Delete)/, '$1Service')}`] =
      handler;
  }
  return out;
}
