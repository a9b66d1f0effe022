import type twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
// The official library, unchanged except for where it sends requests (EmulatorRequestClient).
import { twilioNodeClient } from '../../support/twilio-node.js';

let emulator: RunningEmulator;
let client: twilio.Twilio;

beforeAll(async () => {
  emulator = await startEmulator({ seed: false });
  client = twilioNodeClient(emulator);
});

afterAll(async () => {
  await emulator.close();
});

describe('twilio-node 6 against the emulator', () => {
  it('creates, then lists across pages by following next_page_url', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(
        (await client.conversations.v1.conversations.create({ friendlyName: `c${i}` })).sid,
      );
    }
    emulator.clearRequests();
    const listed = await client.conversations.v1.conversations.list({ pageSize: 2 });
    expect(listed.map((c) => c.sid).sort()).toEqual([...created].sort());
    expect(emulator.requestLog().byOperation).toEqual({ 'conversations.v1.ListConversation': 3 });
  });

  it('surfaces a missing record as RestException 404/20404', async () => {
    await expect(
      client.conversations.v1.conversations('CH00000000000000000000000000000000').fetch(),
    ).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('surfaces bad credentials as RestException 401/20003', async () => {
    const wrong = twilioNodeClient(emulator, 'not-the-token');
    await expect(wrong.conversations.v1.services.list()).rejects.toMatchObject({
      status: 401,
      code: 20003,
      message: 'Authenticate',
    });
  });

  it('retries injected 429s with autoRetry and then succeeds', async () => {
    emulator.clearRequests();
    emulator.setFaults([{ kind: 'rate-limit', count: 2 }]);
    const services = await client.conversations.v1.services.list();
    expect(services).toBeInstanceOf(Array);
    expect(emulator.requestLog().requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('pages Chat v2 through IP Messaging with a repeated filter', async () => {
    const service = await client.ipMessaging.v2.services.create({ friendlyName: 'ipm' });
    for (const type of ['public', 'private', 'public'] as const) {
      await client.ipMessaging.v2.services(service.sid).channels.create({ type });
    }
    const channels = await client.ipMessaging.v2
      .services(service.sid)
      .channels.list({ type: ['public'], pageSize: 1 });
    expect(channels.map((c) => c.type)).toEqual(['public', 'public']);
    expect(channels[0]?.url).toContain(`${emulator.url}/ip-messaging/v2/Services/${service.sid}`);
  });
});
