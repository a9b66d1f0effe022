/**
 * The SDL's `@cost`/`@listSize` (what the upstream estimate and a Router's demand control read)
 * stay in step with the schema: every field whose description names a Twilio call weighs
 * something, every connection has a list size, and composition hands them to the supergraph.
 */
import { composeServices } from '@apollo/composition';
import { getNamedType, isObjectType, parse, valueFromASTUntyped, type GraphQLField } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createGraphSchema, typeDefs } from '../../src/graph/index.js';
import { MEMBERSHIP_COPIES } from '../../src/graph/upstream-estimate.js';
import { toParticipantConversation, toUserConversation } from '../../src/loaders/index.js';

const schema = createGraphSchema();

function fields(): [string, GraphQLField<unknown, unknown>][] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('_'))
    .flatMap((type) =>
      isObjectType(type)
        ? Object.values(type.getFields()).map(
            (f) => [`${type.name}.${f.name}`, f] as [string, typeof f],
          )
        : [],
    );
}

function directiveArgs(field: GraphQLField<unknown, unknown>, name: string) {
  const node = field.astNode?.directives?.find((d) => d.name.value === name);
  if (!node) return undefined;
  return Object.fromEntries(
    (node.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]),
  );
}

describe('@cost and @listSize in the SDL', () => {
  it('weigh every field that makes a Twilio request, and nothing else', () => {
    for (const [name, field] of fields()) {
      // A subscription's payload costs per event, after the operation was admitted: no weight.
      if (/once per event/.test(field.description ?? '')) continue;
      const calls = /^Twilio: /m.test(field.description ?? '');
      const weight = directiveArgs(field, 'cost')?.weight;
      if (calls) expect(weight, name).toBeGreaterThanOrEqual(1);
      else expect(weight, name).toBeUndefined();
    }
  });

  it('size every connection by its first/last and its default page size', () => {
    for (const [name, field] of fields()) {
      if (!getNamedType(field.type).name.endsWith('Connection')) continue;
      const listSize = directiveArgs(field, 'listSize');
      expect(listSize, name).toBeDefined();
      const slicing = field.args.filter((a) => a.name === 'first' || a.name === 'last');
      expect(listSize?.slicingArguments, name).toEqual(slicing.map((a) => a.name));
      expect(listSize?.sizedFields, name).toEqual(['edges', 'nodes']);
      const stated = /default (\d+)/i.exec(slicing[0]?.description ?? '')?.[1];
      expect(listSize?.assumedSize, name).toBe(Number(stated));
    }
  });

  it('reach the supergraph, where a Router reads them', () => {
    const result = composeServices([
      { name: 'chat', url: 'http://chat.invalid/graphql', typeDefs: parse(typeDefs) },
    ]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.supergraphSdl).toMatch(/MessageConnection[^\n]*@cost\(weight: 1\)/);
    expect(result.supergraphSdl).toContain('@listSize(');
  });
});

describe("the estimate's membership copies", () => {
  const SIDS = {
    chat_service_sid: 'IS' + '0'.repeat(32),
    conversation_sid: 'CH' + '0'.repeat(32),
    participant_sid: 'MB' + '0'.repeat(32),
  };
  const own = (record: object) =>
    Object.keys(record).filter((key) => !['serviceSid', 'conversationSid', 'sid'].includes(key));

  it('are the fields the membership records copy (records/user.ts, records/participant.ts)', () => {
    const conversation = new Set(own(toUserConversation(SIDS).conversation));
    expect(conversation).toEqual(MEMBERSHIP_COPIES.Conversation);
    const participantConversation = toParticipantConversation(SIDS);
    expect(new Set(own(participantConversation.conversation))).toEqual(conversation);
    expect(new Set(own(participantConversation.participant))).toEqual(
      MEMBERSHIP_COPIES.Participant,
    );
  });
});
