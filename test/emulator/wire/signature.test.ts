import { describe, expect, it } from 'vitest';
import { signatureBase, twilioSignature } from '../../../src/emulator/webhooks.js';

import { REFERENCE_SIGNING } from '../../support/signature-vector.js';

// The worked examples of the wire reference §8.4, confirmed there against twilio-node 6.2.0.
const { authToken, url, params } = REFERENCE_SIGNING;

describe('X-Twilio-Signature', () => {
  it('signs the URL followed by name+value pairs in sorted name order', () => {
    expect(signatureBase(url, params)).toBe(
      'https://gw.example.com/twilio/conversations/pre?tenant=acmeAccountSidAC00000000000000000000000000000001' +
        'Attributes{}AuthoraliceBodyHi & welcomeChatServiceSidIS00000000000000000000000000000002' +
        'ClientIdentityaliceConversationSidCH00000000000000000000000000000003EventTypeonMessageAdd' +
        'RetryCount0SourceAPI',
    );
    expect(twilioSignature(authToken, url, params)).toBe('UZ/kTUk2gAX7qsl8u96U7IAesWE=');
  });

  it('changes when a value or the token changes', () => {
    expect(twilioSignature(authToken, url, { ...params, Body: 'Hi' })).not.toBe(
      'UZ/kTUk2gAX7qsl8u96U7IAesWE=',
    );
    expect(twilioSignature('0'.repeat(32), url, params)).not.toBe('UZ/kTUk2gAX7qsl8u96U7IAesWE=');
  });

  it('de-duplicates and sorts the values of a repeated key', () => {
    const repeated = { EventType: 'onParticipantAdded', Filters: ['b', 'a', 'a'] };
    expect(signatureBase(url, repeated)).toBe(`${url}EventTypeonParticipantAddedFiltersaFiltersb`);
    expect(twilioSignature(authToken, url, repeated)).toBe('y/iTrhXFSl2eyhMBbZ6+W+PkKq4=');
  });

  it('signs a JSON-body webhook URL (bodySHA256 in the query) with no parameters', () => {
    const jsonUrl =
      'https://gw.example.com/twilio/hook?bodySHA256=b71bf206ffc873d15ed053b9afd04c4118b1c43ece001ad5890db66c47854101';
    expect(twilioSignature(authToken, jsonUrl, {})).toBe('zMTlL5NTMpuUVVJl2/fHoRm/a2g=');
  });
});
