/**
 * Loaders of the administration families (roles, credentials, bindings, services and their
 * settings) for each API that serves them. Conversations is the default view and reuses the
 * main loaders; the Chat v1/v2 views of the same objects get their own caches, so a read asked
 * of one API is answered by that API. The operation ids per API live in `ADMIN_READS`.
 */
import type { EntityLoader, EntityPath } from './entity-loader.js';
import type { ListSource } from './list-source.js';
import type { PageParams } from './page-loader.js';
import {
  toAccountWebhooks,
  toServiceNotifications,
  toServiceWebhooks,
  type AccountWebhooksRecord,
  type ServiceNotificationsRecord,
  type ServiceWebhooksRecord,
} from './admin-records.js';
import {
  toBinding,
  toChatService,
  toCredential,
  toRole,
  toService,
  type BindingRecord,
  type ChatServiceRecord,
  type CredentialRecord,
  type RoleRecord,
  type ServiceRecord,
} from './records.js';

/** The APIs an administration read can be served by. */
export type ReadApi = 'conversations' | 'chat-v2' | 'chat-v1';
export type ChatReadApi = Exclude<ReadApi, 'conversations'>;

/**
 * Operation ids of every administration read, per API. The Conversations column of the
 * service-owned resources uses the explicit `/v1/Services/{ChatServiceSid}` paths;
 * `conversations-default` is the default-service shortcut.
 */
export const ADMIN_READS = {
  fetchRole: {
    conversations: 'conversations.v1.FetchServiceRole',
    'conversations-default': 'conversations.v1.FetchRole',
    'chat-v2': 'chat.v2.FetchRole',
    'chat-v1': 'chat.v1.FetchRole',
  },
  listRole: {
    conversations: 'conversations.v1.ListServiceRole',
    'conversations-default': 'conversations.v1.ListRole',
    'chat-v2': 'chat.v2.ListRole',
    'chat-v1': 'chat.v1.ListRole',
  },
  fetchCredential: {
    conversations: 'conversations.v1.FetchCredential',
    'chat-v2': 'chat.v2.FetchCredential',
    'chat-v1': 'chat.v1.FetchCredential',
  },
  listCredential: {
    conversations: 'conversations.v1.ListCredential',
    'chat-v2': 'chat.v2.ListCredential',
    'chat-v1': 'chat.v1.ListCredential',
  },
  fetchService: {
    conversations: 'conversations.v1.FetchService',
    'chat-v2': 'chat.v2.FetchService',
    'chat-v1': 'chat.v1.FetchService',
  },
  listService: {
    conversations: 'conversations.v1.ListService',
    'chat-v2': 'chat.v2.ListService',
    'chat-v1': 'chat.v1.ListService',
  },
  fetchBinding: {
    conversations: 'conversations.v1.FetchServiceBinding',
    'chat-v2': 'chat.v2.FetchBinding',
  },
  listBinding: {
    conversations: 'conversations.v1.ListServiceBinding',
    'chat-v2': 'chat.v2.ListBinding',
  },
  fetchUserBinding: { 'chat-v2': 'chat.v2.FetchUserBinding' },
  listUserBinding: { 'chat-v2': 'chat.v2.ListUserBinding' },
  fetchServiceNotification: { conversations: 'conversations.v1.FetchServiceNotification' },
  fetchServiceWebhooks: { conversations: 'conversations.v1.FetchServiceWebhookConfiguration' },
  fetchAccountWebhooks: { conversations: 'conversations.v1.FetchConfigurationWebhook' },
} as const;

/** Bindings exist in Conversations and Chat v2 only. */
export type BindingReadApi = keyof (typeof ADMIN_READS)['fetchBinding'];

export interface BindingFilters {
  readonly bindingTypes?: readonly string[];
  readonly identities?: readonly string[];
}

