import type {
  AccountConfiguration,
  AddressConfiguration,
  Binding,
  Channel,
  ChannelType,
  ChannelWebhook,
  Credential,
  Invite,
  Member,
  Message,
  Receipt,
  Role,
  RoleType,
  Service,
  ServiceNotifications,
  User,
} from './entities.js';
import { DEFAULT_ROLES } from './default-roles.js';
import { SidFactory } from './sids.js';
import type { Clock } from './time.js';

/** Per-service indexes: every lookup by a friendly key is one map read. */
interface ServiceIndex {
  readonly channels: Set<string>;
  readonly channelByUniqueName: Map<string, string>;
  readonly users: Set<string>;
  readonly userByIdentity: Map<string, string>;
  readonly roles: Set<string>;
  readonly bindings: Set<string>;
  /** identity → (channel sid → member sid): the user-channel / user-conversation rows. */
  readonly membershipsByIdentity: Map<string, Map<string, string>>;
  /** Creation-ordered views of the sets above, for list handlers. */
  readonly ordered: {
    readonly channels: CreationOrder<Channel>;
    readonly users: CreationOrder<User>;
    readonly roles: CreationOrder<Role>;
    readonly bindings: CreationOrder<Binding>;
  };
}

function emptyNotifications(): ServiceNotifications {
  const off = () => ({ enabled: false, template: null, sound: null });
  return {
    newMessage: {
      ...off(),
      badgeCountEnabled: false,
      withMedia: { enabled: false, template: null },
    },
    addedToChannel: off(),
    removedFromChannel: off(),
    invitedToChannel: off(),
    logEnabled: false,
  };
}

/** Sorts records by creation time, then sid: the emulator's stable list order. */
export function byCreation<T extends { dateCreated: number; sid: string }>(records: T[]): T[] {
  return records.sort((a, b) =>
    a.dateCreated === b.dateCreated
      ? a.sid < b.sid
        ? -1
        : a.sid > b.sid
          ? 1
          : 0
      : a.dateCreated - b.dateCreated,
  );
}

function inCreationOrder(records: readonly { dateCreated: number; sid: string }[]): boolean {
  for (let i = 1; i < records.length; i += 1) {
    const a = records[i - 1];
    const b = records[i];
    if (a === undefined || b === undefined) return false;
    if (a.dateCreated > b.dateCreated || (a.dateCreated === b.dateCreated && a.sid > b.sid)) {
      return false;
    }
  }
  return true;
}

/**
 * A collection in list order (creation time, then sid), kept between requests: list handlers
 * used to rebuild and sort the whole collection on every page request. The store invalidates
 * it when the collection gains or loses a record; a handler that rewrites a `dateCreated`
 * (allowed by several update operations) is caught by an allocation-free order check on read,
 * which re-sorts the same array.
 */
class CreationOrder<T extends { dateCreated: number; sid: string }> {
  private cache: T[] | null = null;

  constructor(private readonly build: () => T[]) {}

  invalidate(): void {
    this.cache = null;
  }

  get(): readonly T[] {
    if (this.cache === null) this.cache = byCreation(this.build());
    else if (!inCreationOrder(this.cache)) byCreation(this.cache);
    return this.cache;
  }
}

/**
 * The one in-memory store behind every API. It keeps records, indexes, cascades and derived
 * counts; it does not validate requests or know any wire shape.
 */
export class Store {
  readonly sids: SidFactory;
  readonly services = new Map<string, Service>();
  readonly channels = new Map<string, Channel>();
  readonly users = new Map<string, User>();
  readonly roles = new Map<string, Role>();
  readonly bindings = new Map<string, Binding>();
  readonly credentials = new Map<string, Credential>();
  readonly addresses = new Map<string, AddressConfiguration>();
  readonly addressByValue = new Map<string, string>();
  readonly account: AccountConfiguration = {
    defaultChatServiceSid: null,
    defaultMessagingServiceSid: null,
    defaultInactiveTimer: null,
    defaultClosedTimer: null,
    webhookMethod: 'POST',
    webhookFilters: [],
    preWebhookUrl: null,
    postWebhookUrl: null,
    webhookTarget: 'webhook',
  };
  private readonly indexes = new Map<string, ServiceIndex>();

  constructor(
    readonly accountSid: string,
    seed: string,
    readonly now: Clock,
  ) {
    this.sids = new SidFactory(seed);
  }

