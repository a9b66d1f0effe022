import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN } from '../../src/emulator/index.js';
import { resolveUpstream, UpstreamConfigError } from '../../src/server/upstream.js';

const accountSid = `AC${'1'.repeat(32)}`;

describe('resolveUpstream', () => {
  it('talks to Twilio when credentials are set', async () => {
    const upstream = await resolveUpstream({
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: 'not-a-real-token',
    });
    expect(upstream.kind).toBe('twilio');
    expect(upstream.config.credentials.accountSid).toBe(accountSid);
    expect(upstream.config.baseUrls).toEqual({});
    expect(upstream.emulatorUrl).toBeNull();
  });

  it('uses a standalone emulator with its fixed credentials when only base URLs are set', async () => {
    const upstream = await resolveUpstream({
      TWILIO_CHAT_BASE_URL: 'http://127.0.0.1:4010/chat',
      TWILIO_CONVERSATIONS_BASE_URL: 'http://127.0.0.1:4010/conversations',
    });
    expect(upstream.kind).toBe('standalone-emulator');
    expect(upstream.config.credentials).toMatchObject({
      accountSid: DEFAULT_ACCOUNT_SID,
      authToken: DEFAULT_AUTH_TOKEN,
    });
    // IP Messaging is served beside Chat, so its calls do not escape to the real host.
    expect(upstream.config.baseUrls).toEqual({
      chat: 'http://127.0.0.1:4010/chat',
      'ip-messaging': 'http://127.0.0.1:4010/ip-messaging',
      conversations: 'http://127.0.0.1:4010/conversations',
    });
  });

  it('refuses one base URL without the other, naming both variables', async () => {
    await expect(
      resolveUpstream({ TWILIO_CHAT_BASE_URL: 'http://127.0.0.1:4010/chat' }),
    ).rejects.toThrow(UpstreamConfigError);
    await expect(
      resolveUpstream({ TWILIO_CONVERSATIONS_BASE_URL: 'http://127.0.0.1:4010/conversations' }),
    ).rejects.toThrow(/TWILIO_CHAT_BASE_URL and TWILIO_CONVERSATIONS_BASE_URL/);
  });

  it('embeds an emulator on loopback when nothing is set, and closes it', async () => {
    const upstream = await resolveUpstream({});
    try {
      expect(upstream.kind).toBe('embedded-emulator');
      expect(upstream.emulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(upstream.config.baseUrls.conversations).toBe(`${upstream.emulatorUrl}/conversations`);
      const answer = await fetch(`${upstream.emulatorUrl}/conversations/v1/Configuration`, {
        headers: {
          authorization: `Basic ${Buffer.from(`${DEFAULT_ACCOUNT_SID}:${DEFAULT_AUTH_TOKEN}`).toString('base64')}`,
        },
      });
      expect(answer.status).toBe(200);
    } finally {
      await upstream.close();
    }
    await expect(fetch(`${upstream.emulatorUrl}/conversations/v1/Configuration`)).rejects.toThrow();
  });

  it('reports a malformed credential by variable name, never its value', async () => {
    const attempt = resolveUpstream({ TWILIO_ACCOUNT_SID: 'ACnope', TWILIO_AUTH_TOKEN: 'tok3n' });
    await expect(attempt).rejects.toThrow(/TWILIO_ACCOUNT_SID/);
    await expect(attempt).rejects.not.toThrow(/tok3n|ACnope/);
  });
});