export interface AdminLoaders {
  /** A role by `[serviceSid, roleSid]`. */
  role(api: ReadApi): EntityLoader<RoleRecord>;
  /** A role of the account's default service by `[roleSid]` (no configuration lookup). */
  readonly defaultServiceRole: EntityLoader<RoleRecord>;
  credential(api: ReadApi): EntityLoader<CredentialRecord>;
  service(api: ReadApi): EntityLoader<ServiceRecord>;
  /** The whole Chat service record (settings Conversations keeps elsewhere or lacks). */
  chatService(api: ChatReadApi): EntityLoader<ChatServiceRecord>;
  binding(api: BindingReadApi): EntityLoader<BindingRecord>;
  /** A binding through Chat's per-user path, by `[serviceSid, user SID or identity, bindingSid]`. */
  readonly userBinding: EntityLoader<BindingRecord>;
  readonly serviceNotifications: EntityLoader<ServiceNotificationsRecord>;
  readonly serviceWebhooks: EntityLoader<ServiceWebhooksRecord>;
  accountWebhooks(): Promise<AccountWebhooksRecord>;
  replaceAccountWebhooks(record: AccountWebhooksRecord): void;
  readonly lists: {
    /** `serviceSid` null: the default service through the shortcut path. */
    roles(api: ReadApi, serviceSid: string | null): ListSource<RoleRecord>;
    credentials(api: ReadApi): ListSource<CredentialRecord>;
    services(api: ReadApi): ListSource<ServiceRecord>;
    bindings(
      api: BindingReadApi,
      serviceSid: string,
      filters: BindingFilters,
    ): ListSource<BindingRecord>;
    userBindings(
      serviceSid: string,
      user: string,
      bindingTypes: readonly string[],
    ): ListSource<BindingRecord>;
  };
  /**
   * After an administration write: forgets the Chat views, the shortcut role cache and the
   * settings caches, since one store backs them all. The caller then primes what it wrote.
   */
  clearViews(): void;
}

type Params = Record<string, string>;

/** The parts of `createLoaders` the administration loaders build on. */
export interface AdminLoaderDeps {
  get(operationId: string, params: Readonly<Params>): Promise<unknown>;
  entity<R>(
    operationId: string,
    params: (path: EntityPath) => Params,
    parse: (data: unknown, path: EntityPath) => R,
    pathsOf: (record: R) => EntityPath[],
  ): EntityLoader<R>;
  source<R>(
    operationId: string,
    params: PageParams,
    parse: (item: unknown) => R,
    prime?: (record: R) => void,
  ): ListSource<R>;
  readonly role: EntityLoader<RoleRecord>;
  readonly credential: EntityLoader<CredentialRecord>;
  readonly service: EntityLoader<ServiceRecord>;
  readonly chatService: EntityLoader<ChatServiceRecord>;
  readonly binding: EntityLoader<BindingRecord>;
}

function at(path: EntityPath, index: number): string {
  return path[index] ?? '';
}

/** Conversations names the service path parameter `ChatServiceSid`, Chat `ServiceSid`. */
const serviceParam = (api: ReadApi | 'conversations-default') =>
  api === 'conversations' ? 'ChatServiceSid' : 'ServiceSid';