  // ---- services -------------------------------------------------------------------------

  createService(friendlyName: string, at = this.now()): Service {
    const service: Service = {
      sid: this.sids.next('IS'),
      friendlyName,
      dateCreated: at,
      dateUpdated: at,
      defaultServiceRoleSid: null,
      defaultChannelRoleSid: null,
      defaultChannelCreatorRoleSid: null,
      readStatusEnabled: true,
      reachabilityEnabled: false,
      typingIndicatorTimeout: 5,
      consumptionReportInterval: 10,
      limits: { channelMembers: 100, userChannels: 250 },
      preWebhookUrl: null,
      postWebhookUrl: null,
      webhookMethod: 'POST',
      webhookFilters: [],
      preWebhookRetryCount: 0,
      postWebhookRetryCount: 0,
      notifications: emptyNotifications(),
      media: { sizeLimitMb: 150, compatibilityMessage: null },
      eventHooks: new Map(),
    };
    this.services.set(service.sid, service);
    const channels = new Set<string>();
    const users = new Set<string>();
    const roles = new Set<string>();
    const bindings = new Set<string>();
    const resolve =
      <T>(sids: Set<string>, records: Map<string, T>) =>
      () => {
        const out: T[] = [];
        for (const sid of sids) {
          const record = records.get(sid);
          if (record) out.push(record);
        }
        return out;
      };
    this.indexes.set(service.sid, {
      channels,
      channelByUniqueName: new Map(),
      users,
      userByIdentity: new Map(),
      roles,
      bindings,
      membershipsByIdentity: new Map(),
      ordered: {
        channels: new CreationOrder(resolve(channels, this.channels)),
        users: new CreationOrder(resolve(users, this.users)),
        roles: new CreationOrder(resolve(roles, this.roles)),
        bindings: new CreationOrder(resolve(bindings, this.bindings)),
      },
    });
    // Twilio creates these four roles with every service and points the defaults at them.
    for (const role of DEFAULT_ROLES) {
      const sid = this.createRole(service.sid, role.name, role.type, [...role.permissions], at).sid;
      if (role.defaultFor === 'service') service.defaultServiceRoleSid = sid;
      if (role.defaultFor === 'channel') service.defaultChannelRoleSid = sid;
      if (role.defaultFor === 'creator') service.defaultChannelCreatorRoleSid = sid;
    }
    return service;
  }

  index(serviceSid: string): ServiceIndex {
    const index = this.indexes.get(serviceSid);
    if (!index) throw new Error(`no index for service ${serviceSid}`);
    return index;
  }

  deleteService(service: Service): void {
    const index = this.index(service.sid);
    for (const sid of [...index.channels]) {
      const channel = this.channels.get(sid);
      if (channel) this.deleteChannel(channel);
    }
    for (const sid of index.users) this.users.delete(sid);
    for (const sid of index.roles) this.roles.delete(sid);
    for (const sid of index.bindings) this.bindings.delete(sid);
    this.indexes.delete(service.sid);
    this.services.delete(service.sid);
    if (this.account.defaultChatServiceSid === service.sid)
      this.account.defaultChatServiceSid = null;
  }

  // ---- channels / conversations ----------------------------------------------------------

  createChannel(
    service: Service,
    init: {
      friendlyName?: string | null;
      uniqueName?: string | null;
      attributes?: string;
      type: ChannelType;
      createdBy?: string;
      dateCreated?: number;
      dateUpdated?: number;
    },
  ): Channel {
    const at = init.dateCreated ?? this.now();
    const channel: Channel = {
      sid: this.sids.next('CH'),
      serviceSid: service.sid,
      friendlyName: init.friendlyName ?? null,
      uniqueName: init.uniqueName ?? null,
      attributes: init.attributes ?? '{}',
      type: init.type,
      createdBy: init.createdBy ?? 'system',
      dateCreated: at,
      dateUpdated: init.dateUpdated ?? at,
      messagingServiceSid: null,
      state: 'active',
      timerInactiveAt: null,
      timerClosedAt: null,
      emailBinding: null,
      nextMessageIndex: 0,
      members: new Map(),
      memberByIdentity: new Map(),
      messages: [],
      messageBySid: new Map(),
      webhooks: new Map(),
      invites: new Map(),
    };
    this.channels.set(channel.sid, channel);
    const index = this.index(service.sid);
    index.channels.add(channel.sid);
    index.ordered.channels.invalidate();
    if (channel.uniqueName !== null) index.channelByUniqueName.set(channel.uniqueName, channel.sid);
    return channel;
  }

