/**
 * The contract validator itself: it compiles a schema for every answer of every registry
 * operation on every host that serves it, and it rejects the mistakes it exists to catch (a
 * validator that accepts everything would make the suite-wide check worthless).
 */
import { describe, expect, it } from 'vitest';
import { getOperation, hostsOf, hostServes, operations } from '../../src/registry/index.js';
import {
  compileOperation,
  documentedFields,
  errorBodyProblems,
  responseProblems,
  successBodyProblems,
} from '../support/openapi-contract.js';

const ACCOUNT = 'AC00000000000000000000000000000000';
const SERVICE = 'IS00000000000000000000000000000001';
const CONVERSATION = 'CH00000000000000000000000000000002';

/** A Conversations v1 service record exactly as documented. */
function conversationService(): Record<string, unknown> {
  const url = `https://conversations.twilio.com/v1/Services/${SERVICE}`;
  return {
    account_sid: ACCOUNT,
    sid: SERVICE,
    friendly_name: 'Support',
    date_created: '2025-06-01T12:00:00Z',
    date_updated: '2025-06-01T12:00:00Z',
    url,
    links: { conversations: `${url}/Conversations`, users: `${url}/Users` },
  };
}

/** A Conversations v1 conversation record exactly as documented (nested `timers` object). */
function conversation(): Record<string, unknown> {
  const url = `https://conversations.twilio.com/v1/Conversations/${CONVERSATION}`;
  return {
    account_sid: ACCOUNT,
    chat_service_sid: SERVICE,
    messaging_service_sid: null,
    sid: CONVERSATION,
    friendly_name: null,
    unique_name: null,
    attributes: '{}',
    state: 'active',
    date_created: '2025-06-01T12:00:00Z',
    date_updated: '2025-06-01T12:00:00Z',
    timers: {},
    url,
    links: { participants: `${url}/Participants` },
    bindings: null,
  };
}

const createService = getOperation('conversations.v1.CreateService');
const listServices = getOperation('conversations.v1.ListService');
const fetchConversation = getOperation('conversations.v1.FetchConversation');

function listOfServices(items: unknown[], meta: Record<string, unknown> = {}) {
  const url = 'https://conversations.twilio.com/v1/Services?PageSize=50&Page=0';
  return {
    services: items,
    meta: {
      page: 0,
      page_size: 50,
      first_page_url: url,
      previous_page_url: null,
      url,
      next_page_url: null,
      key: 'services',
      ...meta,
    },
  };
}

describe('the OpenAPI documents', () => {
  it('document a response for every success status of every operation on every host', () => {
    let compiled = 0;
    for (const op of operations) {
      for (const host of hostsOf[op.product]) {
        if (!hostServes(host, op)) continue;
        expect(() => compileOperation(op, host), `${op.id} on ${host}`).not.toThrow();
        compiled += 1;
      }
    }
    // 198 operations, plus the 54 Chat v2 ones again on the IP Messaging host.
    expect(compiled).toBe(198 + 54);
  });

  it('give IP Messaging its own document', () => {
    expect(documentedFields('twilio_ip_messaging_v2.json', 'ip_messaging.v2.service')).toEqual(
      documentedFields('twilio_chat_v2.json', 'chat.v2.service'),
    );
  });
});

