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
  Service,
  ServiceNotifications,
  User,
} from './entities.js';
import { Collection, MembershipIndex } from './collection.js';
import type { EditableRecords, Records, Scoped } from './collection.js';
import { DEFAULT_ROLES } from './default-roles.js';
import { SidFactory } from './sids.js';
import type { Clock } from './time.js';

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

/**
 * The one in-memory store behind every API. It keeps records, indexes, cascades and derived
 * counts; it does not validate requests or know any wire shape.
 *
 * Each scoped kind of record is a `Collection` (map, per-scope rows, creation order, natural
 * keys), kept private: handlers read through the views below and write through the store's
 * methods, which keep defaults, indexes and cascades right. A kind whose writes are only "add
 * one record" / "remove one record" (roles, bindings, credentials, addresses) is written on its
 * `EditableRecords` view instead of through a method of its own. Channel-scoped records
 * (members, messages, receipts, webhooks, invites) live on their channel.
 */
export class Store {
  readonly sids: SidFactory;
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

  // Account-level records, scoped by the account SID.
  private readonly serviceRows = new Collection<Service>({
    newSid: () => this.sids.next('IS'),
    scopeOf: () => this.accountSid,
  });
  private readonly credentialRows = new Collection<Credential>({
    newSid: () => this.sids.next('CR'),
    scopeOf: () => this.accountSid,
  });
  private readonly addressRows = new Collection<AddressConfiguration>({
    newSid: () => this.sids.next('IG'),
    scopeOf: () => this.accountSid,
    naturalKeys: [(a) => a.address],
  });
  // Service-scoped records.
  private readonly channelRows = new Collection<Channel>({
    newSid: () => this.sids.next('CH'),
    scopeOf: (c) => c.serviceSid,
    naturalKeys: [(c) => c.uniqueName],
  });
  private readonly userRows = new Collection<User>({
    newSid: () => this.sids.next('US'),
    scopeOf: (u) => u.serviceSid,
    naturalKeys: [(u) => u.identity],
  });
  private readonly roleRows = new Collection<Role>({
    newSid: () => this.sids.next('RL'),
    scopeOf: (r) => r.serviceSid,
  });
  private readonly bindingRows = new Collection<Binding>({
    newSid: () => this.sids.next('BS'),
    scopeOf: (b) => b.serviceSid,
  });
  private readonly memberships = new MembershipIndex();
  /** Everything kept per service: `createService` opens a scope in each, `deleteService` drops it. */
  private readonly serviceScoped: readonly Scoped[] = [
    this.channelRows,
    this.userRows,
    this.roleRows,
    this.bindingRows,
    this.memberships,
  ];

  // What handlers see. Kinds with defaults or cascades are written through the methods below;
  // the others are created and deleted on their view. Account-level kinds are scoped by the
  // account SID, the rest by service SID.
  readonly services: Records<Service> = this.serviceRows;
  /** Natural key: the unique name. */
  readonly channels: Records<Channel> = this.channelRows;
  /** Natural key: the identity. */
  readonly users: Records<User> = this.userRows;
  readonly roles: EditableRecords<Role> = this.roleRows;
  /** Push bindings: no API creates them (client SDKs register them); seed data does. */
  readonly bindings: EditableRecords<Binding> = this.bindingRows;
  readonly credentials: EditableRecords<Credential> = this.credentialRows;
  /** Natural key: the address itself. */
  readonly addresses: EditableRecords<AddressConfiguration> = this.addressRows;

  constructor(
    readonly accountSid: string,
    seed: string,
    readonly now: Clock,
  ) {
    this.sids = new SidFactory(seed);
    for (const rows of [this.serviceRows, this.credentialRows, this.addressRows]) {
      rows.openScope(accountSid);
    }
  }

  // ---- services -------------------------------------------------------------------------

  createService(friendlyName: string, at = this.now()): Service {
    const service = this.serviceRows.create({
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
    });
    for (const part of this.serviceScoped) part.openScope(service.sid);
    // Twilio creates these four roles with every service and points the defaults at them.
    for (const role of DEFAULT_ROLES) {
      const { sid } = this.roleRows.create({
        serviceSid: service.sid,
        friendlyName: role.name,
        type: role.type,
        permissions: [...role.permissions],
        dateCreated: at,
        dateUpdated: at,
      });
      if (role.defaultFor === 'service') service.defaultServiceRoleSid = sid;
      if (role.defaultFor === 'channel') service.defaultChannelRoleSid = sid;
      if (role.defaultFor === 'creator') service.defaultChannelCreatorRoleSid = sid;
    }
    return service;
  }

