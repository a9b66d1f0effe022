import { describe, expect, it } from 'vitest';
import {
  baseUrlFor,
  composeHostname,
  createTwilioConfig,
  resolveTrustedUrl,
} from '../../src/twilio/index.js';
import { ACCOUNT_SID, AUTH_TOKEN } from './support/fixtures.js';

const credentials = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN };

describe('edge/region hosts (twilio-node getHostname, reference §1.2)', () => {
  it.each([
    ['chat.twilio.com', null, null, 'chat.twilio.com'],
    ['chat.twilio.com', 'sydney', 'au1', 'chat.sydney.au1.twilio.com'],
    ['chat.twilio.com', 'sydney', null, 'chat.sydney.us1.twilio.com'],
    ['chat.twilio.com', null, 'ie1', 'chat.ie1.twilio.com'],
    ['conversations.twilio.com', 'dublin', 'ie1', 'conversations.dublin.ie1.twilio.com'],
    ['conversations.sydney.au1.twilio.com', 'dublin', 'ie1', 'conversations.dublin.ie1.twilio.com'],
  ])('%s with edge %s and region %s is %s', (host, edge, region, expected) => {
    expect(composeHostname(host, edge, region)).toBe(expected);
  });

  it('builds https base URLs for chat, ip-messaging and conversations from edge and region', () => {
    const config = createTwilioConfig({ credentials, edge: 'dublin', region: 'ie1' });
    expect(baseUrlFor(config, 'chat')).toBe('https://chat.dublin.ie1.twilio.com');
    expect(baseUrlFor(config, 'ip-messaging')).toBe('https://ip-messaging.dublin.ie1.twilio.com');
    expect(baseUrlFor(config, 'conversations')).toBe('https://conversations.dublin.ie1.twilio.com');
    expect(baseUrlFor(createTwilioConfig({ credentials }), 'chat')).toBe('https://chat.twilio.com');
  });

  it('uses a base-URL override as given: edge and region do not apply to it', () => {
    const config = createTwilioConfig({
      credentials,
      edge: 'sydney',
      region: 'au1',
      baseUrls: { conversations: 'http://127.0.0.1:4010/conversations' },
    });
    expect(baseUrlFor(config, 'conversations')).toBe('http://127.0.0.1:4010/conversations');
    expect(baseUrlFor(config, 'chat')).toBe('https://chat.sydney.au1.twilio.com');
  });

  it('re-hosts a twilio.com page URL onto the configured edge/region, like twilio-node', () => {
    const config = createTwilioConfig({ credentials, edge: 'dublin', region: 'ie1' });
    const trusted = resolveTrustedUrl(
      config,
      ['conversations'],
      'https://conversations.twilio.com/v1/Conversations?State=active&PageSize=50&Page=1&PageToken=PAx',
    );
    expect(trusted?.url.href).toBe(
      'https://conversations.dublin.ie1.twilio.com/v1/Conversations?State=active&PageSize=50&Page=1&PageToken=PAx',
    );
  });

  it('does not trust URLs on other hosts, other schemes, other prefixes or with user info', () => {
    const config = createTwilioConfig({
      credentials,
      baseUrls: { chat: 'http://127.0.0.1:4010/chat' },
    });
    const untrusted = [
      'https://chat.twilio.com.evil.example/v2/Services',
      'http://conversations.twilio.com/v1/Conversations',
      'https://evil.example/v1/Conversations',
      'http://127.0.0.1:4011/chat/v2/Services',
      'http://127.0.0.1:4010/chatty/v2/Services',
      'http://127.0.0.1:4010/v2/Services',
      'http://user:pw@127.0.0.1:4010/chat/v2/Services',
      'not a url',
    ];
    for (const url of untrusted) {
      expect(resolveTrustedUrl(config, ['chat', 'conversations'], url), url).toBeNull();
    }
    expect(
      resolveTrustedUrl(config, ['chat'], 'http://127.0.0.1:4010/chat/v2/Services'),
    ).not.toBeNull();
  });
});
