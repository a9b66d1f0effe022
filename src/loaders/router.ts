/**
 * The one router: built once at start from the gateway's routing configuration, it answers for
 * a resource family (and whether the target is in the account's default service) which
 * operation and parameters serve a read or a write, and which host the call goes to. Only the
 * loaders hold it; nothing above them sees routing.
 */
import type { HostProduct } from '../registry/index.js';
import {
  adaptParams,
  apiOf,
  DEFAULT_ROUTING,
  hostFor,
  isChatApi,
  operationOf,
  routeFor,
  rowOf,
  type Action,
  type ApiRouting,
  type Family,
  type Only,
  type RouteApi,
  type RouteRow,
  type WriteFamily,
  type WriteRoute,
} from './routes.js';

export interface Route {
  readonly api: RouteApi;
  readonly operationId: string;
  /** True when the route is Chat's (its records carry Chat's fields, not Conversations'). */
  readonly chat: boolean;
}

export interface Router {
  readonly routing: ApiRouting;
  /** The operations of `action` on `family`, limited to `only` when given. */
  row(family: Family, action: Action, only?: Only): RouteRow;
  /**
   * Whether the choice among `row`'s columns depends on the target being in the default
   * service (default-service paths configured, and the row has them).
   */
  dependsOnDefaultService(row: RouteRow): boolean;
  /** The route of `row` for a target in (or outside) the account's default service. */
  pick(row: RouteRow, inDefaultService: boolean): Route;
  /** The route of a write: on the named API when given, else by the configuration. */
  write(family: WriteFamily, inDefaultService: boolean, api?: RouteApi): WriteRoute;
  /** Parameters in the Conversations vocabulary → the route's names and enum spelling. */
  params(
    family: Family | WriteFamily,
    route: { readonly api: RouteApi; readonly operationId: string },
    params: Readonly<Record<string, unknown>>,
  ): Record<string, unknown>;
  /** The host a call goes to (undefined: the operation's own). */
  host(operationId: string, params: Readonly<Record<string, unknown>>): HostProduct | undefined;
}

export function createRouter(routing: ApiRouting = DEFAULT_ROUTING): Router {
  const dependsOnDefaultService = (row: RouteRow) =>
    routing.conversationsPaths === 'default-service' &&
    row['conversations-default'] !== undefined &&
    apiOf(row, routing, false) === 'conversations';
  return {
    routing,
    row: rowOf,
    dependsOnDefaultService,
    pick(row, inDefaultService) {
      const api = apiOf(row, routing, inDefaultService);
      return { api, operationId: operationOf(row, api), chat: isChatApi(api) };
    },
    write: (family, inDefaultService, api) =>
      routeFor(family, api ?? { routing, inDefaultService }),
    params: (family, route, params) => adaptParams(family, route.api, params, route.operationId),
    host: (operationId, params) => hostFor(routing, operationId, params),
  };
}
