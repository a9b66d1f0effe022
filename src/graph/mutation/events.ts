/**
 * Webhook event names Twilio accepts in the filter lists of the administration settings
 * (twilio-wire.md §8.2). Checked before sending so a typo is a user error on the right item
 * instead of a webhook that silently never fires.
 */
import type { InputCheck } from './checks.js';
import type { FieldPath } from './user-errors.js';

const PRE = [
  'onConversationAdd',
  'onConversationUpdate',
  'onConversationRemove',
  'onMessageAdd',
  'onMessageUpdate',
  'onMessageRemove',
  'onParticipantAdd',
  'onParticipantUpdate',
  'onParticipantRemove',
] as const;
const POST = [
  'onConversationAdded',
  'onConversationUpdated',
  'onConversationRemoved',
  'onConversationStateUpdated',
  'onMessageAdded',
  'onMessageUpdated',
  'onMessageRemoved',
  'onParticipantAdded',
  'onParticipantUpdated',
  'onParticipantRemoved',
  'onDeliveryUpdated',
] as const;
const USER_PRE = ['onUserUpdate'] as const;
const USER_POST = ['onUserAdded', 'onUserUpdated'] as const;

/** Which filter list is being checked. */
export type FilterScope = 'account' | 'service' | 'addressAutoCreation';

const ALLOWED: Readonly<Record<FilterScope, ReadonlySet<string>>> = {
  account: new Set([...PRE, ...USER_PRE, ...POST, ...USER_POST]),
  // Service-level lists take the same events minus the user events.
  service: new Set([...PRE, ...POST]),
  // Auto-created conversations only report what already happened.
  addressAutoCreation: new Set(POST),
};

const SCOPE_TEXT: Readonly<Record<FilterScope, string>> = {
  account: 'a Conversations webhook event',
  service: 'a Conversations webhook event other than the user events',
  addressAutoCreation: 'a post-event name such as onMessageAdded',
};

/** The filter list, or undefined with one user error per unknown or repeated name. */
export function eventFilters(
  check: InputCheck,
  values: readonly string[] | null | undefined,
  field: FieldPath,
  scope: FilterScope,
): string[] | undefined {
  if (values == null) return undefined;
  const seen = new Set<string>();
  let ok = true;
  values.forEach((value, index) => {
    const at = [...field, String(index)];
    if (!ALLOWED[scope].has(value)) {
      ok = false;
      check.add(at, 'INVALID', `\`${value}\` is not ${SCOPE_TEXT[scope]}.`);
    } else if (seen.has(value)) {
      ok = false;
      check.add(at, 'INVALID', `\`${value}\` is listed twice.`);
    }
    seen.add(value);
  });
  return ok ? [...values] : undefined;
}
