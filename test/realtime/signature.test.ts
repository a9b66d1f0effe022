import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import {
  expectedSignature,
  isValidSignature,
  urlVariants,
} from '../../src/server/realtime/signature.js';

import { REFERENCE_SIGNING } from '../support/signature-vector.js';

const { authToken: TOKEN, url: URL_, params: PARAMS, signature: SIGNATURE } = REFERENCE_SIGNING;

describe('X-Twilio-Signature (node:crypto, checked against twilio-node)', () => {
  it('accepts the reference vector, with and without the default port', () => {
    expect(expectedSignature(TOKEN, URL_, PARAMS)).toBe(SIGNATURE);
    expect(isValidSignature(TOKEN, URL_, PARAMS, SIGNATURE)).toBe(true);
    expect(
      isValidSignature(
        TOKEN,
        'https://gw.example.com:443/twilio/conversations/pre?tenant=acme',
        PARAMS,
        SIGNATURE,
      ),
    ).toBe(true);
    expect(twilio.validateRequest(TOKEN, SIGNATURE, URL_, PARAMS)).toBe(true);
  });

  it('rejects a changed body, a wrong token, another URL, another port and a truncated signature', () => {
    expect(isValidSignature(TOKEN, URL_, { ...PARAMS, Body: 'Hi' }, SIGNATURE)).toBe(false);
    expect(isValidSignature('0'.repeat(32), URL_, PARAMS, SIGNATURE)).toBe(false);
    expect(
      isValidSignature(TOKEN, 'https://gw.example.com/twilio/conversations/pre', PARAMS, SIGNATURE),
    ).toBe(false);
    expect(
      isValidSignature(
        TOKEN,
        'https://gw.example.com:8443/twilio/conversations/pre?tenant=acme',
        PARAMS,
        SIGNATURE,
      ),
    ).toBe(false);
    expect(isValidSignature(TOKEN, URL_, PARAMS, SIGNATURE.slice(0, -2))).toBe(false);
    expect(isValidSignature(TOKEN, URL_, PARAMS, '')).toBe(false);
  });

  it('signs each distinct value of a repeated name, sorted (reference vector)', () => {
    const params = { EventType: 'onParticipantAdded', Filters: ['b', 'a', 'a'] };
    expect(expectedSignature(TOKEN, URL_, params)).toBe('y/iTrhXFSl2eyhMBbZ6+W+PkKq4=');
  });

  it('agrees with twilio-node on generated deliveries', () => {
    // A fixed pseudo-random sequence: the same cases every run.
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = 'aZ09 &=+%/?#é✓\n"\'';
    const text = () =>
      Array.from(
        { length: Math.floor(random() * 12) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
    for (let i = 0; i < 200; i++) {
      const params: Record<string, string> = {};
      for (let p = 0; p < 1 + Math.floor(random() * 8); p++)
        params[`P${text().replace(/\W/g, '')}${p}`] = text();
      const url = `https://hooks.example.com${random() < 0.5 ? ':443' : ''}/webhooks/twilio${random() < 0.5 ? '?tenant=x' : ''}`;
      const token = `${i}`.padEnd(32, 'f');
      const signature = expectedSignature(token, url, params);
      expect(twilio.validateRequest(token, signature, url, params)).toBe(true);
      expect(isValidSignature(token, url, params, signature)).toBe(true);
      // twilio-node's own signature is accepted too.
      const theirs = twilio.getExpectedTwilioSignature(token, url, params);
      expect(isValidSignature(token, url, params, theirs)).toBe(true);
    }
  });

  it('tries the URL as given, without and with the default port, and nothing else', () => {
    expect(urlVariants('https://h.example/p?q=1')).toEqual([
      'https://h.example/p?q=1',
      'https://h.example:443/p?q=1',
    ]);
    expect(urlVariants('http://127.0.0.1:4000/webhooks/twilio')).toEqual([
      'http://127.0.0.1:4000/webhooks/twilio',
    ]);
  });
});
