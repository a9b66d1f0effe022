import { DateTimeResolver } from 'graphql-scalars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTimeScalar, serializeDateTime } from '../../src/graph/shared/date-time.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** What a response said before: graphql-scalars' value, written by JSON.stringify. */
const asBefore = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(DateTimeResolver.serialize(value)));

describe('DateTime scalar', () => {
  it('writes the text Date#toJSON wrote, for Twilio dates and every other accepted value', () => {
    const values: unknown[] = [
      '2015-12-16T22:18:37Z',
      '2024-02-29T23:59:59Z',
      '2015-12-16T22:18:37.123Z',
      '2015-12-16T22:18:37+02:00',
      new Date(Date.UTC(2020, 0, 1, 12, 30, 45, 678)),
      1_700_000_000_000,
    ];
    for (const value of values) {
      expect(serializeDateTime(value)).toBe(asBefore(value));
      // Twice: the second answer comes from what was remembered.
      expect(serializeDateTime(value)).toBe(asBefore(value));
    }
    expect(serializeDateTime('2015-12-16T22:18:37Z')).toBe('2015-12-16T22:18:37.000Z');
  });

  it('refuses what graphql-scalars refuses, with its message', () => {
    for (const value of [
      '2024-02-30T00:00:00Z',
      '2015-13-01T00:00:00Z',
      '2015-12-16T24:00:00Z',
      'yesterday',
      true,
      {},
    ]) {
      expect(() => DateTimeResolver.serialize(value)).toThrow();
      const expected = (() => {
        try {
          DateTimeResolver.serialize(value);
        } catch (error) {
          return (error as Error).message;
        }
        return '';
      })();
      expect(() => serializeDateTime(value)).toThrow(expected);
    }
  });

  it('keeps graphql-scalars input parsing and description', () => {
    expect(DateTimeScalar.name).toBe('DateTime');
    expect(DateTimeScalar.description).toBe(DateTimeResolver.description);
    expect(DateTimeScalar.parseValue('2015-12-16T22:18:37Z')).toEqual(
      new Date('2015-12-16T22:18:37Z'),
    );
    expect(() => DateTimeScalar.parseValue('soon')).toThrow(/DateTime/);
  });

  it('answers right past the number of values it remembers', () => {
    // More distinct values than it remembers: the ones it forgot are answered afresh.
    const start = Date.UTC(2000, 0, 1);
    for (let i = 0; i < 12_000; i += 1) {
      const text = new Date(start + i * 1000).toISOString();
      expect(serializeDateTime(`${text.slice(0, 19)}Z`)).toBe(text);
    }
  });
});

describe('DateTime fields', () => {
  it('answer the instant of the Twilio record as ISO text with milliseconds', async () => {
    const run = await h.run(`{ conversations(first: 3) { nodes { sid createdAt updatedAt } } }`);
    expect(run.result.errors).toBeUndefined();
    const nodes = (
      run.data.conversations as { nodes: { sid: string; createdAt: unknown; updatedAt: unknown }[] }
    ).nodes;
    expect(nodes.length).toBe(3);
    for (const node of nodes) {
      const served = await h.client.request('conversations.v1.FetchConversation', {
        Sid: node.sid,
      });
      const record = served as { date_created: string; date_updated: string };
      expect(node.createdAt).toBe(new Date(record.date_created).toISOString());
      expect(node.updatedAt).toBe(new Date(record.date_updated).toISOString());
      expect(node.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });
});
