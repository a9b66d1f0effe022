/**
 * README.md shows the current coverage table: the section between the `operations` markers is
 * exactly what `npm run docs:operations` renders from test/coverage/operations.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeWithTable } from './table.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

describe('README operation table', () => {
  it('is current (run npm run docs:operations)', async () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme === (await readmeWithTable(readme, README)), 'README.md operation table is stale: run npm run docs:operations').toBe(true);
  });
});
