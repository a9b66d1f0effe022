import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CallLedger, TwilioError, type TwilioClient } from '../../src/twilio/index.js';
import { SERVICE_SID, caught, clientFor } from './support/fixtures.js';
import { ScriptedServer, type RecordedRequest } from './support/scripted-server.js';

let server: ScriptedServer;
let foreign: ScriptedServer;
let client: TwilioClient;

const list = 'conversations.v1.ListServiceConversation';
const listPath = `/conv/v1/Services/${SERVICE_SID}/Conversations`;

/** Pages of 2 over 5 conversations, with filters embedded in the page links as Twilio does. */
function pagedConversations(request: RecordedRequest) {
  const url = new URL(request.url, server.url);
  const size = Number(url.searchParams.get('PageSize') ?? 50);
  const token = url.searchParams.get('PageToken');
  const start = token ? Number(token.slice(2)) : 0;
  const page = Number(url.searchParams.get('Page') ?? 0);
  const all = ['CH0', 'CH1', 'CH2', 'CH3', 'CH4'];
  const items = all.slice(start, start + size).map((sid) => ({ sid }));
  const filters = `State=active&StartDate=2024-01-01T00%3A00%3A00Z`;
  const base = `${server.url}${listPath}?${filters}&PageSize=${size}`;
  const more = start + size < all.length;
  return {
    status: 200,
    body: {
      conversations: items,
      meta: {
        page,
        page_size: size,
        key: 'conversations',
        url: `${base}&Page=${page}`,
        first_page_url: `${base}&Page=0`,
        next_page_url: more ? `${base}&Page=${page + 1}&PageToken=PA${start + size}` : null,
        previous_page_url: page > 0 ? `${base}&Page=${page - 1}&PageToken=PB${start}` : null,
      },
    },
  };
}

beforeAll(async () => {
  server = await ScriptedServer.start(pagedConversations);
  foreign = await ScriptedServer.start();
  client = clientFor(server);
});
afterAll(async () => {
  await client.close();
  await server.close();
  await foreign.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.handler = pagedConversations;
});

describe('paging', () => {
  it('returns items, links, meta and list key of one page', async () => {
    const page = await client.page(
      list,
      { ChatServiceSid: SERVICE_SID, State: 'active' },
      { pageSize: 2 },
    );
    expect(page.items).toEqual([{ sid: 'CH0' }, { sid: 'CH1' }]);
    expect(page.listKey).toBe('conversations');
    expect(page.meta).toMatchObject({ page: 0, pageSize: 2, key: 'conversations' });
    expect(page.nextPageUrl).toContain('PageToken=PA2');
    expect(page.previousPageUrl).toBeNull();
    expect(server.requests[0]?.url).toBe(`${listPath}?State=active&PageSize=2`);
  });

  it('follows next_page_url verbatim across three pages, keeping the filters', async () => {
    const seen: unknown[] = [];
    let page = await client.page(
      list,
      { ChatServiceSid: SERVICE_SID, State: 'active', StartDate: '2024-01-01T00:00:00Z' },
      { pageSize: 2 },
    );
    seen.push(...page.items);
    while (page.nextPageUrl) {
      page = await client.pageAt(list, page.nextPageUrl);
      seen.push(...page.items);
    }
    expect(seen).toHaveLength(5);
    expect(server.requests.map((r) => r.url)).toEqual([
      `${listPath}?StartDate=2024-01-01T00%3A00%3A00Z&State=active&PageSize=2`,
      `${listPath}?State=active&StartDate=2024-01-01T00%3A00%3A00Z&PageSize=2&Page=1&PageToken=PA2`,
      `${listPath}?State=active&StartDate=2024-01-01T00%3A00%3A00Z&PageSize=2&Page=2&PageToken=PA4`,
    ]);
  });

  it('sends a page token given as an option', async () => {
    await client.page(list, { ChatServiceSid: SERVICE_SID }, { pageSize: 2, pageToken: 'PA2' });
    expect(server.requests[0]?.url).toBe(`${listPath}?PageSize=2&PageToken=PA2`);
  });

  it("bounds the page size by the operation's maximum and rejects a non-positive one", async () => {
    await client.page(list, { ChatServiceSid: SERVICE_SID }, { pageSize: 500 });
    expect(server.requests[0]?.url).toBe(`${listPath}?PageSize=100`);
    const error = await caught(() =>
      client.page(list, { ChatServiceSid: SERVICE_SID }, { pageSize: 0 }),
    );
    expect(error).toMatchObject({ kind: 'validation', parameter: 'PageSize' });
    expect(server.requests).toHaveLength(1);
  });

  it('iterates all pages, or stops at an item limit without fetching further pages', async () => {
    const all: unknown[] = [];
    for await (const item of client.items(list, { ChatServiceSid: SERVICE_SID }, { pageSize: 2 }))
      all.push(item);
    expect(all).toHaveLength(5);
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    const pages = [];
    for await (const page of client.pages(
      list,
      { ChatServiceSid: SERVICE_SID },
      { pageSize: 2, limit: 3 },
    )) {
      pages.push(page.items.length);
    }
    expect(pages).toEqual([2, 1]);
    expect(server.requests).toHaveLength(2);

    server.requests.length = 0;
    const limited: unknown[] = [];
    for await (const item of client.items(list, { ChatServiceSid: SERVICE_SID }, { limit: 4 }))
      limited.push(item);
    expect(limited).toHaveLength(4);
    // The first page already holds the 4 items asked for: no second request.
    expect(server.requests.map((r) => r.url)).toEqual([`${listPath}?PageSize=4`]);
  });

  it('refuses a page URL on a foreign host: nothing and no Authorization reaches it', async () => {
    const ledger = new CallLedger();
    const error = await caught(() =>
      client.pageAt(
        list,
        `${foreign.url}${listPath}?State=active&PageSize=2&Page=1&PageToken=PA2`,
        { ledger },
      ),
    );
    expect(error).toBeInstanceOf(TwilioError);
    expect(error).toMatchObject({ kind: 'validation', attempts: 0 });
    expect((error as Error).message).toContain('refusing to follow a page URL');
    expect(foreign.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
    expect(ledger.summary().requests).toBe(0);
  });

  it('refuses a page URL on the configured origin but outside its path prefix or version', async () => {
    for (const url of [
      `${server.url}/evil/v1/Services/${SERVICE_SID}/Conversations?PageSize=2`,
      `${server.url}/chat/v2/Services/${SERVICE_SID}/Channels?PageSize=2`,
      `${server.url}/conv/v2/Services/${SERVICE_SID}/Conversations?PageSize=2`,
      `http://user:pw@${server.url.slice('http://'.length)}${listPath}?PageSize=2`,
    ]) {
      await expect(client.pageAt(list, url), url).rejects.toMatchObject({ kind: 'validation' });
    }
    expect(server.requests).toHaveLength(0);
  });

  it('rejects page calls on operations that are not lists', async () => {
    await expect(
      client.page('conversations.v1.FetchService', { Sid: SERVICE_SID }),
    ).rejects.toMatchObject({
      kind: 'validation',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('reports a list answer without the item array as kind http', async () => {
    server.handler = () => ({ status: 200, body: { meta: { key: 'conversations' } } });
    await expect(client.page(list, { ChatServiceSid: SERVICE_SID })).rejects.toMatchObject({
      kind: 'http',
      status: 200,
    });
  });
});
