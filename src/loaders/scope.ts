/**
 * What a token caller (one chat identity in one service) may read, decided here so every entry
 * point of the graph passes through it: root lookups, lists, `node`/`nodes`, `_entities` and
 * every nested field read through these same loaders. The rules (issue 10, "Scoping"):
 *
 * - only the caller's service exists (and "the default service" means it);
 * - a conversation and everything under it is visible only while the caller is a participant,
 *   and otherwise answers exactly as a conversation that does not exist (null, or Twilio's 404);
 * - another user shows only a public profile (identity, friendly name, online state);
 * - account, credential, binding and webhook administration is refused (`AccessDenied`).
 *
 * Membership is one DataLoader keyed by (identity, conversation SID), primed from the caller's
 * own membership list, so each conversation costs at most one Twilio request per request.
 * Callers without a token never reach this file: their loaders are the unscoped ones.
 */
import DataLoader from 'dataloader';
import type { EntityLoaders } from './entities.js';
import type { EntityLoader, EntityPath } from './entity-loader.js';
import type { ListSource, PageResult } from './list-source.js';
import { notFound, type ListedChannel, type ListSources } from './lists.js';
import { DEFAULT_SERVICE, type ReadContext } from './read-context.js';
import type {
  ChatUserRecord,
  ConversationListItem,
  UserConversationRecord,
  UserRecord,
} from './records/index.js';

/** The caller a request's loaders are limited to (a verified Twilio Access Token's grant). */
export interface LoaderScope {
  readonly identity: string;
  /** The grant's chat service; null: the account's default service. */
  readonly serviceSid: string | null;
}

/** The caller may not read or change this, whatever it names (admin-only, or not theirs). */
export class AccessDenied extends Error {
  override readonly name = 'AccessDenied';
  constructor(
    message: string,
    /** The write parameter (Conversations vocabulary) the refusal is about, when one is. */
    readonly parameter: string | null = null,
  ) {
    super(message);
  }
}

export function isAccessDenied(value: unknown): value is AccessDenied {
  return value instanceof AccessDenied;
}

const isConversationSid = (value: string): boolean => /^CH[0-9a-fA-F]{32}$/.test(value);

export type Scoped = ReturnType<typeof createScope>;

/**
 * The membership rule, for queries and live updates alike: `identity` takes part in the
 * conversation while their own membership of it can be read (Twilio answers 404, the same, for
 * a conversation they are not in and one that does not exist).
 */
export async function isParticipant(
  userConversation: Pick<EntityLoader<UserConversationRecord>, 'load'>,
  serviceSid: string,
  identity: string,
  conversationSid: string,
): Promise<boolean> {
  return (await userConversation.load([serviceSid, identity, conversationSid])) !== null;
}

