/**
 * The deterministic demo data set: friendly names, stable SIDs (derived from the seed string)
 * and fixed dates one minute apart, so every run and every reset produce the same records.
 * Built straight on the store (no request parsing) so large sizes load quickly.
 */
import type { SeedOptions } from './contract.js';
import type { Channel, Service, User } from './store/entities.js';
import type { Store } from './store/store.js';

const SEED_EPOCH = Date.UTC(2024, 0, 15, 9, 0, 0);
const MINUTE = 60_000;

const PEOPLE = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
  'olivia',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'victor',
  'walter',
  'yolanda',
];
const TOPICS = [
  'General',
  'Support',
  'Random',
  'Engineering',
  'Design',
  'Sales',
  'Marketing',
  'Operations',
  'Product',
  'Travel',
];
const PUBLIC_TOPICS = ['Announcements', 'Lobby', 'Help Desk', 'Watercooler'];
const LINES = [
  'Good morning, everyone!',
  'Has anyone seen the latest build?',
  'I pushed a fix for the login issue.',
  'Can we move the sync to 3pm?',
  'Thanks, that works for me.',
  'Here is the summary from yesterday.',
  'Who is on call this week?',
  'The customer confirmed the order.',
  'Lunch anyone?',
  'Looks good to me, ship it.',
  'I will follow up by email.',
  'Reminder: demo on Friday.',
];

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** `alice`, `bob`, … then `alice2`, `bob2`, … for larger data sets. */
function personName(i: number): string {
  const base = PEOPLE[i % PEOPLE.length] ?? 'user';
  const round = Math.floor(i / PEOPLE.length);
  return round === 0 ? base : `${base}${round + 1}`;
}

