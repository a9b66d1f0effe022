/**
 * Which fields an operation selects on the object a resolver returns, so a lookup reads only
 * what the selection needs (the loaders' field sources say which read serves a field).
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function collect(
  set: SelectionSetNode | undefined,
  info: GraphQLResolveInfo,
  into: FieldNode[],
  seen: Set<string>,
): void {
  if (!set) return;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      into.push(selection);
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

/** The field nodes selected directly under the current field (fragments flattened). */
export function selectedFieldNodes(info: GraphQLResolveInfo): FieldNode[] {
  const nodes: FieldNode[] = [];
  const seen = new Set<string>();
  for (const node of info.fieldNodes) collect(node.selectionSet, info, nodes, seen);
  return nodes;
}

/** Names of the fields selected directly under the current field (fragments flattened). */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  return new Set(selectedFieldNodes(info).map((node) => node.name.value));
}

/** Whether the selection names at least one field, and only fields in `allowed`. */
export function selectsOnly(info: GraphQLResolveInfo, allowed: ReadonlySet<string>): boolean {
  const names = selectedFields(info);
  for (const name of names) if (!allowed.has(name)) return false;
  return names.size > 0;
}