export function createAdminLoaders(deps: AdminLoaderDeps): AdminLoaders {
  // One loader per (family, API), made on first use; `clearAll` is all a write needs of them.
  const views = new Map<string, { readonly loader: unknown; clearAll(): void }>();
  function view<R>(key: string, make: () => EntityLoader<R>): EntityLoader<R> {
    const known = views.get(key);
    if (known !== undefined) return known.loader as EntityLoader<R>;
    const loader = make();
    views.set(key, { loader, clearAll: () => loader.clearAll() });
    return loader;
  }

  const role = (api: ReadApi) =>
    api === 'conversations'
      ? deps.role
      : view(`role:${api}`, () =>
          deps.entity(
            ADMIN_READS.fetchRole[api],
            (p) => ({ ServiceSid: at(p, 0), Sid: at(p, 1) }),
            (d, p) => toRole(d, { serviceSid: at(p, 0) }),
            (r) => [[r.serviceSid, r.sid]],
          ),
        );
  const defaultServiceRole = deps.entity(
    ADMIN_READS.fetchRole['conversations-default'],
    (p) => ({ Sid: at(p, 0) }),
    (d) => toRole(d),
    (r) => [[r.sid]],
  );
  const credential = (api: ReadApi) =>
    api === 'conversations'
      ? deps.credential
      : view(`credential:${api}`, () =>
          deps.entity(
            ADMIN_READS.fetchCredential[api],
            (p) => ({ Sid: at(p, 0) }),
            (d) => toCredential(d),
            (r) => [[r.sid]],
          ),
        );
  const chatService = (api: ChatReadApi) =>
    api === 'chat-v2'
      ? deps.chatService
      : view('chatService:chat-v1', () =>
          deps.entity(
            ADMIN_READS.fetchService['chat-v1'],
            (p) => ({ Sid: at(p, 0) }),
            (d) => toChatService(d),
            (r) => [[r.sid]],
          ),
        );
  // A Chat service answer holds the Chat-only settings too: keep them for the same request.
  const primeChat = (api: ReadApi, data: unknown) => {
    if (api !== 'conversations') chatService(api).prime(toChatService(data));
  };
  const service = (api: ReadApi) =>
    api === 'conversations'
      ? deps.service
      : view(`service:${api}`, () =>
          deps.entity(
            ADMIN_READS.fetchService[api],
            (p) => ({ Sid: at(p, 0) }),
            (d) => {
              primeChat(api, d);
              return toService(d);
            },
            (r) => [[r.sid]],
          ),
        );
  const binding = (api: BindingReadApi) =>
    api === 'conversations'
      ? deps.binding
      : view(`binding:${api}`, () =>
          deps.entity(
            ADMIN_READS.fetchBinding[api],
            (p) => ({ ServiceSid: at(p, 0), Sid: at(p, 1) }),
            (d, p) => toBinding(d, { serviceSid: at(p, 0) }),
            (r) => [[r.serviceSid, r.sid]],
          ),
        );
  const userBinding = deps.entity(
    ADMIN_READS.fetchUserBinding['chat-v2'],
    (p) => ({ ServiceSid: at(p, 0), UserSid: at(p, 1), Sid: at(p, 2) }),
    (d, p) => toBinding(d, { serviceSid: at(p, 0) }),
    () => [],
  );
  const serviceNotifications = deps.entity(
    ADMIN_READS.fetchServiceNotification.conversations,
    (p) => ({ ChatServiceSid: at(p, 0) }),
    (d, p) => toServiceNotifications(d, at(p, 0)),
    (r) => (r.serviceSid ? [[r.serviceSid]] : []),
  );
  const serviceWebhooks = deps.entity(
    ADMIN_READS.fetchServiceWebhooks.conversations,
    (p) => ({ ChatServiceSid: at(p, 0) }),
    (d, p) => toServiceWebhooks(d, at(p, 0)),
    (r) => (r.serviceSid ? [[r.serviceSid]] : []),
  );

  let accountWebhooks: Promise<AccountWebhooksRecord> | null = null;

  const lists: AdminLoaders['lists'] = {
    roles: (api, serviceSid) => {
      if (serviceSid === null) {
        // The items name their service, so they prime both role caches.
        return deps.source(
          ADMIN_READS.listRole['conversations-default'],
          {},
          (item) => toRole(item),
          (r) => {
            deps.role.prime(r);
            defaultServiceRole.prime(r);
          },
        );
      }
      const loader = role(api);
      return deps.source(
        ADMIN_READS.listRole[api],
        { [serviceParam(api)]: serviceSid },
        (item) => toRole(item, { serviceSid }),
        (r) => loader.prime(r),
      );
    },
    credentials: (api) => {
      const loader = credential(api);
      return deps.source(ADMIN_READS.listCredential[api], {}, toCredential, (r) => loader.prime(r));
    },
    services: (api) => {
      const loader = service(api);
      return deps.source(
        ADMIN_READS.listService[api],
        {},
        (item) => {
          primeChat(api, item);
          return toService(item);
        },
        (r) => loader.prime(r),
      );
    },
    bindings: (api, serviceSid, filters) => {
      const loader = binding(api);
      return deps.source(
        ADMIN_READS.listBinding[api],
        {
          [serviceParam(api)]: serviceSid,
          ...(filters.bindingTypes?.length ? { BindingType: filters.bindingTypes } : {}),
          ...(filters.identities?.length ? { Identity: filters.identities } : {}),
        },
        (item) => toBinding(item, { serviceSid }),
        (r) => loader.prime(r),
      );
    },
    userBindings: (serviceSid, user, bindingTypes) =>
      deps.source(
        ADMIN_READS.listUserBinding['chat-v2'],
        {
          ServiceSid: serviceSid,
          UserSid: user,
          ...(bindingTypes.length > 0 ? { BindingType: bindingTypes } : {}),
        },
        (item) => toBinding(item, { serviceSid }),
      ),
  };

  return {
    role,
    defaultServiceRole,
    credential,
    service,
    chatService,
    binding,
    userBinding,
    serviceNotifications,
    serviceWebhooks,
    accountWebhooks: () => {
      accountWebhooks ??= deps
        .get(ADMIN_READS.fetchAccountWebhooks.conversations, {})
        .then(toAccountWebhooks);
      return accountWebhooks;
    },
    replaceAccountWebhooks: (record) => {
      accountWebhooks = Promise.resolve(record);
    },
    lists,
    clearViews: () => {
      for (const entry of views.values()) entry.clearAll();
      for (const loader of [
        defaultServiceRole,
        userBinding,
        serviceNotifications,
        serviceWebhooks,
        deps.chatService,
      ]) {
        loader.clearAll();
      }
      accountWebhooks = null;
    },
  };
}
