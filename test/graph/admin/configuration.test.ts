/**
 * Account-level settings: the account configuration (default services and timers), the
 * global webhooks, and address configurations (round trip by SID and by address, filters,
 * duplicates), with bad input rejected before Twilio or by Twilio.
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
import { ADMIN_FAKE as FAKE, ops } from './support/admin.js';

let h: MutationHarness;
beforeAll(async () => {
  h = await startMutationHarness({ seed: { conversationsPerService: 0, usersPerService: 0 } });
});
afterAll(() => h.close());

const CONFIGURE = `mutation ($input: UpdateAccountConfigurationInput!) {
  updateAccountConfiguration(input: $input) {
    configuration { defaultChatServiceSid defaultMessagingServiceSid defaultInactiveTimer defaultClosedTimer }
    ${USER_ERRORS}
  }
}`;
const HOOKS = `mutation ($input: UpdateAccountWebhooksInput!) {
  updateAccountWebhooks(input: $input) {
    webhooks { preWebhookUrl postWebhookUrl method filters target }
    ${USER_ERRORS}
  }
}`;
const ADDRESS =
  'id sid type address friendlyName addressCountry autoCreation { enabled type webhookUrl webhookMethod webhookFilters studioFlowSid studioRetryCount }';
const CREATE = `mutation ($input: CreateAddressConfigurationInput!) {
  createAddressConfiguration(input: $input) {
    addressConfiguration { ${ADDRESS} } addressConfigurationEdge { node { sid } } ${USER_ERRORS}
  }
}`;
const UPDATE = `mutation ($input: UpdateAddressConfigurationInput!) {
  updateAddressConfiguration(input: $input) { addressConfiguration { ${ADDRESS} } ${USER_ERRORS} }
}`;
const DELETE = `mutation ($input: DeleteAddressConfigurationInput!) {
  deleteAddressConfiguration(input: $input) { deletedAddressConfigurationId ${USER_ERRORS} }
}`;
const READ = `query ($sid: String, $address: String) {
  addressConfiguration(sid: $sid, address: $address) { ${ADDRESS} }
}`;

describe('account configuration', () => {
  it('updates the defaults and reads them back', async () => {
    const run = await h.run(CONFIGURE, {
      input: {
        defaultChatServiceSid: h.serviceSid,
        defaultMessagingServiceSid: FAKE.MG,
        defaultInactiveTimer: 'PT5M',
        defaultClosedTimer: 'P1D',
      },
    });
    const expected = {
      defaultChatServiceSid: h.serviceSid,
      defaultMessagingServiceSid: FAKE.MG,
      defaultInactiveTimer: 'PT5M',
      defaultClosedTimer: 'P1D',
    };
    expect(payloadOf(run, 'updateAccountConfiguration')).toEqual({
      configuration: expected,
      userErrors: [],
    });
    expect(ops(run)).toEqual(['conversations.v1.UpdateConfiguration']);
    const read = await h.run(
      '{ configuration { defaultChatServiceSid defaultMessagingServiceSid defaultInactiveTimer defaultClosedTimer } }',
    );
    expect(read.data.configuration).toEqual(expected);
  });

  it('rejects malformed or too short timers and malformed SIDs before Twilio', async () => {
    expectRejectedLocally(
      await h.run(CONFIGURE, { input: { defaultInactiveTimer: 'PT30S' } }),
      'updateAccountConfiguration',
      { field: ['input', 'defaultInactiveTimer'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CONFIGURE, { input: { defaultClosedTimer: '10 minutes' } }),
      'updateAccountConfiguration',
      { field: ['input', 'defaultClosedTimer'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CONFIGURE, { input: { defaultMessagingServiceSid: FAKE.IS } }),
      'updateAccountConfiguration',
      { field: ['input', 'defaultMessagingServiceSid'], code: 'INVALID' },
    );
  });

  it('reports an unknown default service from Twilio on its field', async () => {
    const run = await h.run(CONFIGURE, { input: { defaultChatServiceSid: FAKE.IS } });
    expectRejectedByTwilio(run, 'updateAccountConfiguration', {
      field: ['input', 'defaultChatServiceSid'],
      code: 'INVALID',
      twilioCode: 20001,
    });
  });
});

describe('account webhooks', () => {
  it('updates the global webhooks and reads them back', async () => {
    const webhooks = {
      preWebhookUrl: 'https://hooks.example.com/pre',
      postWebhookUrl: 'https://hooks.example.com/post',
      method: 'GET',
      filters: ['onMessageAdd', 'onUserAdded'],
      target: 'FLEX',
    };
    const run = await h.run(HOOKS, { input: webhooks });
    expect(payloadOf(run, 'updateAccountWebhooks')).toEqual({ webhooks, userErrors: [] });
    expect(ops(run)).toEqual(['conversations.v1.UpdateConfigurationWebhook']);
    const read = await h.run(
      '{ configuration { webhooks { preWebhookUrl postWebhookUrl method filters target } } }',
    );
    expect(read.data.configuration).toEqual({ webhooks });
    expect(ops(read).sort()).toEqual([
      'conversations.v1.FetchConfiguration',
      'conversations.v1.FetchConfigurationWebhook',
    ]);
  });

  it('rejects Chat event names and bad URLs before Twilio', async () => {
    expectRejectedLocally(
      await h.run(HOOKS, { input: { filters: ['onMessageSent'] } }),
      'updateAccountWebhooks',
      { field: ['input', 'filters', '0'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(HOOKS, { input: { preWebhookUrl: 'hooks.example.com' } }),
      'updateAccountWebhooks',
      { field: ['input', 'preWebhookUrl'], code: 'INVALID' },
    );
  });
});

interface AddressShape {
  id: string;
  sid: string;
  address: string;
  friendlyName: string | null;
  autoCreation: Record<string, unknown>;
}

describe('address configurations', () => {
  it('creates, reads by SID and address, lists by type, updates, deletes, and reads null', async () => {
    const created = await h.run(CREATE, {
      input: {
        type: 'SMS',
        address: '+15551230001',
        friendlyName: 'Support line',
        addressCountry: 'us',
        autoCreation: {
          enabled: true,
          type: 'WEBHOOK',
          conversationServiceSid: h.serviceSid,
          webhookUrl: 'https://hooks.example.com/inbound',
          webhookMethod: 'POST',
          webhookFilters: ['onMessageAdded'],
        },
      },
    });
    const payload = payloadOf<{
      addressConfiguration: AddressShape;
      addressConfigurationEdge: unknown;
    }>(created, 'createAddressConfiguration');
    expect(payload.userErrors).toEqual([]);
    expect(payload.addressConfiguration).toMatchObject({
      type: 'SMS',
      address: '+15551230001',
      friendlyName: 'Support line',
      addressCountry: 'US',
      autoCreation: {
        enabled: true,
        type: 'webhook',
        webhookUrl: 'https://hooks.example.com/inbound',
        webhookFilters: ['onMessageAdded'],
      },
    });
    expect(payload.addressConfigurationEdge).toEqual({
      node: { sid: payload.addressConfiguration.sid },
    });
    expect(ops(created)).toEqual(['conversations.v1.CreateConfigurationAddress']);
    const { sid, id } = payload.addressConfiguration;

    expect((await h.run(READ, { sid })).data.addressConfiguration).toEqual(
      payload.addressConfiguration,
    );
    expect((await h.run(READ, { address: '+15551230001' })).data.addressConfiguration).toEqual(
      payload.addressConfiguration,
    );
    const list = `query ($type: AddressType) { addressConfigurations(type: $type) { nodes { sid } } }`;
    const sids = async (type: string) =>
      ((await h.run(list, { type })).data.addressConfigurations as { nodes: unknown[] }).nodes;
    expect(await sids('SMS')).toContainEqual({ sid });
    expect(ops(await h.run(list, { type: 'SMS' }))).toEqual([
      'conversations.v1.ListConfigurationAddress',
    ]);
    expect(await sids('WHATSAPP')).not.toContainEqual({ sid });

    const updated = await h.run(UPDATE, {
      input: {
        address: '+15551230001',
        friendlyName: 'Sales line',
        autoCreation: { type: 'STUDIO', studioFlowSid: FAKE.FW, studioRetryCount: 2 },
      },
    });
    expect(payloadOf(updated, 'updateAddressConfiguration')).toMatchObject({
      addressConfiguration: {
        sid,
        friendlyName: 'Sales line',
        autoCreation: { type: 'studio', studioFlowSid: FAKE.FW, studioRetryCount: 2 },
      },
      userErrors: [],
    });
    expect(ops(updated)).toEqual(['conversations.v1.UpdateConfigurationAddress']);
    expect((await h.run(READ, { sid })).data.addressConfiguration).toMatchObject({
      friendlyName: 'Sales line',
    });

    const deleted = await h.run(DELETE, { input: { id } });
    expect(payloadOf(deleted, 'deleteAddressConfiguration')).toEqual({
      deletedAddressConfigurationId: id,
      userErrors: [],
    });
    expect(ops(deleted)).toEqual(['conversations.v1.DeleteConfigurationAddress']);
    expect((await h.run(READ, { sid })).data.addressConfiguration).toBeNull();
  });

  it('reports a second configuration of the same address as ALREADY_EXISTS', async () => {
    const input = { type: 'WHATSAPP', address: 'whatsapp:+15551230002' };
    expect(
      payloadOf(await h.run(CREATE, { input }), 'createAddressConfiguration').userErrors,
    ).toEqual([]);
    expectRejectedByTwilio(await h.run(CREATE, { input }), 'createAddressConfiguration', {
      field: ['input', 'address'],
      code: 'ALREADY_EXISTS',
      twilioCode: 50435,
    });
  });

  it('rejects settings of the other attachment kind, missing ones and bad values before Twilio', async () => {
    const sms = { type: 'SMS', address: '+15551230003' };
    expectRejectedLocally(
      await h.run(CREATE, {
        input: {
          ...sms,
          autoCreation: {
            type: 'WEBHOOK',
            webhookUrl: 'https://h.example.com',
            studioFlowSid: FAKE.FW,
          },
        },
      }),
      'createAddressConfiguration',
      { field: ['input', 'autoCreation', 'studioFlowSid'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CREATE, { input: { ...sms, autoCreation: { enabled: true, type: 'STUDIO' } } }),
      'createAddressConfiguration',
      { field: ['input', 'autoCreation', 'studioFlowSid'], code: 'REQUIRED' },
    );
    expectRejectedLocally(
      await h.run(CREATE, {
        input: {
          ...sms,
          autoCreation: {
            type: 'WEBHOOK',
            webhookUrl: 'https://h.example.com',
            webhookFilters: ['onMessageAdd'],
          },
        },
      }),
      'createAddressConfiguration',
      { field: ['input', 'autoCreation', 'webhookFilters', '0'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CREATE, { input: { ...sms, addressCountry: 'USA' } }),
      'createAddressConfiguration',
      { field: ['input', 'addressCountry'], code: 'INVALID' },
    );
    expectRejectedLocally(
      await h.run(CREATE, { input: { ...sms, address: 'a'.repeat(257) } }),
      'createAddressConfiguration',
      { field: ['input', 'address'], code: 'TOO_LONG' },
    );
    expectRejectedLocally(
      await h.run(UPDATE, { input: { sid: 'IG1', friendlyName: 'x' } }),
      'updateAddressConfiguration',
      { field: ['input', 'sid'], code: 'INVALID' },
    );
  });

  it('reports an unknown configuration as NOT_FOUND (by address: found missing without a write)', async () => {
    expectRejectedByTwilio(
      await h.run(UPDATE, { input: { sid: FAKE.IG, friendlyName: 'x' } }),
      'updateAddressConfiguration',
      { field: ['input', 'sid'], code: 'NOT_FOUND', twilioCode: 20404 },
    );
    const run = await h.run(DELETE, { input: { address: '+15550000000' } });
    const payload = payloadOf(run, 'deleteAddressConfiguration');
    expect(payload.userErrors).toMatchObject([{ field: ['input', 'address'], code: 'NOT_FOUND' }]);
    expect(ops(run)).toEqual(['conversations.v1.FetchConfigurationAddress']);
  });
});
