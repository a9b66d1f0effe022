import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { EmulatorError } from '../../../src/emulator/contract.js';
import { call, record } from './helpers.js';

let emulator: RunningEmulator;
let serviceSid: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: false });
  const created = await call(emulator, {
    path: '/chat/v2/Services',
    form: { FriendlyName: 'routing' },
  });
  serviceSid = String(record(created.json).sid);
});

afterAll(async () => {
  await emulator.close();
});

const meta = (json: unknown) => record(record(json).meta);
const firstItem = (json: unknown, key: string) => {
  const items = record(json)[key];
  if (!Array.isArray(items) || items.length === 0) throw new Error(`no ${key} in answer`);
  return record(items[0]);
};

describe('product selection', () => {
  it('serves /v1/Services as Chat v1 for Host chat.* and as Conversations for conversations.*', async () => {
    const chat = await call(emulator, {
      path: '/v1/Services',
      headers: { host: 'chat.localhost' },
    });
    const conv = await call(emulator, {
      path: '/v1/Services',
      headers: { host: 'conversations.localhost' },
    });
    expect(chat.status).toBe(200);
    expect(conv.status).toBe(200);
    // Chat services carry role defaults; Conversations services do not.
    expect(firstItem(chat.json, 'services')).toHaveProperty('default_service_role_sid');
    expect(firstItem(conv.json, 'services')).not.toHaveProperty('default_service_role_sid');
    expect(meta(chat.json).url).toBe('http://chat.localhost/v1/Services?PageSize=50&Page=0');
    expect(meta(conv.json).url).toBe(
      'http://conversations.localhost/v1/Services?PageSize=50&Page=0',
    );
  });

  it('prefers X-Forwarded-Host (and X-Forwarded-Proto) over Host', async () => {
    const answer = await call(emulator, {
      path: '/v1/Services',
      headers: {
        host: 'chat.localhost',
        'x-forwarded-host': 'conversations.example.test',
        'x-forwarded-proto': 'https',
      },
    });
    expect(firstItem(answer.json, 'services')).not.toHaveProperty('default_service_role_sid');
    expect(meta(answer.json).first_page_url).toBe(
      'https://conversations.example.test/v1/Services?PageSize=50&Page=0',
    );
  });

  it('takes the product from a path prefix and keeps the prefix in URLs', async () => {
    const answer = await call(emulator, { path: '/chat/v1/Services' });
    expect(firstItem(answer.json, 'services')).toHaveProperty('default_service_role_sid');
    expect(meta(answer.json).url).toBe(`${emulator.url}/chat/v1/Services?PageSize=50&Page=0`);
    expect(firstItem(answer.json, 'services').url).toBe(
      `${emulator.url}/chat/v1/Services/${serviceSid}`,
    );
  });

  it('has ip-messaging serve Chat v2 only', async () => {
    const v2 = await call(emulator, { path: '/ip-messaging/v2/Services' });
    expect(v2.status).toBe(200);
    expect(meta(v2.json).url).toBe(`${emulator.url}/ip-messaging/v2/Services?PageSize=50&Page=0`);
    const v1 = await call(emulator, { path: '/ip-messaging/v1/Services' });
    expect(v1.status).toBe(404);
  });

  it('answers 404 with guidance when neither host nor prefix names a product', async () => {
    const answer = await call(emulator, { path: '/v1/Services' });
    expect(answer.status).toBe(404);
    expect(record(answer.json).code).toBe(20404);
    expect(String(record(answer.json).message)).toContain('path prefix');
  });
});

