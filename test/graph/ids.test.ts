import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, listDigest } from '../../src/graph/cursors.js';
import { decodeId, encodeId } from '../../src/graph/ids.js';

const IS = `IS${'a'.repeat(32)}`;
const CH = `CH${'b'.repeat(32)}`;
const MB = `MB${'c'.repeat(32)}`;

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions : error;
  }
  return 'no error';
}

describe('global ids', () => {
  it('round-trip type and SID path and are URL-safe', () => {
    const id = encodeId('Participant', [IS, CH, MB]);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeId(id)).toEqual({ type: 'Participant', sids: [IS, CH, MB] });
  });

  it('reject tampered, truncated, foreign and wrong-version ids as BAD_USER_INPUT naming the argument', () => {
    const id = encodeId('Conversation', [IS, CH]);
    const bad = [
      id.slice(0, -3),
      `${id}x`,
      id.replace(/^./, (c) => (c === 'd' ? 'e' : 'd')),
      Buffer.from(`v2:${IS}/${CH}`).toString('base64url'),
      Buffer.from(`v1:${CH}/${IS}`).toString('base64url'),
      Buffer.from(`v1:${IS}/XX${'b'.repeat(32)}`).toString('base64url'),
      'not an id!',
      '',
    ];
    for (const value of bad) {
      expect(codeOf(() => decodeId(value, 'id'))).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'id',
      });
    }
  });
});

describe('cursors', () => {
  const list = listDigest('some list');
  const position = {
    order: 'desc' as const,
    token: 'PAIM123',
    page: 2,
    size: 50,
    offset: 49,
    next: { token: 'PAIM456', page: 3 },
  };

  it('round-trip a Twilio page position', () => {
    expect(decodeCursor(list, encodeCursor(list, position), 'after')).toEqual(position);
  });

  it('reject cursors of another list as BAD_USER_INPUT naming the argument', () => {
    const foreign = encodeCursor(listDigest('other list'), position);
    expect(codeOf(() => decodeCursor(list, foreign, 'before'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'before',
    });
  });

  it('reject malformed and tampered cursors as BAD_USER_INPUT', () => {
    const good = encodeCursor(list, position);
    const tampered = Buffer.from(
      Buffer.from(good, 'base64url').toString('utf8').replace('49', '60'),
    ).toString('base64url');
    for (const value of ['', 'abc', 'not a cursor', tampered, `${good}AA`]) {
      expect(codeOf(() => decodeCursor(list, value, 'after'))).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'after',
      });
    }
  });
});