  /** Finds a channel of `serviceSid` by CH sid or unique name. */
  findChannel(serviceSid: string, key: string): Channel | undefined {
    const index = this.indexes.get(serviceSid);
    if (!index) return undefined;
    const bySid = this.channels.get(key);
    if (bySid && bySid.serviceSid === serviceSid) return bySid;
    const sid = index.channelByUniqueName.get(key);
    return sid === undefined ? undefined : this.channels.get(sid);
  }

  setChannelUniqueName(channel: Channel, uniqueName: string | null): void {
    const index = this.index(channel.serviceSid);
    if (channel.uniqueName !== null) index.channelByUniqueName.delete(channel.uniqueName);
    channel.uniqueName = uniqueName;
    if (uniqueName !== null) index.channelByUniqueName.set(uniqueName, channel.sid);
  }

  /** The service's channels in list order; read-only, shared between calls. */
  channelsOf(serviceSid: string): readonly Channel[] {
    return this.index(serviceSid).ordered.channels.get();
  }

  deleteChannel(channel: Channel): void {
    for (const member of [...channel.members.values()]) this.removeMember(channel, member);
    const index = this.indexes.get(channel.serviceSid);
    if (index) {
      index.channels.delete(channel.sid);
      index.ordered.channels.invalidate();
      if (channel.uniqueName !== null) index.channelByUniqueName.delete(channel.uniqueName);
    }
    this.channels.delete(channel.sid);
  }

  // ---- members / participants ------------------------------------------------------------

  addMember(
    channel: Channel,
    init: Partial<Omit<Member, 'sid' | 'channelSid' | 'serviceSid'>> & { identity: string | null },
  ): Member {
    const at = init.dateCreated ?? this.now();
    const member: Member = {
      sid: this.sids.next('MB'),
      channelSid: channel.sid,
      serviceSid: channel.serviceSid,
      identity: init.identity,
      roleSid: init.roleSid ?? null,
      attributes: init.attributes ?? '{}',
      lastReadIndex: init.lastReadIndex ?? null,
      lastReadAt: init.lastReadAt ?? null,
      dateCreated: at,
      dateUpdated: init.dateUpdated ?? at,
      messagingBinding: init.messagingBinding ?? null,
      notificationLevel: init.notificationLevel ?? 'default',
    };
    channel.members.set(member.sid, member);
    if (member.identity !== null) this.indexMembership(channel, member, member.identity);
    return member;
  }

  private indexMembership(channel: Channel, member: Member, identity: string): void {
    channel.memberByIdentity.set(identity, member.sid);
    const rows = this.index(channel.serviceSid).membershipsByIdentity;
    let row = rows.get(identity);
    if (!row) rows.set(identity, (row = new Map()));
    row.set(channel.sid, member.sid);
  }

  private unindexMembership(channel: Channel, identity: string): void {
    channel.memberByIdentity.delete(identity);
    const rows = this.indexes.get(channel.serviceSid)?.membershipsByIdentity;
    const row = rows?.get(identity);
    row?.delete(channel.sid);
    if (row && row.size === 0) rows?.delete(identity);
  }

  setMemberIdentity(channel: Channel, member: Member, identity: string | null): void {
    if (member.identity !== null) this.unindexMembership(channel, member.identity);
    member.identity = identity;
    if (identity !== null) this.indexMembership(channel, member, identity);
  }

  /** Finds a member by MB sid or, when `byIdentity`, by identity. */
  findMember(channel: Channel, key: string, byIdentity: boolean): Member | undefined {
    const bySid = channel.members.get(key);
    if (bySid || !byIdentity) return bySid;
    const sid = channel.memberByIdentity.get(key);
    return sid === undefined ? undefined : channel.members.get(sid);
  }

  removeMember(channel: Channel, member: Member): void {
    if (member.identity !== null) this.unindexMembership(channel, member.identity);
    channel.members.delete(member.sid);
  }

  /** The member rows of `identity` in `serviceSid`, keyed by channel sid. */
  membershipsOf(serviceSid: string, identity: string): ReadonlyMap<string, string> {
    return this.indexes.get(serviceSid)?.membershipsByIdentity.get(identity) ?? new Map();
  }