describe('URLs behind a proxy or host rewrite', () => {
  /** The list's own URL and its first record's URL, called with `headers`. */
  async function urlsOf(path: string, headers: Record<string, string>) {
    const answer = await call(emulator, { path, headers });
    expect(answer.status).toBe(200);
    return {
      page: String(meta(answer.json).url),
      record: String(firstItem(answer.json, 'services').url),
    };
  }

  it('without forwarded headers keeps the origin and prefix the request arrived on', async () => {
    const urls = await urlsOf('/chat/v2/Services', {});
    expect(urls.page).toBe(`${emulator.url}/chat/v2/Services?PageSize=50&Page=0`);
    expect(urls.record).toBe(`${emulator.url}/chat/v2/Services/${serviceSid}`);
  });

  it('drops the mount prefix for X-Forwarded-Host: Twilio paths on the forwarded host and proto', async () => {
    const urls = await urlsOf('/chat/v2/Services', {
      'x-forwarded-host': 'chat.twilio.com',
      'x-forwarded-proto': 'https',
    });
    expect(urls.page).toBe('https://chat.twilio.com/v2/Services?PageSize=50&Page=0');
    expect(urls.record).toBe(`https://chat.twilio.com/v2/Services/${serviceSid}`);
  });

  it('puts X-Forwarded-Prefix in front of the Twilio path, with or without X-Forwarded-Host', async () => {
    const proxied = await urlsOf('/chat/v2/Services', {
      'x-forwarded-host': 'gateway.example.test',
      'x-forwarded-proto': 'https',
      'x-forwarded-prefix': '/twilio/chat/',
    });
    expect(proxied.page).toBe(
      'https://gateway.example.test/twilio/chat/v2/Services?PageSize=50&Page=0',
    );
    expect(proxied.record).toBe(
      `https://gateway.example.test/twilio/chat/v2/Services/${serviceSid}`,
    );
    const samehost = await urlsOf('/chat/v2/Services', { 'x-forwarded-prefix': '/api' });
    expect(samehost.page).toBe(`${emulator.url}/api/v2/Services?PageSize=50&Page=0`);
  });

  it('changes only the scheme for X-Forwarded-Proto alone (a TLS terminator keeps the path)', async () => {
    const urls = await urlsOf('/chat/v2/Services', { 'x-forwarded-proto': 'https' });
    const origin = emulator.url.replace(/^http:/, 'https:');
    expect(urls.page).toBe(`${origin}/chat/v2/Services?PageSize=50&Page=0`);
  });

  it('ignores an X-Forwarded-Prefix that is not a plain path', async () => {
    for (const prefix of ['api', '/a b', '/x?y=1', '/x#y', '/%zz', "/x'y"]) {
      const urls = await urlsOf('/chat/v2/Services', { 'x-forwarded-prefix': prefix });
      expect(urls.page, prefix).toBe(`${emulator.url}/chat/v2/Services?PageSize=50&Page=0`);
    }
  });
});

describe('paths and methods', () => {
  it('answers an unknown path with the Twilio 404 body (path without version)', async () => {
    const answer = await call(emulator, { path: '/conversations/v1/Nope/xyz' });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({
      code: 20404,
      message: 'The requested resource /Nope/xyz was not found',
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    });
  });

  it('answers a path parameter that breaks its pattern with 404', async () => {
    const answer = await call(emulator, { path: '/chat/v2/Services/not-a-sid' });
    expect(answer.status).toBe(404);
    expect(record(answer.json).message).toBe(
      'The requested resource /Services/not-a-sid was not found',
    );
  });

  it('answers a known path with a wrong method with 405 and Allow', async () => {
    const answer = await call(emulator, { method: 'DELETE', path: '/conversations/v1/Services' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, POST');
    expect(record(answer.json)).toMatchObject({ code: 20004, status: 405 });
  });

  it('percent-decodes path segments (a channel addressed by a unique name with a space)', async () => {
    const created = await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}/Channels`,
      form: { UniqueName: 'my channel', FriendlyName: 'spaced' },
    });
    expect(created.status).toBe(201);
    const fetched = await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}/Channels/my%20channel`,
    });
    expect(fetched.status).toBe(200);
    expect(record(fetched.json).sid).toBe(record(created.json).sid);
  });

  it('sends Twilio response headers: JSON content type, RQ request id, concurrency', async () => {
    const answer = await call(emulator, { path: '/conversations/v1/Services' });
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['twilio-request-id']).toMatch(/^RQ[0-9a-f]{32}$/);
    expect(answer.headers['twilio-concurrent-requests']).toMatch(/^\d+$/);
  });

  it('answers a delete with 204 and no body', async () => {
    const created = await call(emulator, {
      path: '/conversations/v1/Services',
      form: { FriendlyName: 'doomed' },
    });
    const sid = String(record(created.json).sid);
    const deleted = await call(emulator, {
      method: 'DELETE',
      path: `/conversations/v1/Services/${sid}`,
    });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(deleted.headers['content-type']).toBeUndefined();
  });
});

describe('handler failures', () => {
  it('renders an EmulatorError as Twilio JSON and an unexpected exception as a bare 500', async () => {
    const errors: unknown[] = [];
    const real = emulator.domain;
    const failing = await startEmulator({
      seed: false,
      onError: (error) => errors.push(error),
      domain: {
        ...real,
        handlers: {
          ...real.handlers,
          'conversations.v1.ListService': () => {
            throw new Error('secret internals at /some/file.ts:12');
          },
          'conversations.v1.ListCredential': () => {
            throw new EmulatorError(409, 50353, 'Conflict');
          },
        },
      },
    });
    try {
      const crash = await call(failing, { path: '/conversations/v1/Services' });
      expect(crash.status).toBe(500);
      expect(crash.json).toEqual({
        code: 20500,
        message: 'An internal server error has occurred',
        more_info: 'https://www.twilio.com/docs/errors/20500',
        status: 500,
      });
      expect(crash.text).not.toContain('secret');
      expect(errors).toHaveLength(1);
      const conflict = await call(failing, { path: '/conversations/v1/Credentials' });
      expect(conflict.status).toBe(409);
      expect(conflict.json).toEqual({
        code: 50353,
        message: 'Conflict',
        more_info: 'https://www.twilio.com/docs/errors/50353',
        status: 409,
      });
    } finally {
      await failing.close();
    }
  });
});
