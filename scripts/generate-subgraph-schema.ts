// Writes src/generated/subgraph-schema.ts: the subgraph schema's build-time part (see the builder).
import { writeFileSync } from 'node:fs';
import { loadTypeDefs } from '../src/graph/type-defs.js';
import {
  buildPrebuiltSubgraph,
  renderPrebuiltSubgraphSource,
  SUBGRAPH_SCHEMA_OUTPUT,
} from './subgraph-schema-builder.js';

const prebuilt = buildPrebuiltSubgraph(loadTypeDefs());
writeFileSync(SUBGRAPH_SCHEMA_OUTPUT, renderPrebuiltSubgraphSource(prebuilt));
console.log(`${SUBGRAPH_SCHEMA_OUTPUT}: ${prebuilt.document.length} characters of SDL`);
