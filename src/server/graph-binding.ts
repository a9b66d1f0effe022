/** The real graph, bound to the gateway's seam (kept apart so app.ts stays graph-agnostic). */
import {
  createGraphContext,
  createGraphSchema,
  toGraphQLError,
  type GraphContext,
} from '../graph/index.js';
import type { GraphBinding } from './app.js';

export function graphBinding(): GraphBinding<GraphContext> {
  return {
    schema: createGraphSchema(),
    createContext: ({ client, ledger, signal }) => createGraphContext({ client, ledger, signal }),
    toGraphQLError,
  };
}
