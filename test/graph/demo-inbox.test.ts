/**
 * The demo data behind the playground's example queries: `alice` has an inbox worth showing,
 * several conversations of which some hold messages she has not read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('demo seed', () => {
  it('gives alice several conversations, some with unread messages', async () => {
    const run = await h.run(`{ user(identity: "alice") { conversations(first: 20) {
      edges { unreadMessagesCount node { friendlyName } } } } }`);
    expect(run.result.errors).toBeUndefined();
    const edges = (
      run.data.user as {
        conversations: { edges: { unreadMessagesCount: number; node: { friendlyName: string } }[] };
      }
    ).conversations.edges;
    expect(edges.length).toBeGreaterThanOrEqual(3);
    expect(edges.filter((e) => e.unreadMessagesCount > 0).length).toBeGreaterThanOrEqual(2);
    expect(edges.some((e) => e.unreadMessagesCount === 0)).toBe(true);
  });
});
