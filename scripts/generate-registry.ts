// Writes the operation registry (src/generated/registry.ts) from Twilio's OpenAPI documents.
import { writeFileSync } from 'node:fs';
import { buildRegistry, REGISTRY_OUTPUT, renderRegistrySource } from './registry-builder.js';

const registry = buildRegistry();
writeFileSync(REGISTRY_OUTPUT, renderRegistrySource(registry));
console.log(`${REGISTRY_OUTPUT}: ${registry.operations.length} operations`);