  /** Deleting a service deletes everything kept for it. */
  deleteService(service: Service): void {
    for (const part of this.serviceScoped) part.dropScope(service.sid);
    this.serviceRows.delete(service);
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
    return this.channelRows.create({
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
    });
  }

  setChannelUniqueName(channel: Channel, uniqueName: string | null): void {
    this.channelRows.rekey(channel, () => {
      channel.uniqueName = uniqueName;
    });
  }

  deleteChannel(channel: Channel): void {
    for (const member of [...channel.members.values()]) this.removeMember(channel, member);
    this.channelRows.delete(channel);
  }

  // ---- members / participants ------------------------------------------------------------

  addMember(
    channel: Channel,
    init: Partial<Omit<Member, 'sid' | 'channelSid' | 'serviceSid'>> & { identity: string | null },
  ): Member {
    const at = init.dateCreated ?? this.now();
    const member: Member = this.onChannel('MB', channel, {
      identity: init.identity,
      roleSid: init.roleSid ?? null,
      attributes: init.attributes ?? '{}',
      lastReadIndex: init.lastReadIndex ?? null,
      lastReadAt: init.lastReadAt ?? null,
      dateCreated: at,
      dateUpdated: init.dateUpdated ?? at,
      messagingBinding: init.messagingBinding ?? null,
      notificationLevel: init.notificationLevel ?? 'default',
    });
    channel.members.set(member.sid, member);
    if (member.identity !== null) this.indexMembership(channel, member, member.identity);
    return member;
  }

  private indexMembership(channel: Channel, member: Member, identity: string): void {
    channel.memberByIdentity.set(identity, member.sid);
    this.memberships.add(channel.serviceSid, identity, channel.sid, member.sid);
  }

  private unindexMembership(channel: Channel, identity: string): void {
    channel.memberByIdentity.delete(identity);
    this.memberships.remove(channel.serviceSid, identity, channel.sid);
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
    return this.memberships.of(serviceSid, identity);
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
    const message: Message = this.onChannel('IM', channel, {
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
    });
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
    return this.userRows.create({
      serviceSid: service.sid,
      identity: init.identity,
      friendlyName: init.friendlyName ?? null,
      attributes: init.attributes ?? '{}',
      roleSid: init.roleSid ?? service.defaultServiceRoleSid,
      dateCreated: at,
      dateUpdated: at,
    });
  }

  /** Deleting a user removes its memberships and push bindings too. */
  deleteUser(user: User): void {
    for (const [channelSid, memberSid] of [...this.membershipsOf(user.serviceSid, user.identity)]) {
      const channel = this.channelRows.get(channelSid);
      const member = channel?.members.get(memberSid);
      if (channel && member) this.removeMember(channel, member);
    }
    const own = this.bindingRows.of(user.serviceSid).filter((b) => b.identity === user.identity);
    for (const binding of own) this.bindingRows.delete(binding);
    this.userRows.delete(user);
  }

  // ---- channel-scoped records ---------------------------------------------------------------

  /** A new record of `channel`: a fresh SID of `prefix` and the channel's own SIDs. */
  private onChannel<T>(prefix: string, channel: Channel, init: T) {
    return {
      sid: this.sids.next(prefix),
      channelSid: channel.sid,
      serviceSid: channel.serviceSid,
      ...init,
    };
  }

  addWebhook(
    channel: Channel,
    init: Omit<ChannelWebhook, 'sid' | 'channelSid' | 'serviceSid'>,
  ): ChannelWebhook {
    const webhook: ChannelWebhook = this.onChannel('WH', channel, init);
    channel.webhooks.set(webhook.sid, webhook);
    return webhook;
  }

  deleteWebhook(channel: Channel, webhook: ChannelWebhook): void {
    channel.webhooks.delete(webhook.sid);
  }

  addInvite(channel: Channel, init: Omit<Invite, 'sid' | 'channelSid' | 'serviceSid'>): Invite {
    const invite: Invite = this.onChannel('IN', channel, init);
    channel.invites.set(invite.sid, invite);
    return invite;
  }

  deleteInvite(channel: Channel, invite: Invite): void {
    channel.invites.delete(invite.sid);
  }
}
