/** `renderPage` seeks a page of a handler's entity list and renders only that page. */
import { describe, expect, it } from 'vitest';
import type { ListResult, WireRecord } from '../../../src/emulator/contract.js';
import { EmulatorError } from '../../../src/emulator/contract.js';
import { renderPage } from '../../../src/emulator/http/paging.js';
import type { PagingRequest } from '../../../src/emulator/http/paging.js';
import { getOperation } from '../../../src/registry/index.js';

interface Entity {
  readonly sid: string;
}

const op = getOperation('conversations.v1.ListConversation');
const entities: Entity[] = Array.from({ length: 10 }, (_, i) => ({ sid: `CH${i}` }));

/** A list result that records which entities got rendered. */
function tracked(): { list: ListResult<Entity>; rendered: string[] } {
  const rendered: string[] = [];
  const list: ListResult<Entity> = {
    kind: 'list',
    entities,
    keyOf: (e) => e.sid,
    render: (e): WireRecord => {
      rendered.push(e.sid);
      return { sid: e.sid };
    },
  };
  return { list, rendered };
}

function pageOf(list: ListResult<Entity>, paging: Partial<PagingRequest>) {
  return renderPage({
    op,
    list,
    paging: { pageSize: 3, page: 0, pageToken: null, ...paging },
    query: {},
    baseUrl: 'http://127.0.0.1:4010/conversations',
    path: '/v1/Conversations',
  });
}

const sidsOf = (page: Record<string, unknown>) =>
  (page.conversations as WireRecord[]).map((item) => item.sid);

describe('renderPage', () => {
  it('renders only the entities of the first page', () => {
    const { list, rendered } = tracked();
    const page = pageOf(list, {});
    expect(sidsOf(page)).toEqual(['CH0', 'CH1', 'CH2']);
    expect(rendered).toEqual(['CH0', 'CH1', 'CH2']);
    expect((page.meta as Record<string, unknown>).next_page_url).toBe(
      'http://127.0.0.1:4010/conversations/v1/Conversations?PageSize=3&Page=1&PageToken=PACH2',
    );
  });

  it('renders only the page a PA or PB token seeks to', () => {
    const after = tracked();
    expect(sidsOf(pageOf(after.list, { page: 2, pageToken: 'PACH5' }))).toEqual([
      'CH6',
      'CH7',
      'CH8',
    ]);
    expect(after.rendered).toEqual(['CH6', 'CH7', 'CH8']);

    const before = tracked();
    const page = pageOf(before.list, { page: 1, pageToken: 'PBCH5' });
    expect(sidsOf(page)).toEqual(['CH2', 'CH3', 'CH4']);
    expect(before.rendered).toEqual(['CH2', 'CH3', 'CH4']);
    expect((page.meta as Record<string, unknown>).previous_page_url).toBe(
      'http://127.0.0.1:4010/conversations/v1/Conversations?PageSize=3&Page=0&PageToken=PBCH2',
    );
  });

  it('renders nothing past the end and for an unknown token (400/21481)', () => {
    const end = tracked();
    const page = pageOf(end.list, { pageToken: 'PACH9' });
    expect(sidsOf(page)).toEqual([]);
    expect(end.rendered).toEqual([]);
    expect((page.meta as Record<string, unknown>).next_page_url).toBeNull();

    const unknown = tracked();
    let error: unknown;
    try {
      pageOf(unknown.list, { pageToken: 'PACH99' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EmulatorError);
    expect((error as EmulatorError).code).toBe(21481);
    expect(unknown.rendered).toEqual([]);
  });
});