describe('the contract validator', () => {
  it('accepts a record with exactly the documented fields', () => {
    expect(successBodyProblems(createService, 'conversations', 201, conversationService())).toEqual(
      [],
    );
    expect(successBodyProblems(fetchConversation, 'conversations', 200, conversation())).toEqual(
      [],
    );
  });

  it('names a missing and an undocumented field', () => {
    const { links: _links, ...withoutLinks } = conversationService();
    expect(
      successBodyProblems(createService, 'conversations', 201, { ...withoutLinks, extra: 1 }),
    ).toEqual(['/: missing field links', '/: undocumented field extra']);
  });

  it('checks types, nullability, formats and enums', () => {
    const problems = successBodyProblems(fetchConversation, 'conversations', 200, {
      ...conversation(),
      friendly_name: 3,
      date_created: 'yesterday',
      url: 'not a url',
      state: 'sleeping',
    });
    expect([...problems].sort()).toEqual([
      '/date_created: must match format "date-time" (got "yesterday")',
      '/friendly_name: must be string,null (got 3)',
      '/state: must be equal to one of the allowed values (got "sleeping")',
      '/url: must match format "uri" (got "not a url")',
    ]);
    // `nullable` admits null only where documented: `state` is a non-nullable enum.
    expect(
      successBodyProblems(fetchConversation, 'conversations', 200, {
        ...conversation(),
        state: null,
      }),
    ).toEqual([
      '/state: must be string (got null)',
      '/state: must be equal to one of the allowed values (got null)',
    ]);
  });

  it('requires links to map names to URLs', () => {
    const body = { ...conversationService(), links: { users: 'users' } };
    expect(successBodyProblems(createService, 'conversations', 201, body)).toEqual([
      '/links/users: must match format "uri" (got "users")',
    ]);
  });

  it('checks list envelopes: the item key, each item and exactly the seven meta fields', () => {
    const good = listOfServices([conversationService()]);
    expect(successBodyProblems(listServices, 'conversations', 200, good)).toEqual([]);
    const { previous_page_url: _previous, ...partialMeta } = good.meta;
    expect(
      successBodyProblems(listServices, 'conversations', 200, {
        services: [{ ...conversationService(), extra: true }],
        meta: { ...partialMeta, total: 1 },
      }),
    ).toEqual([
      '/services/0: undocumented field extra',
      '/meta: missing field previous_page_url',
      '/meta: undocumented field total',
    ]);
    expect(
      successBodyProblems(listServices, 'conversations', 200, {
        items: [],
        meta: good.meta,
      }),
    ).toEqual(['/: missing field services', '/: undocumented field items']);
    expect(
      successBodyProblems(listServices, 'conversations', 200, listOfServices([], { key: 'x' })),
    ).toEqual(['/meta/key: "x" is not the list key services']);
  });

  it('rejects an undocumented status and a body where none is documented', () => {
    expect(successBodyProblems(createService, 'conversations', 200, conversationService())).toEqual(
      ['conversations.v1.CreateService: status 200 is not documented (documented: 201)'],
    );
    const deleteService = getOperation('conversations.v1.DeleteService');
    expect(successBodyProblems(deleteService, 'conversations', 204, undefined)).toEqual([]);
    expect(successBodyProblems(deleteService, 'conversations', 204, {})).toEqual([
      'status 204 has no documented body, got one',
    ]);
  });

  it("holds errors to Twilio's exact error shape", () => {
    const good = {
      code: 20404,
      message: 'The requested resource /Services/IS1 was not found',
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    };
    expect(errorBodyProblems(404, good)).toEqual([]);
    expect(errorBodyProblems(400, { ...good, detail: 'x' })).toEqual([
      '/: undocumented field detail',
      '/status: 404 differs from the HTTP status 400',
    ]);
    const { more_info: _moreInfo, ...withoutMoreInfo } = good;
    expect(errorBodyProblems(404, withoutMoreInfo)).toEqual(['/: missing field more_info']);
  });

  it('judges observed answers by status, operation and host', () => {
    const base = { method: 'GET', path: '/x', fault: null } as const;
    expect(
      responseProblems({
        ...base,
        operationId: null,
        host: null,
        status: 200,
        body: {},
      }),
    ).toEqual(['status 200 answered a request that matched no operation']);
    expect(
      responseProblems({
        ...base,
        operationId: null,
        host: null,
        status: 200,
        body: '{"sid": "IS',
        fault: 'malformed',
      }),
    ).toEqual([]);
    // A Chat v2 answer on the IP Messaging host is judged by the IP Messaging document.
    const channel = getOperation('chat.v2.FetchChannel');
    expect(
      responseProblems({
        ...base,
        operationId: channel.id,
        host: 'ip-messaging',
        status: 200,
        body: {},
      })[0],
    ).toBe('/: missing field sid');
  });
});
