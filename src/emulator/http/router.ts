/**
 * Path templates of the registry compiled once into one segment trie per host product, so a
 * request is routed by walking its segments (no per-request scan of the 198 operations).
 * Literal segments win over `{param}` segments, as in `/v1/Configuration/Webhooks`.
 */
import { hostServes } from '../../registry/index.js';
import type { HostProduct, HttpMethod, OperationSpec } from '../../registry/types.js';
import { hostProducts } from './products.js';

interface RouteTarget {
  readonly op: OperationSpec;
  /** Names of the `{param}` segments in path order. */
  readonly paramNames: readonly string[];
}

interface TrieNode {
  readonly literals: Map<string, TrieNode>;
  param: TrieNode | null;
  readonly targets: Map<string, RouteTarget>;
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly op: OperationSpec; readonly path: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: 'not-found' };

const newNode = (): TrieNode => ({ literals: new Map(), param: null, targets: new Map() });

function splitTemplate(template: string): string[] {
  return template.split('/').slice(1);
}

function insert(root: TrieNode, op: OperationSpec): void {
  let node = root;
  const paramNames: string[] = [];
  for (const segment of splitTemplate(op.path)) {
    const param = /^\{(.+)\}$/.exec(segment);
    if (param?.[1] !== undefined) {
      paramNames.push(param[1]);
      node.param ??= newNode();
      node = node.param;
    } else {
      let next = node.literals.get(segment);
      if (!next) {
        next = newNode();
        node.literals.set(segment, next);
      }
      node = next;
    }
  }
  if (node.targets.has(op.method)) {
    throw new Error(`Two operations share ${op.method} ${op.path}: ${op.id}`);
  }
  node.targets.set(op.method, { op, paramNames });
}

export class Router {
  private readonly roots = new Map<HostProduct, TrieNode>();

  constructor(operations: readonly OperationSpec[]) {
    for (const host of hostProducts) {
      const root = newNode();
      for (const op of operations) if (hostServes(host, op)) insert(root, op);
      this.roots.set(host, root);
    }
  }

  /**
   * `rawPath` is the path after any product prefix, still percent-encoded and without the query.
   * Path parameter values come back percent-decoded; an undecodable segment matches nothing.
   */
  match(host: HostProduct, method: string, rawPath: string): RouteMatch {
    const root = this.roots.get(host);
    if (!root || !rawPath.startsWith('/')) return { kind: 'not-found' };
    const segments = rawPath.split('/').slice(1);
    const values: string[] = [];
    const mismatch: { allowed: readonly HttpMethod[] | null } = { allowed: null };

    const walk = (node: TrieNode, index: number): RouteTarget | null => {
      if (index === segments.length) {
        if (node.targets.size === 0) return null;
        const target = node.targets.get(method);
        if (target) return target;
        mismatch.allowed ??= [...node.targets.keys()] as HttpMethod[];
        return null;
      }
      const segment = segments[index] ?? '';
      const literal = node.literals.get(segment);
      if (literal) {
        const found = walk(literal, index + 1);
        if (found) return found;
      }
      if (node.param && segment !== '') {
        let decoded: string;
        try {
          decoded = decodeURIComponent(segment);
        } catch {
          return null;
        }
        values.push(decoded);
        const found = walk(node.param, index + 1);
        if (found) return found;
        values.pop();
      }
      return null;
    };

    const target = walk(root, 0);
    if (target) {
      const path: Record<string, string> = {};
      target.paramNames.forEach((name, i) => {
        path[name] = values[i] ?? '';
      });
      return { kind: 'found', op: target.op, path };
    }
    if (mismatch.allowed) return { kind: 'method-not-allowed', allowed: mismatch.allowed };
    return { kind: 'not-found' };
  }
}
