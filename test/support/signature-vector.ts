/** The worked example of the wire reference §8.4, confirmed there against twilio-node 6.2.0. */
export const REFERENCE_SIGNING = {
  authToken: 'f00dfacecafebeef0123456789abcdef',
  url: 'https://gw.example.com/twilio/conversations/pre?tenant=acme',
  params: {
    EventType: 'onMessageAdd',
    Source: 'API',
    AccountSid: 'AC00000000000000000000000000000001',
    ChatServiceSid: 'IS00000000000000000000000000000002',
    ConversationSid: 'CH00000000000000000000000000000003',
    Author: 'alice',
    Body: 'Hi & welcome',
    Attributes: '{}',
    ClientIdentity: 'alice',
    RetryCount: '0',
  },
  signature: 'UZ/kTUk2gAX7qsl8u96U7IAesWE=',
} as const;
