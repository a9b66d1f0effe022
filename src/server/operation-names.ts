/**
 * The operation names a metric may carry as a label. Operation names are chosen by clients, so a
 * label per name would let any client grow the series without bound: only the names of the
 * documents the gateway ships (the playground's examples) and the configured ones
 * (`GATEWAY_METRICS_OPERATION_NAMES`) are kept; every other operation counts as `other`.
 */
import { Kind, parse } from 'graphql';
import { playgroundExamples } from './playground-examples.js';

export const otherOperation = 'other';

function namesIn(document: string): string[] {
  return parse(document).definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : [],
  );
}

export function knownOperationNames(configured: readonly string[]): ReadonlySet<string> {
  return new Set([
    ...playgroundExamples.flatMap((example) => namesIn(example.query)),
    ...configured,
  ]);
}

export function operationLabel(
  known: ReadonlySet<string>,
  name: string | null | undefined,
): string {
  return name && known.has(name) ? name : otherOperation;
}
