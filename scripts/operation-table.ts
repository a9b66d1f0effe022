// Renders the coverage table (test/coverage/operations.ts) into README.md between the
// `<!-- operations:start -->` and `<!-- operations:end -->` markers; nothing else changes.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readmeWithTable } from '../test/coverage/table.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));

const before = readFileSync(README, 'utf8');
const after = await readmeWithTable(before, README);
if (after === before) {
  console.log('README.md: the operation table is up to date');
} else {
  writeFileSync(README, after);
  console.log('README.md: operation table written');
}
