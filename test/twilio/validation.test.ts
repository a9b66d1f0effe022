import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwilioError, type TwilioClient, type TwilioParams } from '../../src/twilio/index.js';
import { CONVERSATION_SID, SERVICE_SID, caught, clientFor } from './support/fixtures.js';
import { ScriptedServer } from './support/scripted-server.js';

let server: ScriptedServer;
let client: TwilioClient;

beforeAll(async () => {
  server = await ScriptedServer.start();
  client = clientFor(server);
});
afterAll(async () => {
  await client.close();
  await server.close();
});

async function rejected(operationId: string, params: TwilioParams): Promise<TwilioError> {
  const error = await caught(() => client.request(operationId, params));
  if (!(error instanceof TwilioError)) throw error;
  expect(error.kind).toBe('validation');
  expect(error.attempts).toBe(0);
  expect(server.requests).toHaveLength(0);
  return error;
}

describe('validation before sending (no request leaves)', () => {
  it('rejects an unknown parameter, naming it and suggesting the wire name', async () => {
    const error = await rejected('conversations.v1.CreateServiceConversation', {
      ChatServiceSid: SERVICE_SID,
      friendlyName: 'x',
    });
    expect(error.parameter).toBe('friendlyName');
    expect(error.message).toContain('unknown parameter friendlyName (did you mean FriendlyName?)');
  });

  it('rejects a missing required parameter, path or body', async () => {
    expect(
      (await rejected('conversations.v1.FetchServiceConversation', { Sid: 'x' })).parameter,
    ).toBe('ChatServiceSid');
    const error = await rejected('conversations.v1.CreateRole', {
      FriendlyName: 'r',
      Type: 'service',
    });
    expect(error.message).toContain('parameter Permission is required');
  });

  it('rejects a value of the wrong type', async () => {
    const error = await rejected('conversations.v1.UpdateServiceNotification', {
      ChatServiceSid: SERVICE_SID,
      LogEnabled: 'yes',
    });
    expect(error.message).toContain('parameter LogEnabled must be a boolean');
    expect(
      (
        await rejected('conversations.v1.CreateServiceConversation', {
          ChatServiceSid: SERVICE_SID,
          FriendlyName: 7,
        })
      ).parameter,
    ).toBe('FriendlyName');
    expect(
      (
        await rejected('conversations.v1.CreateServiceConversation', {
          ChatServiceSid: SERVICE_SID,
          FriendlyName: ['a', 'b'],
        })
      ).message,
    ).toContain('takes a single value, not a list');
  });

  it('rejects a value outside the enum', async () => {
    const error = await rejected('conversations.v1.CreateServiceConversation', {
      ChatServiceSid: SERVICE_SID,
      State: 'open',
    });
    expect(error.message).toContain('parameter State must be one of: inactive, active, closed');
  });

  it('rejects a value that does not match the pattern or length', async () => {
    const error = await rejected('conversations.v1.FetchServiceConversation', {
      ChatServiceSid: 'IS123',
      Sid: CONVERSATION_SID,
    });
    expect(error.parameter).toBe('ChatServiceSid');
    expect(error.message).toMatch(/must (match|be at least)/);
    expect(
      (
        await rejected('conversations.v1.CreateServiceConversation', {
          ChatServiceSid: SERVICE_SID,
          MessagingServiceSid: `XX${'0'.repeat(32)}`,
        })
      ).message,
    ).toContain('must match ^MG[0-9a-fA-F]{32}$');
  });

  it('rejects a number outside minimum/maximum', async () => {
    const tooBig = await rejected('conversations.v1.ListServiceConversation', {
      ChatServiceSid: SERVICE_SID,
      PageSize: 101,
    });
    expect(tooBig.message).toContain('parameter PageSize must be at most 100');
    const fraction = await rejected('conversations.v1.ListServiceConversation', {
      ChatServiceSid: SERVICE_SID,
      PageSize: 1.5,
    });
    expect(fraction.message).toContain('parameter PageSize must be an integer');
  });

  it('rejects an unknown operation id, a path segment of "..", and an invalid Date', async () => {
    expect((await rejected('conversations.v9.Nope', {})).message).toContain(
      'Unknown Twilio operation id: conversations.v9.Nope',
    );
    expect(
      (
        await rejected('conversations.v1.FetchServiceConversation', {
          ChatServiceSid: SERVICE_SID,
          Sid: '..',
        })
      ).parameter,
    ).toBe('Sid');
    expect(
      (
        await rejected('conversations.v1.CreateServiceConversation', {
          ChatServiceSid: SERVICE_SID,
          DateCreated: new Date('not a date'),
        })
      ).parameter,
    ).toBe('DateCreated');
  });
});
