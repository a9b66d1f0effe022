import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { call, record } from './helpers.js';

let emulator: RunningEmulator;
let strict: RunningEmulator;
let serviceSid: string;
/** Every channel of the service in list order (fetched in one page). */
let allSids: string[];
let publicSids: string[];

const channelsPath = () => `/chat/v2/Services/${serviceSid}/Channels`;

function page(json: unknown): { sids: string[]; meta: Record<string, unknown> } {
  const body = record(json);
  const items = body.channels;
  if (!Array.isArray(items)) throw new Error('no channels array');
  return { sids: items.map((item) => String(record(item).sid)), meta: record(body.meta) };
}

/** Follows an absolute page URL the way twilio-node does: verbatim. */
async function follow(url: unknown) {
  const absolute = String(url);
  expect(absolute.startsWith(emulator.url)).toBe(true);
  return call(emulator, { path: absolute.slice(emulator.url.length) });
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: false });
  strict = await startEmulator({ seed: false, pageSizeOverMax: 'reject' });
  const service = await call(emulator, { path: '/chat/v2/Services', form: { FriendlyName: 'p' } });
  serviceSid = String(record(service.json).sid);
  for (const type of ['public', 'private', 'public', 'public', 'private', 'public']) {
    const created = await call(emulator, { path: channelsPath(), form: { Type: type } });
    expect(created.status).toBe(201);
  }
  allSids = page((await call(emulator, { path: channelsPath() })).json).sids;
  publicSids = page((await call(emulator, { path: `${channelsPath()}?Type=public` })).json).sids;
});

afterAll(async () => {
  await emulator.close();
  await strict.close();
});

describe('list envelope', () => {
  it('wraps a page in { <key>: [...], meta } with exact absolute URLs, filters first', async () => {
    const answer = await call(emulator, {
      path: `${channelsPath()}?PageSize=2&Type=public`,
    });
    expect(answer.status).toBe(200);
    const base = `${emulator.url}${channelsPath()}`;
    const { sids, meta } = page(answer.json);
    expect(Object.keys(record(answer.json))).toEqual(['channels', 'meta']);
    expect(sids).toEqual(publicSids.slice(0, 2));
    expect(meta).toEqual({
      page: 0,
      page_size: 2,
      first_page_url: `${base}?Type=public&PageSize=2&Page=0`,
      previous_page_url: null,
      url: `${base}?Type=public&PageSize=2&Page=0`,
      next_page_url: `${base}?Type=public&PageSize=2&Page=1&PageToken=PA${publicSids[1]}`,
      key: 'channels',
    });
  });

  it('keeps every filter value (repeated keys) and the prefix in next_page_url', async () => {
    const first = await call(emulator, {
      path: `${channelsPath()}?Type=private&PageSize=1&Type=public`,
    });
    const { meta } = page(first.json);
    expect(meta.next_page_url).toBe(
      `${emulator.url}${channelsPath()}?Type=private&Type=public&PageSize=1&Page=1&PageToken=PA${allSids[0]}`,
    );
  });

  it('pages through with PA tokens and back with PB tokens, matching the unpaged order', async () => {
    const seen: string[] = [];
    let answer = await call(emulator, { path: `${channelsPath()}?PageSize=4` });
    seen.push(...page(answer.json).sids);
    const second = await follow(page(answer.json).meta.next_page_url);
    const secondPage = page(second.json);
    seen.push(...secondPage.sids);
    expect(seen).toEqual(allSids);
    expect(secondPage.meta.page).toBe(1);
    expect(secondPage.meta.next_page_url).toBeNull();
    expect(secondPage.meta.url).toBe(
      `${emulator.url}${channelsPath()}?PageSize=4&Page=1&PageToken=PA${allSids[3]}`,
    );
    expect(secondPage.meta.previous_page_url).toBe(
      `${emulator.url}${channelsPath()}?PageSize=4&Page=0&PageToken=PB${allSids[4]}`,
    );
    answer = await follow(secondPage.meta.previous_page_url);
    expect(page(answer.json).sids).toEqual(allSids.slice(0, 4));
  });

  it('keeps filters on every followed page (twilio-node re-adds none)', async () => {
    const collected: string[] = [];
    let answer = await call(emulator, { path: `${channelsPath()}?Type=public&PageSize=1` });
    for (;;) {
      const current = page(answer.json);
      collected.push(...current.sids);
      if (current.meta.next_page_url === null) break;
      answer = await follow(current.meta.next_page_url);
    }
    expect(collected).toEqual(publicSids);
  });

  it('answers an empty list with 200, an empty array and no next page', async () => {
    const service = await call(emulator, {
      path: '/chat/v2/Services',
      form: { FriendlyName: 'e' },
    });
    const answer = await call(emulator, {
      path: `/chat/v2/Services/${String(record(service.json).sid)}/Channels`,
    });
    expect(answer.status).toBe(200);
    expect(page(answer.json).sids).toEqual([]);
    expect(page(answer.json).meta.next_page_url).toBeNull();
    expect(page(answer.json).meta.page_size).toBe(50);
  });

  it('echoes Page without seeking by it', async () => {
    const answer = await call(emulator, { path: `${channelsPath()}?PageSize=2&Page=7` });
    const { sids, meta } = page(answer.json);
    expect(sids).toEqual(allSids.slice(0, 2));
    expect(meta.page).toBe(7);
    expect(meta.previous_page_url).toBeNull();
  });
});

