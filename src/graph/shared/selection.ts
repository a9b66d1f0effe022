/**
 * Which fields an operation selects on the object a resolver returns, so a lookup can ask the
 * one API that serves them (a Chat-only selection must not cost a Conversations request).
 */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function collect(
  set: SelectionSetNode | undefined,
  info: GraphQLResolveInfo,
  into: Set<string>,
  seen: Set<string>,
): void {
  if (!set) return;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      into.add(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, info, into, seen);
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      seen.add(name);
      collect(info.fragments[name]?.selectionSet, info, into, seen);
    }
  }
}

/** Names of the fields selected directly under the current field (fragments flattened). */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  for (const node of info.fieldNodes) collect(node.selectionSet, info, names, seen);
  return names;
}

/** True when every selected field is in `allowed` (and at least one field is selected). */
export function selectsOnly(info: GraphQLResolveInfo, allowed: ReadonlySet<string>): boolean {
  const names = selectedFields(info);
  for (const name of names) if (!allowed.has(name)) return false;
  return names.size > 0;
}
