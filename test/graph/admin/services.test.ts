/**
 * Service mutations and reads: create and delete through Conversations, Chat-only settings
 * through Chat v2 (and Chat v1's per-event webhooks through Chat v1), and the configuration,
 * notification and webhook settings written through Conversations and read back through both
 * the Conversations sub-resources and Chat's service record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  USER_ERRORS,
  expectRejectedByTwilio,
  expectRejectedLocally,
  payloadOf,
  startMutationHarness,
  type MutationHarness,
} from '../mutations/support/mutations.js';
import { ADMIN_FAKE as FAKE, CHAT_V1, CHAT_V2, VIA, ops } from './support/admin.js';

let h: MutationHarness;
beforeAll(async () => {
  h = await startMutationHarness({ seed: { conversationsPerService: 0, usersPerService: 0 } });
});
afterAll(() => h.close());

const CREATE = `mutation ($input: CreateServiceInput!) {
  createService(input: $input) { service { id sid friendlyName } serviceEdge { node { sid } } ${USER_ERRORS} }
}`;
const UPDATE = `mutation ($input: UpdateServiceInput!) {
  updateService(input: $input) {
    service { sid friendlyName readStatusEnabled typingIndicatorTimeout limits { channelMembers userChannels } }
    ${USER_ERRORS}
  }
}`;
const DELETE = `mutation ($input: DeleteServiceInput!) {
  deleteService(input: $input) { deletedServiceId ${USER_ERRORS} }
}`;
const SETTINGS = `
  configuration { defaultChatServiceRoleSid defaultConversationRoleSid defaultConversationCreatorRoleSid reachabilityEnabled }
  notifications {
    logEnabled
    newMessage { enabled template sound badgeCountEnabled }
    addedToConversation { enabled template }
    removedFromConversation { enabled template }
  }
  webhooks { preWebhookUrl postWebhookUrl method filters }`;
const READ_SETTINGS = `query ($sid: String!) { service(sid: $sid) { ${SETTINGS} } }`;

async function newService(name: string): Promise<{ id: string; sid: string }> {
  const run = await h.run(CREATE, { input: { friendlyName: name } });
  return payloadOf<{ service: { id: string; sid: string } }>(run, 'createService').service;
}

async function newRole(serviceSid: string, type: string, name: string): Promise<string> {
  const run = await h.run(
    `mutation ($input: CreateRoleInput!) { createRole(input: $input) { role { sid } ${USER_ERRORS} } }`,
    { input: { serviceSid, friendlyName: name, type, permissions: ['sendMessage'] } },
  );
  return payloadOf<{ role: { sid: string } }>(run, 'createRole').role.sid;
}

describe('round trip', () => {
  it('creates, reads through every API, updates Chat settings, deletes, and then reads null', async () => {
    const created = await h.run(CREATE, { input: { friendlyName: 'Support desk' } });
    const payload = payloadOf<{ service: { id: string; sid: string }; serviceEdge: unknown }>(
      created,
      'createService',
    );
    expect(payload).toMatchObject({ service: { friendlyName: 'Support desk' }, userErrors: [] });
    expect(payload.serviceEdge).toEqual({ node: { sid: payload.service.sid } });
    expect(ops(created)).toEqual(['conversations.v1.CreateService']);
    const { sid, id } = payload.service;

    for (const [source, fetch, list] of [
      ['CONVERSATIONS', 'conversations.v1.FetchService', 'conversations.v1.ListService'],
      ['CHAT_V2', 'chat.v2.FetchService', 'chat.v2.ListService'],
      ['CHAT_V1', 'chat.v1.FetchService', 'chat.v1.ListService'],
    ] as const) {
      const read = await h.run(
        `query ($sid: String!) {
          service(sid: $sid) { id friendlyName }
          services(first: 100) { nodes { sid } }
        }`,
        { sid },
        VIA[source],
      );
      expect(read.result.errors).toBeUndefined();
      expect(read.data.service).toEqual({ id, friendlyName: 'Support desk' });
      expect((read.data.services as { nodes: unknown[] }).nodes).toContainEqual({ sid });
      expect(ops(read).sort()).toEqual([fetch, list].sort());
    }

    const updated = await h.run(UPDATE, {
      input: {
        sid,
        friendlyName: 'Support',
        readStatusEnabled: false,
        typingIndicatorTimeout: 9,
        limits: { channelMembers: 500, userChannels: 300 },
        preWebhookRetryCount: 2,
        mediaCompatibilityMessage: 'Open the app to see the picture.',
        invitedToConversationNotification: { enabled: true, template: 'Join us', sound: 'ding' },
      },
    });
    expect(payloadOf(updated, 'updateService')).toEqual({
      service: {
        sid,
        friendlyName: 'Support',
        readStatusEnabled: false,
        typingIndicatorTimeout: 9,
        limits: { channelMembers: 500, userChannels: 300 },
      },
      userErrors: [],
    });
    // One write: the Chat-only fields come from its answer.
    expect(ops(updated)).toEqual(['chat.v2.UpdateService']);
    const chat = await h.run(
      `query ($sid: String!) { service(sid: $sid) {
        friendlyName preWebhookRetryCount media { compatibilityMessage }
        notifications { invitedToConversation { enabled template sound } }
      } }`,
      { sid },
      CHAT_V2,
    );
    expect(chat.data.service).toEqual({
      friendlyName: 'Support',
      preWebhookRetryCount: 2,
      media: { compatibilityMessage: 'Open the app to see the picture.' },
      notifications: {
        invitedToConversation: { enabled: true, template: 'Join us', sound: 'ding' },
      },
    });

    const deleted = await h.run(DELETE, { input: { id } });
    expect(payloadOf(deleted, 'deleteService')).toEqual({ deletedServiceId: id, userErrors: [] });
    expect(ops(deleted)).toEqual(['conversations.v1.DeleteService']);
    expect(
      (await h.run(`query ($sid: String!) { service(sid: $sid) { sid } }`, { sid })).data.service,
    ).toBeNull();
  });

  it("sets Chat v1's per-event webhooks through Chat v1 and reads them back", async () => {
    const service = await newService('Legacy');
    const run = await h.run(
      `mutation ($input: UpdateServiceInput!) {
        updateService(input: $input) { service { eventWebhooks { event url method } } ${USER_ERRORS} }
      }`,
      {
        input: {
          sid: service.sid,
          eventWebhooks: [
            { event: 'ON_MESSAGE_SEND', url: 'https://hooks.example.com/send', method: 'POST' },
            { event: 'ON_MEMBER_ADDED', url: 'https://hooks.example.com/joined', method: 'GET' },
          ],
        },
      },
    );
    const payload = payloadOf<{ service: { eventWebhooks: unknown[] } }>(run, 'updateService');
    expect(payload.userErrors).toEqual([]);
    expect(payload.service.eventWebhooks).toEqual(
      expect.arrayContaining([
        { event: 'ON_MESSAGE_SEND', url: 'https://hooks.example.com/send', method: 'POST' },
        { event: 'ON_MEMBER_ADDED', url: 'https://hooks.example.com/joined', method: 'GET' },
      ]),
    );
    // The write and the read of the Chat v1 record: the answer primed it.
    expect(ops(run)).toEqual(['chat.v1.UpdateService']);
  });

  it('writes the service settings through Conversations; Chat reads the same values', async () => {
    const service = await newService('Settings');
    const userRole = await newRole(service.sid, 'SERVICE', 'Member');
    const participantRole = await newRole(service.sid, 'CONVERSATION', 'Guest');
    const configured = await h.run(
      `mutation ($input: UpdateServiceConfigurationInput!) {
        updateServiceConfiguration(input: $input) {
          serviceSid configuration { defaultChatServiceRoleSid defaultConversationRoleSid reachabilityEnabled }
          ${USER_ERRORS}
        }
      }`,
      {
        input: {
          serviceSid: service.sid,
          defaultChatServiceRoleSid: userRole,
          defaultConversationRoleSid: participantRole,
          defaultConversationCreatorRoleSid: participantRole,
          reachabilityEnabled: true,
        },
      },
    );
    expect(payloadOf(configured, 'updateServiceConfiguration')).toEqual({
      serviceSid: service.sid,
      configuration: {
        defaultChatServiceRoleSid: userRole,
        defaultConversationRoleSid: participantRole,
        reachabilityEnabled: true,
      },
      userErrors: [],
    });
    expect(ops(configured)).toEqual(['conversations.v1.UpdateServiceConfiguration']);

    const notified = await h.run(
      `mutation ($input: UpdateServiceNotificationsInput!) {
        updateServiceNotifications(input: $input) { notifications { logEnabled newMessage { enabled template withMedia { enabled template } } } ${USER_ERRORS} }
      }`,
      {
        input: {
          serviceSid: service.sid,
          logEnabled: true,
          newMessage: {
            enabled: true,
            template: 'New message',
            sound: 'chime',
            badgeCountEnabled: true,
            withMediaEnabled: true,
            withMediaTemplate: 'New picture',
          },
          addedToConversation: { enabled: true, template: 'Added' },
          removedFromConversation: { enabled: false, template: 'Removed' },
        },
      },
    );
    expect(payloadOf(notified, 'updateServiceNotifications')).toEqual({
      notifications: {
        logEnabled: true,
        newMessage: {
          enabled: true,
          template: 'New message',
          withMedia: { enabled: true, template: 'New picture' },
        },
      },
      userErrors: [],
    });
    expect(ops(notified)).toEqual(['conversations.v1.UpdateServiceNotification']);

    const hooked = await h.run(
      `mutation ($input: UpdateServiceWebhooksInput!) {
        updateServiceWebhooks(input: $input) { webhooks { preWebhookUrl method filters } service { friendlyName } ${USER_ERRORS} }
      }`,
      {
        input: {
          serviceSid: service.sid,
          preWebhookUrl: 'https://hooks.example.com/pre',
          postWebhookUrl: 'https://hooks.example.com/post',
          method: 'POST',
          filters: ['onMessageAdd', 'onMessageAdded'],
        },
      },
    );
    expect(payloadOf(hooked, 'updateServiceWebhooks')).toEqual({
      webhooks: {
        preWebhookUrl: 'https://hooks.example.com/pre',
        method: 'POST',
        filters: ['onMessageAdd', 'onMessageAdded'],
      },
      service: { friendlyName: 'Settings' },
      userErrors: [],
    });
    expect(ops(hooked)).toEqual([
      'conversations.v1.UpdateServiceWebhookConfiguration',
      'conversations.v1.FetchService',
    ]);

    const conversations = await h.run(READ_SETTINGS, { sid: service.sid });
    expect(ops(conversations).sort()).toEqual([
      'conversations.v1.FetchService',
      'conversations.v1.FetchServiceConfiguration',
      'conversations.v1.FetchServiceNotification',
      'conversations.v1.FetchServiceWebhookConfiguration',
    ]);
    const expected = {
      configuration: {
        defaultChatServiceRoleSid: userRole,
        defaultConversationRoleSid: participantRole,
        defaultConversationCreatorRoleSid: participantRole,
        reachabilityEnabled: true,
      },
      notifications: {
        logEnabled: true,
        newMessage: {
          enabled: true,
          template: 'New message',
          sound: 'chime',
          badgeCountEnabled: true,
        },
        addedToConversation: { enabled: true, template: 'Added' },
        removedFromConversation: { enabled: false, template: 'Removed' },
      },
      webhooks: {
        preWebhookUrl: 'https://hooks.example.com/pre',
        postWebhookUrl: 'https://hooks.example.com/post',
        method: 'POST',
        filters: ['onMessageAdd', 'onMessageAdded'],
      },
    };
    expect(conversations.data.service).toEqual(expected);
    // Chat v2 keeps the same settings in its service record: one Chat request for all three
    // and the service itself.
    const chat = await h.run(READ_SETTINGS, { sid: service.sid }, CHAT_V2);
    expect(chat.data.service).toEqual(expected);
    expect(ops(chat)).toEqual(['chat.v2.FetchService']);
    const v1 = await h.run(
      `query ($sid: String!) { service(sid: $sid) { configuration { defaultConversationRoleSid } } }`,
      { sid: service.sid },
      CHAT_V1,
    );
    expect(ops(v1)).toEqual(['chat.v1.FetchService']);
    expect(v1.data.service).toEqual({
      configuration: { defaultConversationRoleSid: participantRole },
    });
  });
});

describe('bad input', () => {
  it('rejects names that are empty or too long before Twilio', async () => {
    expectRejectedLocally(
      await h.run(CREATE, { input: { friendlyName: 's'.repeat(257) } }),
      'createService',
      { field: ['input', 'friendlyName'], code: 'TOO_LONG' },
    );
    expectRejectedLocally(
      await h.run(UPDATE, { input: { sid: FAKE.IS, friendlyName: 's'.repeat(65) } }),
      'updateService',
      { field: ['input', 'friendlyName'], code: 'TOO_LONG' },
    );
  });

  it('rejects out-of-range Chat settings before Twilio', async () => {
    expectRejectedLocally(
      await h.run(UPDATE, { input: { sid: FAKE.IS, limits: { channelMembers: 5000 } } }),
      'updateService',
      { field: ['input', 'limits', 'channelMembers'], code: 'INVALID' },
    );
  });

  it('rejects Chat v2-only settings combined with Chat v1 webhooks before Twilio', async () => {
    const run = await h.run(UPDATE, {
      input: {
        sid: FAKE.IS,
        preWebhookRetryCount: 1,
        eventWebhooks: [{ event: 'ON_MESSAGE_SENT', url: 'https://hooks.example.com/sent' }],
      },
    });
    expectRejectedLocally(run, 'updateService', {
      field: ['input', 'preWebhookRetryCount'],
      code: 'INVALID',
    });
  });

  it('rejects a bad webhook URL and unknown or user events in service filters before Twilio', async () => {
    expectRejectedLocally(
      await h.run(UPDATE, {
        input: { sid: FAKE.IS, eventWebhooks: [{ event: 'ON_MESSAGE_SEND', url: 'not a url' }] },
      }),
      'updateService',
      { field: ['input', 'eventWebhooks', '0', 'url'], code: 'INVALID' },
    );
    const hooks = `mutation ($input: UpdateServiceWebhooksInput!) {
      updateServiceWebhooks(input: $input) { webhooks { method } ${USER_ERRORS} }
    }`;
    expectRejectedLocally(
      await h.run(hooks, {
        input: { serviceSid: h.serviceSid, postWebhookUrl: 'ftp://x.example' },
      }),
      'updateServiceWebhooks',
      { field: ['input', 'postWebhookUrl'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(hooks, {
        input: { serviceSid: h.serviceSid, filters: ['onMessageAdded', 'onUserAdded'] },
      }),
      'updateServiceWebhooks',
      { field: ['input', 'filters', '1'], code: 'INVALID' },
    );
  });

  it('rejects a malformed default role SID before Twilio, and reports an unknown service', async () => {
    const configure = `mutation ($input: UpdateServiceConfigurationInput!) {
      updateServiceConfiguration(input: $input) { configuration { reachabilityEnabled } ${USER_ERRORS} }
    }`;
    expectRejectedLocally(
      await h.run(configure, {
        input: { serviceSid: h.serviceSid, defaultConversationRoleSid: 'US123' },
      }),
      'updateServiceConfiguration',
      { field: ['input', 'defaultConversationRoleSid'], code: 'INVALID' },
    );
    expectRejectedByTwilio(
      await h.run(configure, { input: { serviceSid: FAKE.IS, reachabilityEnabled: true } }),
      'updateServiceConfiguration',
      { field: ['input', 'serviceSid'], code: 'NOT_FOUND', twilioCode: 20404 },
    );
    expectRejectedByTwilio(await h.run(DELETE, { input: { sid: FAKE.IS } }), 'deleteService', {
      field: ['input', 'sid'],
      code: 'NOT_FOUND',
      twilioCode: 20404,
    });
  });
});