function topicName(topics: readonly string[], i: number): string {
  const base = topics[i % topics.length] ?? 'Channel';
  const round = Math.floor(i / topics.length);
  return round === 0 ? base : `${base} ${round + 1}`;
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

export function seedStore(store: Store, options: SeedOptions): void {
  let clock = SEED_EPOCH;
  const tick = (ms = MINUTE) => (clock += ms);

  const serviceCount = options.services ?? 1;
  const explicitParticipants = options.participantsPerConversation;
  const userCount = Math.max(options.usersPerService ?? 10, explicitParticipants ?? 5);
  const conversationCount = options.conversationsPerService ?? 6;
  const messageCount = options.messagesPerConversation ?? 30;
  const publicCount = options.publicChannelsPerService ?? 2;

  for (const [type, name] of [
    ['fcm', 'Android push'],
    ['apn', 'iOS push'],
  ] as const) {
    store.credentials.create({
      friendlyName: name,
      type,
      sandbox: 'False',
      dateCreated: tick(),
      dateUpdated: clock,
    });
  }

  for (let s = 0; s < serviceCount; s += 1) {
    const service = store.createService(s === 0 ? 'Demo Chat' : `Demo Chat ${s + 1}`, tick());
    if (s === 0) store.account.defaultChatServiceSid = service.sid;
    service.limits.channelMembers = Math.max(
      service.limits.channelMembers,
      explicitParticipants ?? 0,
    );
    const users = seedUsers(store, service, userCount, tick);
    seedBindings(store, service, users.slice(0, 3), tick);

    for (let c = 0; c < conversationCount; c += 1) {
      const name = topicName(TOPICS, c);
      const channel = store.createChannel(service, {
        friendlyName: name,
        uniqueName: slug(name),
        attributes: JSON.stringify({ topic: name }),
        type: 'private',
        dateCreated: tick(),
      });
      const size = Math.min(explicitParticipants ?? 3 + (c % 3), users.length);
      // The playground's example user (the first one) also joins every other conversation,
      // last, so her inbox holds several with unread messages. Explicit sizes stay exact.
      const guest = explicitParticipants === undefined && c % 2 === 0 ? users[0] : undefined;
      seedConversation(store, service, channel, users, c, size, messageCount, tick, guest);
      // One SMS participant shows a non-chat binding and delivery receipts.
      if (c === 1 && s === 0) addSmsParticipant(store, channel, tick);
    }
    for (let p = 0; p < publicCount; p += 1) {
      const name = topicName(PUBLIC_TOPICS, p);
      const channel = store.createChannel(service, {
        friendlyName: name,
        uniqueName: slug(name),
        type: 'public',
        dateCreated: tick(),
      });
      seedConversation(
        store,
        service,
        channel,
        users,
        p + 1,
        Math.min(4, users.length),
        Math.min(messageCount, 8),
        tick,
      );
    }
  }
  if (serviceCount > 0) {
    store.addresses.create({
      type: 'sms',
      address: '+15005550006',
      friendlyName: 'Demo SMS number',
      autoCreation: {
        enabled: true,
        type: 'default',
        conversationServiceSid: store.account.defaultChatServiceSid,
        webhookUrl: null,
        webhookMethod: null,
        webhookFilters: [],
        studioFlowSid: null,
        studioRetryCount: null,
      },
      addressCountry: 'US',
      dateCreated: tick(),
      dateUpdated: clock,
    });
  }
}

function seedUsers(
  store: Store,
  service: Service,
  count: number,
  tick: (ms?: number) => number,
): User[] {
  const users: User[] = [];
  for (let u = 0; u < count; u += 1) {
    const identity = personName(u);
    users.push(
      store.createUser(service, {
        identity,
        friendlyName: capitalize(identity),
        attributes: JSON.stringify({ avatar: `https://example.com/avatars/${identity}.png` }),
        dateCreated: tick(),
      }),
    );
  }
  return users;
}

function seedBindings(
  store: Store,
  service: Service,
  users: User[],
  tick: (ms?: number) => number,
): void {
  const credentials = store.credentials.of(store.accountSid);
  users.forEach((user, i) => {
    const credential = credentials[i % credentials.length];
    store.bindings.create({
      serviceSid: service.sid,
      credentialSid: credential?.sid ?? null,
      endpoint: `${user.identity}-device-${i + 1}`,
      identity: user.identity,
      bindingType: credential?.type ?? 'fcm',
      messageTypes: ['new_message', 'added_to_channel', 'removed_from_channel'],
      dateCreated: tick(),
      dateUpdated: tick(0),
    });
  });
}

function seedConversation(
  store: Store,
  service: Service,
  channel: Channel,
  users: readonly User[],
  offset: number,
  size: number,
  messageCount: number,
  tick: (ms?: number) => number,
  guest?: User,
): void {
  const members = [];
  const chosen = Array.from({ length: size }, (_, p) => users[(offset + p) % users.length]);
  if (guest && !chosen.includes(guest)) chosen.push(guest);
  for (const [p, user] of chosen.entries()) {
    if (!user) continue;
    members.push(
      store.addMember(channel, {
        identity: user.identity,
        roleSid: p === 0 ? service.defaultChannelCreatorRoleSid : service.defaultChannelRoleSid,
        dateCreated: tick(1000),
      }),
    );
  }
  for (let m = 0; m < messageCount; m += 1) {
    const author = members[m % Math.max(members.length, 1)];
    store.addMessage(channel, {
      author: author?.identity ?? 'system',
      body: LINES[(offset + m) % LINES.length] ?? '',
      participantSid: author?.sid ?? null,
      dateCreated: tick(1000),
    });
  }
  // Read horizons: the first member is caught up, the others lag behind (the last has read
  // nothing), so unread counts are real and varied.
  const last = channel.nextMessageIndex - 1;
  members.forEach((member, i) => {
    if (messageCount === 0) return;
    if (i === members.length - 1 && i > 0) return;
    member.lastReadIndex = Math.max(0, last - i * 3);
    member.lastReadAt = channel.messages[member.lastReadIndex]?.dateCreated ?? null;
  });
  channel.dateUpdated = tick(0);
}

function addSmsParticipant(store: Store, channel: Channel, tick: (ms?: number) => number): void {
  const member = store.addMember(channel, {
    identity: null,
    messagingBinding: {
      type: 'sms',
      address: '+15558675310',
      proxyAddress: '+15005550006',
      projectedAddress: null,
    },
    dateCreated: tick(1000),
  });
  for (const message of channel.messages.slice(-3)) {
    store.addReceipt(message, {
      channelMessageSid: store.sids.next('SM'),
      participantSid: member.sid,
      status: message === channel.messages[channel.messages.length - 1] ? 'sent' : 'delivered',
      errorCode: 0,
      dateCreated: message.dateCreated,
      dateUpdated: message.dateCreated,
    });
  }
}