describe('page tokens', () => {
  it('answers a garbled token with 400/21481', async () => {
    const answer = await call(emulator, { path: `${channelsPath()}?PageToken=garbage` });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      code: 21481,
      message: 'Invalid PageToken',
      more_info: 'https://www.twilio.com/docs/errors/21481',
      status: 400,
    });
  });

  it('answers a token naming no item of the list with 400/21481', async () => {
    const answer = await call(emulator, {
      path: `${channelsPath()}?PageToken=PACH00000000000000000000000000000000`,
    });
    expect(answer.status).toBe(400);
    expect(record(answer.json).code).toBe(21481);
  });

  it('gives the items strictly after a PA key and strictly before a PB key', async () => {
    const after = await call(emulator, {
      path: `${channelsPath()}?PageSize=2&Page=1&PageToken=PA${allSids[1]}`,
    });
    expect(page(after.json).sids).toEqual(allSids.slice(2, 4));
    const before = await call(emulator, {
      path: `${channelsPath()}?PageSize=2&Page=1&PageToken=PB${allSids[5]}`,
    });
    expect(page(before.json).sids).toEqual(allSids.slice(3, 5));
  });
});

describe('PageSize', () => {
  it('clamps a PageSize above the maximum by default', async () => {
    const answer = await call(emulator, { path: '/conversations/v1/Services?PageSize=500' });
    expect(answer.status).toBe(200);
    expect(record(record(answer.json).meta).page_size).toBe(100);
    expect(record(record(answer.json).meta).url).toContain('PageSize=100&');
  });

  it('rejects a PageSize above the maximum with 400 naming PageSize when configured', async () => {
    const answer = await call(strict, { path: '/conversations/v1/Services?PageSize=101' });
    expect(answer.status).toBe(400);
    expect(record(answer.json).code).toBe(20001);
    expect(String(record(answer.json).message)).toContain('PageSize');
    const atMax = await call(strict, { path: '/conversations/v1/Services?PageSize=100' });
    expect(atMax.status).toBe(200);
  });

  it('rejects PageSize 0 and a non-integer PageSize with 400 naming PageSize', async () => {
    for (const size of ['0', 'ten']) {
      const answer = await call(emulator, { path: `/conversations/v1/Services?PageSize=${size}` });
      expect(answer.status).toBe(400);
      expect(String(record(answer.json).message)).toContain('PageSize');
    }
  });
});
