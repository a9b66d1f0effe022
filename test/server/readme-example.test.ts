/**
 * The README's first query, sent to the gateway as `npm start` runs it (embedded emulator with
 * the default demo data), answers with the data and the upstream cost the README prints.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startStack, type Stack } from './support/stack.js';

interface PrintedAnswer {
  readonly data: unknown;
  readonly extensions: { readonly upstream: { readonly requests: number } };
}

function firstQuerySection(): { query: string; answer: PrintedAnswer } {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## A first query'));
  const query = /```graphql\n([\s\S]*?)```/.exec(section)?.[1];
  const answer = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (!query || !answer) throw new Error('README has no first query with its answer');
  return { query, answer: JSON.parse(answer) as PrintedAnswer };
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('README first query', () => {
  it('answers with the data and the request count the README shows', async () => {
    const { query, answer } = firstQuerySection();
    stack.emulator.clearRequests();
    const { body } = await postGraphQL(stack.gateway, query, {});
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual(answer.data);
    const requests = (body.extensions?.upstream as { requests: number }).requests;
    expect(requests).toBe(answer.extensions.upstream.requests);
    expect(stack.emulator.requestLog().total).toBe(requests);
  });
});
