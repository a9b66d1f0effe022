/**
 * How deeply parsed JSON nests, walked without recursion: JSON.stringify, variable coercion and
 * most walkers recurse, and JSON nested a few thousand levels deep overflows their stack.
 */

/** Whether `value` has objects or arrays nested more than `max` levels deep. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}
