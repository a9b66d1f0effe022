/**
 * The field sources of the unified types (src/loaders/field-sources.ts) are declared once and
 * must name every field the SDL gives each type, and nothing else: a field added to the schema
 * without saying which API serves it fails here.
 */
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createGraphSchema } from '../../src/graph/index.js';
import { FIELD_SOURCES, readFor, type UnifiedType } from '../../src/loaders/index.js';

const schema = createGraphSchema();

describe('field sources', () => {
  it.each(Object.keys(FIELD_SOURCES) as UnifiedType[])(
    '%s: every SDL field has a source, and every source an SDL field',
    (type) => {
      const object = schema.getType(type);
      expect(isObjectType(object)).toBe(true);
      if (!isObjectType(object)) return;
      const sdl = Object.keys(object.getFields()).sort();
      expect(Object.keys(FIELD_SOURCES[type]).sort()).toEqual(sdl);
    },
  );

  it('derive the read a selection needs from the map', () => {
    expect(readFor('Conversation', ['type', 'membersCount', 'sid'])).toBe('chat');
    expect(readFor('Conversation', ['type', 'state'])).toBe('record');
    expect(readFor('Conversation', ['messages', 'id'])).toBe('keys');
    expect(readFor('Service', ['readStatusEnabled', 'limits'])).toBe('chat');
    expect(readFor('User', ['joinedChannelsCount', 'role'])).toBe('record');
  });
});
