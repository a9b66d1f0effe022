import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';

let emulator: RunningEmulator;
let auth: string;

beforeAll(async () => {
  emulator = await startEmulator();
  const { accountSid, authToken } = emulator.credentials;
  auth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
});

afterAll(async () => {
  await emulator.close();
});

async function twilio(
  url: string,
  form?: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: form ? 'POST' : 'GET',
    headers: {
      authorization: auth,
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the domain through the emulator HTTP server', () => {
  it('a conversation created over HTTP reads back via Chat v2 and IP Messaging with their own urls', async () => {
    const { conversations, chat, ipMessaging } = emulator.baseUrls;
    const created = await twilio(`${conversations}/v1/Conversations`, {
      FriendlyName: 'Over the wire',
      UniqueName: 'over-the-wire',
    });
    expect(created.status).toBe(201);
    const sid = String(created.body.sid);
    const service = String(created.body.chat_service_sid);
    const viaChat = await twilio(`${chat}/v2/Services/${service}/Channels/over-the-wire`);
    const viaIpm = await twilio(`${ipMessaging}/v2/Services/${service}/Channels/${sid}`);
    expect(viaChat.status).toBe(200);
    expect(viaChat.body).toMatchObject({ sid, type: 'private', friendly_name: 'Over the wire' });
    expect(viaIpm.body.url).toBe(`${ipMessaging}/v2/Services/${service}/Channels/${sid}`);
  });

  it('a list comes back paged in the Twilio envelope, messages in index order', async () => {
    const page = await twilio(
      `${emulator.baseUrls.conversations}/v1/Conversations/general/Messages?PageSize=5`,
    );
    expect(page.status).toBe(200);
    const messages = page.body.messages as { index: number }[];
    expect(messages.map((m) => m.index)).toEqual([0, 1, 2, 3, 4]);
    expect(page.body.meta).toMatchObject({ key: 'messages', page_size: 5 });
  });

  it('a domain error keeps its Twilio code and status over HTTP', async () => {
    const closed = await twilio(`${emulator.baseUrls.conversations}/v1/Conversations/random`, {
      State: 'closed',
    });
    expect(closed.status).toBe(200);
    const rejected = await twilio(`${emulator.baseUrls.conversations}/v1/Conversations/random`, {
      FriendlyName: 'again',
    });
    expect(rejected.status).toBe(400);
    expect(rejected.body).toMatchObject({ code: 50377, status: 400 });
  });
});
