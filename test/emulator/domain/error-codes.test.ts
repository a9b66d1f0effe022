/**
 * The emulator's table of Twilio error codes (src/emulator/codes.ts): every code has a status
 * and a source, and the codes Twilio documents for a situation are the ones answered.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/emulator/codes.js';
import type { TwilioCode } from '../../../src/emulator/codes.js';
import { createDomain } from '../../../src/emulator/resources/index.js';
import { ACCOUNT_SID, defaultServiceSid, errorOf, failure, record, text } from './support.js';

const entries: [string, TwilioCode][] = Object.entries(ErrorCode);

describe('the table of error codes', () => {
  it('gives every code an HTTP status and a source, and one status per code', () => {
    const statusOf = new Map<number, number>();
    for (const [name, entry] of entries) {
      expect(entry.source.length, name).toBeGreaterThan(10);
      expect(entry.status >= 400 && entry.status <= 599, name).toBe(true);
      expect(statusOf.get(entry.code) ?? entry.status, name).toBe(entry.status);
      statusOf.set(entry.code, entry.status);
    }
  });

  it('says why wherever a code is invented or inferred', () => {
    for (const [name, entry] of entries) {
      if (/\b(invented|inferred)\b/.test(entry.source)) {
        expect(entry.source, name).toMatch(/(invented|inferred)[:;) ]/);
      } else {
        expect(entry.source, name).toMatch(/wire §|dictionary \d{5}|#\d+/);
      }
    }
  });

  it('no longer answers 21602 (Programmable SMS "Message body is required") for anything', () => {
    expect(entries.map(([, entry]) => entry.code)).not.toContain(21602);
  });
});

describe('conversation timers', () => {
  const update = (body: Record<string, string>) => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    return errorOf(
      failure(domain, 'conversations.v1.UpdateConversation', { path: { Sid: 'general' }, body }),
    );
  };

  it('answers an inactive timer that is not a duration with 50379, a closed one with 50380', () => {
    expect(update({ 'Timers.Inactive': 'ten minutes' })).toMatchObject({
      status: 400,
      code: 50379,
    });
    expect(update({ 'Timers.Closed': 'ten minutes' })).toMatchObject({ status: 400, code: 50380 });
  });

  it('answers timers below the minimum with 50375 (1 minute) and 50376 (10 minutes)', () => {
    expect(update({ 'Timers.Inactive': 'PT30S' })).toMatchObject({
      status: 400,
      code: 50375,
      message: 'Timers.Inactive must be at least 1 minute',
    });
    expect(update({ 'Timers.Closed': 'PT9M' })).toMatchObject({
      status: 400,
      code: 50376,
      message: 'Timers.Closed must be at least 10 minutes',
    });
  });

  it('answers account default timers that are not durations with the same codes', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const configure = (body: Record<string, string>) =>
      errorOf(failure(domain, 'conversations.v1.UpdateConfiguration', { body }));
    expect(configure({ DefaultInactiveTimer: 'soon' }).code).toBe(50379);
    expect(configure({ DefaultClosedTimer: 'later' }).code).toBe(50380);
  });
});

describe('webhook limits', () => {
  it('answers a sixth channel webhook with 50321 and a sixth conversation webhook with 50361', () => {
    const domain = createDomain({ accountSid: ACCOUNT_SID });
    const service = defaultServiceSid(domain);
    const channel = text(
      record(domain, 'chat.v2.FetchChannel', { path: { ServiceSid: service, Sid: 'general' } }).sid,
    );
    const chatPath = { ServiceSid: service, ChannelSid: channel };
    const conversationPath = { ConversationSid: channel };
    for (let i = 0; i < 5; i += 1) {
      record(domain, 'chat.v2.CreateChannelWebhook', {
        path: chatPath,
        body: { Type: 'webhook', 'Configuration.Url': `https://hooks.example.com/${i}` },
      });
    }
    expect(
      errorOf(
        failure(domain, 'chat.v2.CreateChannelWebhook', {
          path: chatPath,
          body: { Type: 'webhook', 'Configuration.Url': 'https://hooks.example.com/6' },
        }),
      ),
    ).toMatchObject({ status: 400, code: 50321 });
    // The same five webhooks are the conversation's: Conversations refuses a sixth too.
    expect(
      errorOf(
        failure(domain, 'conversations.v1.CreateConversationScopedWebhook', {
          path: conversationPath,
          body: { Target: 'webhook', 'Configuration.Url': 'https://hooks.example.com/6' },
        }),
      ),
    ).toMatchObject({ status: 400, code: 50361 });
  });
});
