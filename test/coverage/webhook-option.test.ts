/**
 * `X-Twilio-Webhook-Enabled` is an input option on every write that accepts it: each mutation that
 * reaches an operation declaring the header takes `input.webhookEnabled: Boolean`.
 */
import { getNamedType, isInputObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createGraphSchema } from '../../src/graph/index.js';
import { getOperation } from '../../src/registry/index.js';
import { OPERATION_ROWS } from './operations.js';

const HEADER = 'X-Twilio-Webhook-Enabled';

describe('webhookEnabled input option', () => {
  const schema = createGraphSchema();
  const mutation = schema.getMutationType();

  const mutationsReachingTheHeader = [
    ...new Set(
      OPERATION_ROWS.filter((row) => row.reachedBy.startsWith('Mutation.'))
        .filter((row) =>
          row.operationIds.some((id) => getOperation(id).headerParams.some((p) => p.name === HEADER)),
        )
        // `reachedBy` may say which input reaches the id, e.g. `createConversation(participants)`.
        .map((row) => row.reachedBy.slice('Mutation.'.length).replace(/\(.*\)$/, '')),
    ),
  ].sort();

  it('finds the mutations whose operations take the header', () => {
    expect(mutationsReachingTheHeader).toEqual(
      expect.arrayContaining(['createConversation', 'sendMessage', 'addParticipant', 'createUser']),
    );
  });

  it('gives each of them an input.webhookEnabled Boolean', () => {
    expect(isObjectType(mutation)).toBe(true);
    const missing = mutationsReachingTheHeader.filter((name) => {
      const input = mutation?.getFields()[name]?.args.find((arg) => arg.name === 'input');
      const type = input ? getNamedType(input.type) : undefined;
      const field = type && isInputObjectType(type) ? type.getFields().webhookEnabled : undefined;
      return field === undefined || getNamedType(field.type).name !== 'Boolean';
    });
    expect(missing).toEqual([]);
  });
});