  /**
   * Messages after the member's read horizon. A null horizon means the member has read nothing,
   * so every message counts as unread (the same rule for UserChannel and UserConversation).
   */
  unreadCount(channel: Channel, member: Member): number {
    const horizon = member.lastReadIndex;
    if (horizon === null) return channel.messages.length;
    const messages = channel.messages;
    let lo = 0;
    let hi = messages.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((messages[mid]?.index ?? 0) <= horizon) lo = mid + 1;
      else hi = mid;
    }
    return messages.length - lo;
  }

  // ---- messages -----------------------------------------------------------------------------

  addMessage(
    channel: Channel,
    init: Partial<Omit<Message, 'sid' | 'channelSid' | 'serviceSid' | 'index' | 'receipts'>>,
  ): Message {
    const at = init.dateCreated ?? this.now();
    const message: Message = {
      sid: this.sids.next('IM'),
      channelSid: channel.sid,
      serviceSid: channel.serviceSid,
      index: channel.nextMessageIndex,
      author: init.author ?? 'system',
      body: init.body ?? null,
      attributes: init.attributes ?? '{}',
      dateCreated: at,
      dateUpdated: init.dateUpdated ?? at,
      lastUpdatedBy: init.lastUpdatedBy ?? null,
      wasEdited: init.wasEdited ?? false,
      media: init.media ?? null,
      participantSid: init.participantSid ?? null,
      contentSid: init.contentSid ?? null,
      subject: init.subject ?? null,
      receipts: new Map(),
    };
    channel.nextMessageIndex += 1;
    channel.messages.push(message);
    channel.messageBySid.set(message.sid, message);
    return message;
  }

  deleteMessage(channel: Channel, message: Message): void {
    channel.messageBySid.delete(message.sid);
    const at = channel.messages.indexOf(message);
    if (at >= 0) channel.messages.splice(at, 1);
  }

  addReceipt(
    message: Message,
    init: Omit<Receipt, 'sid' | 'messageSid' | 'channelSid' | 'serviceSid'>,
  ): Receipt {
    const receipt: Receipt = {
      sid: this.sids.next('DY'),
      messageSid: message.sid,
      channelSid: message.channelSid,
      serviceSid: message.serviceSid,
      ...init,
    };
    message.receipts.set(receipt.sid, receipt);
    return receipt;
  }

  // ---- users --------------------------------------------------------------------------------

  createUser(
    service: Service,
    init: {
      identity: string;
      friendlyName?: string | null;
      attributes?: string;
      roleSid?: string | null;
      dateCreated?: number;
    },
  ): User {
    const at = init.dateCreated ?? this.now();
    const user: User = {
      sid: this.sids.next('US'),
      serviceSid: service.sid,
      identity: init.identity,
      friendlyName: init.friendlyName ?? null,
      attributes: init.attributes ?? '{}',
      roleSid: init.roleSid ?? service.defaultServiceRoleSid,
      dateCreated: at,
      dateUpdated: at,
    };
    this.users.set(user.sid, user);
    const index = this.index(service.sid);
    index.users.add(user.sid);
    index.ordered.users.invalidate();
    index.userByIdentity.set(user.identity, user.sid);
    return user;
  }

  /** Finds a user of `serviceSid` by US sid or identity. */
  findUser(serviceSid: string, key: string): User | undefined {
    const bySid = this.users.get(key);
    if (bySid && bySid.serviceSid === serviceSid) return bySid;
    const sid = this.indexes.get(serviceSid)?.userByIdentity.get(key);
    return sid === undefined ? undefined : this.users.get(sid);
  }

  /** The service's users in list order; read-only, shared between calls. */
  usersOf(serviceSid: string): readonly User[] {
    return this.index(serviceSid).ordered.users.get();
  }

  /** Deleting a user removes its memberships and push bindings too. */
  deleteUser(user: User): void {
    for (const [channelSid, memberSid] of [...this.membershipsOf(user.serviceSid, user.identity)]) {
      const channel = this.channels.get(channelSid);
      const member = channel?.members.get(memberSid);
      if (channel && member) this.removeMember(channel, member);
    }
    const index = this.index(user.serviceSid);
    for (const sid of [...index.bindings]) {
      if (this.bindings.get(sid)?.identity === user.identity) {
        index.bindings.delete(sid);
        this.bindings.delete(sid);
      }
    }
    index.ordered.bindings.invalidate();
    index.users.delete(user.sid);
    index.ordered.users.invalidate();
    index.userByIdentity.delete(user.identity);
    this.users.delete(user.sid);
  }

  // ---- roles --------------------------------------------------------------------------------

  createRole(
    serviceSid: string,
    friendlyName: string,
    type: RoleType,
    permissions: string[],
    at = this.now(),
  ): Role {
    const role: Role = {
      sid: this.sids.next('RL'),
      serviceSid,
      friendlyName,
      type,
      permissions,
      dateCreated: at,
      dateUpdated: at,
    };
    this.roles.set(role.sid, role);
    const index = this.index(serviceSid);
    index.roles.add(role.sid);
    index.ordered.roles.invalidate();
    return role;
  }

  findRole(serviceSid: string, sid: string): Role | undefined {
    const role = this.roles.get(sid);
    return role && role.serviceSid === serviceSid ? role : undefined;
  }

  /** The service's roles in list order; read-only, shared between calls. */
  rolesOf(serviceSid: string): readonly Role[] {
    return this.index(serviceSid).ordered.roles.get();
  }

  deleteRole(role: Role): void {
    const index = this.index(role.serviceSid);
    index.roles.delete(role.sid);
    index.ordered.roles.invalidate();
    this.roles.delete(role.sid);
  }

  // ---- bindings -----------------------------------------------------------------------------

  createBinding(serviceSid: string, init: Omit<Binding, 'sid' | 'serviceSid'>): Binding {
    const binding: Binding = { sid: this.sids.next('BS'), serviceSid, ...init };
    this.bindings.set(binding.sid, binding);
    const index = this.index(serviceSid);
    index.bindings.add(binding.sid);
    index.ordered.bindings.invalidate();
    return binding;
  }

  findBinding(serviceSid: string, sid: string): Binding | undefined {
    const binding = this.bindings.get(sid);
    return binding && binding.serviceSid === serviceSid ? binding : undefined;
  }

  /** The service's push bindings in list order; read-only, shared between calls. */
  bindingsOf(serviceSid: string): readonly Binding[] {
    return this.index(serviceSid).ordered.bindings.get();
  }

  deleteBinding(binding: Binding): void {
    const index = this.index(binding.serviceSid);
    index.bindings.delete(binding.sid);
    index.ordered.bindings.invalidate();
    this.bindings.delete(binding.sid);
  }

  // ---- channel-scoped records ---------------------------------------------------------------

  addWebhook(
    channel: Channel,
    init: Omit<ChannelWebhook, 'sid' | 'channelSid' | 'serviceSid'>,
  ): ChannelWebhook {
    const webhook: ChannelWebhook = {
      sid: this.sids.next('WH'),
      channelSid: channel.sid,
      serviceSid: channel.serviceSid,
      ...init,
    };
    channel.webhooks.set(webhook.sid, webhook);
    return webhook;
  }

  addInvite(channel: Channel, init: Omit<Invite, 'sid' | 'channelSid' | 'serviceSid'>): Invite {
    const invite: Invite = {
      sid: this.sids.next('IN'),
      channelSid: channel.sid,
      serviceSid: channel.serviceSid,
      ...init,
    };
    channel.invites.set(invite.sid, invite);
    return invite;
  }

  // ---- account-level records ----------------------------------------------------------------

  createCredential(init: Omit<Credential, 'sid'>): Credential {
    const credential: Credential = { sid: this.sids.next('CR'), ...init };
    this.credentials.set(credential.sid, credential);
    return credential;
  }

  createAddress(init: Omit<AddressConfiguration, 'sid'>): AddressConfiguration {
    const address: AddressConfiguration = { sid: this.sids.next('IG'), ...init };
    this.addresses.set(address.sid, address);
    this.addressByValue.set(address.address, address.sid);
    return address;
  }

  /** Finds an address configuration by IG sid or by its address. */
  findAddress(key: string): AddressConfiguration | undefined {
    const bySid = this.addresses.get(key);
    if (bySid) return bySid;
    const sid = this.addressByValue.get(key);
    return sid === undefined ? undefined : this.addresses.get(sid);
  }

  deleteAddress(address: AddressConfiguration): void {
    this.addresses.delete(address.sid);
    this.addressByValue.delete(address.address);
  }
}