/** The membership and service checks of one request's token caller. */
export function createScope(context: ReadContext, entities: EntityLoaders, scope: LoaderScope) {
  const { identity } = scope;
  let service: Promise<string | null> | null = null;
  /** The caller's service SID (null: the account has no default service, so none exists). */
  const serviceSid = (): Promise<string | null> =>
    (service ??=
      scope.serviceSid === null ? context.defaultServiceSid() : Promise.resolve(scope.serviceSid));

  async function inService(sid: string | null): Promise<boolean> {
    if (sid === null) return false;
    const own = await serviceSid();
    if (own === null) return false;
    if (sid === DEFAULT_SERVICE) return own === (await context.defaultServiceSid());
    return sid === own;
  }

  // (identity, conversation SID) → whether that identity is a participant.
  const members = new DataLoader<readonly [string, string], boolean, string>(
    async (keys) => {
      const own = await serviceSid();
      return Promise.all(
        keys.map(async ([who, conversationSid]) => {
          if (own === null) return false;
          try {
            return await isParticipant(entities.userConversation, own, who, conversationSid);
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        }),
      );
    },
    { cacheKeyFn: (key) => JSON.stringify(key) },
  );
  const isMember = (conversationSid: string) => members.load([identity, conversationSid]);

  /**
   * The SID of the conversation `ref` (SID or unique name) of `service`, when the caller may
   * see it; null otherwise. A SID is checked before anything is read of the conversation.
   */
  async function visibleConversation(service: string, ref: string): Promise<string | null> {
    if (!(await inService(service))) return null;
    let sid = ref;
    if (!isConversationSid(ref)) {
      const record = await entities.conversation.load([service, ref]);
      if (record === null) return null;
      sid = record.sid;
    }
    return (await isMember(sid)) ? sid : null;
  }

  // User SIDs known to be the caller's own (the caller's user record was read).
  const ownUserSids = new Set<string>();
  async function isSelf(service: string, user: string): Promise<boolean> {
    // The caller's identity in another service is not the caller.
    if (!(await inService(service))) return false;
    if (user === identity || ownUserSids.has(user)) return true;
    const record = await entities.user.load([service, user]);
    if (record?.identity === identity) ownUserSids.add(record.sid);
    return record?.identity === identity;
  }

  /** Another user's record as anyone in the service may see it. */
  function publicUser(record: UserRecord): UserRecord {
    if (record.identity === identity) {
      ownUserSids.add(record.sid);
      return record;
    }
    return {
      serviceSid: record.serviceSid,
      sid: record.sid,
      identity: record.identity,
      friendlyName: record.friendlyName,
      isOnline: record.isOnline,
      attributes: null,
      roleSid: null,
      isNotifiable: null,
      createdAt: null,
      updatedAt: null,
    };
  }

  return {
    identity,
    serviceSid,
    inService,
    isMember,
    visibleConversation,
    isSelf,
    publicUser,
    /** A membership the caller's own list showed: known without asking again. */
    primeMember(conversationSid: string): void {
      members.prime([identity, conversationSid], true);
    },
    /** After a write: memberships may have changed. */
    forgetMemberships(): void {
      members.clearAll();
    },
  };
}

// ---- entity views ------------------------------------------------------------------------

type Gate = (path: EntityPath) => Promise<boolean>;

function gated<R>(view: EntityLoader<R>, gate: Gate, shown: (r: R) => R = (r) => r) {
  return {
    ...view,
    load: async (path: EntityPath) => {
      if (!(await gate(path))) return null;
      const record = await view.load(path);
      return record === null ? null : shown(record);
    },
  } satisfies EntityLoader<R>;
}

function denied<R>(view: EntityLoader<R>, what: string): EntityLoader<R> {
  return {
    ...view,
    load: () => Promise.reject(new AccessDenied(`${what} are for admin callers only.`)),
  };
}

/** A conversation: by SID, checked before it is read; by unique name, read and then checked. */
function conversationView<R extends { readonly sid: string }>(
  view: EntityLoader<R>,
  s: Scoped,
): EntityLoader<R> {
  return {
    ...view,
    load: async (path) => {
      const [service = '', ref = ''] = path;
      if (!(await s.inService(service))) return null;
      if (isConversationSid(ref) && !(await s.isMember(ref))) return null;
      const record = await view.load(path);
      if (record === null || (await s.isMember(record.sid))) return record;
      return null;
    },
  };
}

/** A role: "the default service" (no `serviceSid` given) is the caller's own service. */
function ownService<R>(view: EntityLoader<R>, s: Scoped): EntityLoader<R> {
  return {
    ...view,
    load: async ([service = '', ...rest]) => {
      const own = await s.serviceSid();
      if (own === null || (service !== DEFAULT_SERVICE && service !== own)) return null;
      return view.load([own, ...rest]);
    },
  };
}

export function scopedEntities<E extends EntityLoaders>(entities: E, s: Scoped) {
  const inService: Gate = (p) => s.inService(p[0] ?? null);
  const inConversation: Gate = async (p) =>
    (await s.visibleConversation(p[0] ?? '', p[1] ?? '')) !== null;
  const ownMembership: Gate = (p) => s.isSelf(p[0] ?? '', p[1] ?? '');
  const chatUser = (r: ChatUserRecord): ChatUserRecord => {
    const user = s.publicUser(r.user);
    return user === r.user ? r : { ...r, user, joinedChannelsCount: null };
  };
  return {
    service: gated(entities.service, inService),
    chatService: gated(entities.chatService, inService),
    chatV1Service: gated(entities.chatV1Service, inService),
    serviceConfiguration: denied(entities.serviceConfiguration, 'Service settings'),
    serviceNotifications: denied(entities.serviceNotifications, 'Service settings'),
    serviceWebhooks: denied(entities.serviceWebhooks, 'Service settings'),
    conversation: conversationView(entities.conversation, s),
    channel: conversationView(entities.channel, s),
    participant: gated(entities.participant, inConversation),
    user: gated(entities.user, inService, s.publicUser),
    chatUser: gated(entities.chatUser, inService, chatUser),
    message: gated(entities.message, inConversation),
    chatMessage: gated(entities.chatMessage, inConversation),
    conversationsOnly: {
      conversation: conversationView(entities.conversationsOnly.conversation, s),
      participant: gated(entities.conversationsOnly.participant, inConversation),
      message: gated(entities.conversationsOnly.message, inConversation),
    },
    role: ownService(entities.role, s),
    invite: gated(entities.invite, inConversation),
    webhook: denied(entities.webhook, 'Webhooks'),
    deliveryReceipt: gated(entities.deliveryReceipt, inConversation),
    userConversation: gated(entities.userConversation, ownMembership),
    binding: denied(entities.binding, 'Bindings'),
    userBinding: denied(entities.userBinding, 'Bindings'),
    credential: denied(entities.credential, 'Credentials'),
    addressConfiguration: denied(entities.addressConfiguration, 'Address configurations'),
  };
}

// ---- lists -------------------------------------------------------------------------------

const noPage = <R>(): PageResult<R> => ({ items: [], next: null, previous: null });

/** `inner` with each page rewritten (or emptied) by `page`; its own identity for cursors. */
function rewritten<T, R>(
  inner: ListSource<T>,
  page: (fetch: () => Promise<PageResult<T>>) => Promise<PageResult<R>>,
  tag = 'caller',
): ListSource<R> {
  return {
    get id() {
      return JSON.stringify([tag, inner.id]);
    },
    operationId: inner.operationId,
    maxPageSize: inner.maxPageSize,
    orderable: inner.orderable,
    fetch: (request) => page(() => inner.fetch(request)),
  };
}

async function keep<R>(
  page: PageResult<R>,
  test: (item: R) => Promise<boolean>,
): Promise<PageResult<R>> {
  const verdicts = await Promise.all(page.items.map(test));
  return { ...page, items: page.items.filter((_, i) => verdicts[i]) };
}

export function scopedLists(
  lists: ListSources,
  entities: EntityLoaders,
  s: Scoped,
  denyAdmin: (what: string) => never,
): ListSources {
  /** A list under a conversation: Twilio's 404 unless the caller may see the conversation. */
  const inConversation =
    (service: string, conversation: string) =>
    async <R>(fetch: () => Promise<PageResult<R>>, operationId: string) => {
      if ((await s.visibleConversation(service, conversation)) === null) {
        throw notFound(operationId);
      }
      return fetch();
    };
  const underConversation = <R>(
    inner: ListSource<R>,
    service: string,
    conversation: string,
  ): ListSource<R> =>
    rewritten(inner, (fetch) => inConversation(service, conversation)(fetch, inner.operationId));
  /** The caller's own memberships in `service`: what "their conversations" are listed from. */
  const mine = (service: string): ListSource<UserConversationRecord> =>
    rewritten(lists.userConversations(service, s.identity), async (fetch) => {
      if (!(await s.inService(service))) return noPage();
      const page = await fetch();
      for (const item of page.items) s.primeMember(item.conversationSid);
      return page;
    });
  const asConversation = (m: UserConversationRecord): ConversationListItem => ({
    ...m.conversation,
    serviceSid: m.serviceSid,
    sid: m.conversationSid,
  });

  return {
    services: () => {
      const inner = lists.services();
      return rewritten(inner, async () => {
        const own = await s.serviceSid();
        const record = own === null ? null : await entities.service.load([own]);
        return { items: record === null ? [] : [record], next: null, previous: null };
      });
    },
    conversations: (service, filters) => {
      const filtered = Boolean(filters.state || filters.startDate || filters.endDate);
      return rewritten(
        mine(service),
        async (fetch) => {
          const page = await fetch();
          const items = page.items.map(asConversation);
          if (!filtered) return { ...page, items };
          // Twilio filters the service's list; the caller's own list is filtered here.
          return keep({ ...page, items }, async (item) => {
            const full = await entities.conversationsOnly.conversation.load([service, item.sid]);
            if (full === null) return false;
            const created = full.createdAt ?? '';
            return (
              (!filters.state || full.state === filters.state) &&
              (!filters.startDate || created >= filters.startDate) &&
              (!filters.endDate || created <= filters.endDate)
            );
          });
        },
        'caller-conversations',
      );
    },
    channels: (service, types) =>
      rewritten(
        mine(service),
        async (fetch) => {
          const page = await fetch();
          const listed = await Promise.all(
            page.items.map(async (m): Promise<ListedChannel | null> => {
              const channel = await entities.channel.load([service, m.conversationSid]);
              if (channel === null) return null;
              if (types.length > 0 && !types.includes(channel.type ?? '')) return null;
              return { conversation: asConversation(m), channel };
            }),
          );
          return { ...page, items: listed.filter((c): c is ListedChannel => c !== null) };
        },
        'caller-channels',
      ),
    participants: (service, conversation) =>
      underConversation(lists.participants(service, conversation), service, conversation),
    messages: (service, conversation) =>
      underConversation(lists.messages(service, conversation), service, conversation),
    webhooks: () => denyAdmin('Webhooks'),
    invites: (service, conversation, identities) =>
      underConversation(lists.invites(service, conversation, identities), service, conversation),
    deliveryReceipts: (service, conversation, message) =>
      underConversation(
        lists.deliveryReceipts(service, conversation, message),
        service,
        conversation,
      ),
    users: (service) => {
      const inner = lists.users(service);
      return rewritten(inner, async (fetch) => {
        if (!(await s.inService(service))) return noPage();
        const page = await fetch();
        return { ...page, items: page.items.map(s.publicUser) };
      });
    },
    userConversations: (service, user) => {
      const inner = lists.userConversations(service, user);
      return rewritten(inner, async (fetch) => {
        // Another user's conversations are not part of their public profile.
        if (!(await s.isSelf(service, user))) return noPage();
        const page = await fetch();
        for (const item of page.items) s.primeMember(item.conversationSid);
        return page;
      });
    },
    participantConversations: (service, by) => {
      const inner = lists.participantConversations(service, by);
      const own = 'identity' in by && by.identity === s.identity;
      return rewritten(inner, async (fetch) => {
        if (!(await s.inService(service))) return noPage();
        const page = await fetch();
        if (own) {
          for (const item of page.items) s.primeMember(item.conversationSid);
          return page;
        }
        return keep(page, (item) => s.isMember(item.conversationSid));
      });
    },
    roles: async (service) => {
      // As for every read, "the default service" is the caller's own.
      const own = await s.serviceSid();
      const target = service === DEFAULT_SERVICE ? own : service;
      const inner = await lists.roles(target ?? service);
      return target === own && own !== null
        ? inner
        : rewritten(inner, () => Promise.resolve(noPage()));
    },
    bindings: () => denyAdmin('Bindings'),
    userBindings: () => denyAdmin('Bindings'),
    credentials: () => denyAdmin('Credentials'),
    addressConfigurations: () => denyAdmin('Address configurations'),
  };
}
