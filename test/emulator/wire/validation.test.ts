import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { checkValue, validateParams } from '../../../src/emulator/http/params.js';
import { operations } from '../../../src/registry/index.js';
import { EmulatorError } from '../../../src/emulator/contract.js';
import { call, record } from './helpers.js';

let emulator: RunningEmulator;
let serviceSid: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: false });
  const created = await call(emulator, { path: '/chat/v2/Services', form: { FriendlyName: 'v' } });
  serviceSid = String(record(created.json).sid);
});

afterAll(async () => {
  await emulator.close();
});

function expectBadRequest(json: unknown, code: number, parameter: string): void {
  const body = record(json);
  expect(body).toMatchObject({
    code,
    status: 400,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
  });
  expect(String(body.message)).toContain(parameter);
}

/** Twilio's answer to a required form parameter left out (twilio-wire.md §6). */
const missingInPostBody = (name: string) => ({
  code: 20001,
  message: `Missing required parameter ${name} in the post body`,
  more_info: 'https://www.twilio.com/docs/errors/20001',
  status: 400,
});

describe('request validation from the registry', () => {
  it('answers a missing Identity in the post body exactly as Twilio does (400/20001)', async () => {
    // The body twilio-chat-demo-android#147 quotes for this very call (Chat v2 Invites).
    const channel = await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}/Channels`,
      form: { FriendlyName: 'invites' },
    });
    const answer = await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}/Channels/${String(record(channel.json).sid)}/Invites`,
      form: {},
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(missingInPostBody('Identity'));
  });

  it('answers a missing FriendlyName with 400/20001, also when it is sent empty', async () => {
    // nash-md/twilio-contact-center#18 quotes the same wording for FriendlyName.
    const forms: Record<string, string>[] = [{}, { FriendlyName: '' }];
    for (const form of forms) {
      const answer = await call(emulator, { path: '/conversations/v1/Services', form });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual(missingInPostBody('FriendlyName'));
    }
  });

  it('has no required query parameter to answer for, and would name one "in the query"', () => {
    // Twilio was never seen answering a missing query parameter on these APIs, so that wording
    // is ours; this pins that no operation can produce it today.
    const required = operations.flatMap((op) =>
      op.queryParams.filter((p) => p.required).map((p) => `${op.id} ${p.name}`),
    );
    expect(required).toEqual([]);
    const spec = { name: 'Identity', type: 'string', required: true, array: false } as const;
    let failure: unknown = null;
    try {
      validateParams([spec], new Map(), 'query');
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(EmulatorError);
    expect(failure).toMatchObject({
      status: 400,
      code: 20001,
      message: 'Missing required parameter Identity in the query',
    });
  });

  it('answers a value outside an enum with 400/20001 naming the parameter', async () => {
    const answer = await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}/Channels?Type=secret`,
    });
    expect(answer.status).toBe(400);
    expectBadRequest(answer.json, 20001, 'Type');
  });

  it('answers a body value that breaks its pattern with 400/20001 naming it', async () => {
    const answer = await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}`,
      form: { DefaultServiceRoleSid: 'RLnothex' },
    });
    expect(answer.status).toBe(400);
    expectBadRequest(answer.json, 20001, 'DefaultServiceRoleSid');
  });

  it('answers a non-integer and a non-boolean with 400/20001 naming each', async () => {
    const integer = await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}`,
      form: { ConsumptionReportInterval: 'often' },
    });
    expectBadRequest(integer.json, 20001, 'ConsumptionReportInterval');
    const boolean = await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}`,
      form: { ReadStatusEnabled: 'maybe' },
    });
    expectBadRequest(boolean.json, 20001, 'ReadStatusEnabled');
  });

  it('answers a bad X-Twilio-Webhook-Enabled value with 400 naming the header', async () => {
    const answer = await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}/Channels`,
      form: { FriendlyName: 'x' },
      headers: { 'x-twilio-webhook-enabled': 'yes' },
    });
    expectBadRequest(answer.json, 20001, 'X-Twilio-Webhook-Enabled');
  });

  it('ignores unknown parameters, as Twilio does', async () => {
    const answer = await call(emulator, {
      path: '/conversations/v1/Services',
      form: { FriendlyName: 'fine', NoSuchParameter: 'ignored' },
    });
    expect(answer.status).toBe(201);
    expect(record(answer.json).friendly_name).toBe('fine');
  });

  it('accepts repeated keys as an array parameter', async () => {
    const answer = await call(emulator, {
      path: `/chat/v2/Services/${serviceSid}/Channels?Type=public&Type=private`,
    });
    expect(answer.status).toBe(200);
  });

  it('checks minimum/maximum length, ranges and date-times by the spec', () => {
    const spec = { name: 'Identity', type: 'string', required: false, array: false } as const;
    const fails = (run: () => unknown, name: string) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(EmulatorError);
        expect((error as EmulatorError).message).toContain(name);
        return;
      }
      throw new Error('expected a validation error');
    };
    fails(() => checkValue({ ...spec, minLength: 3 }, 'ab'), 'Identity');
    fails(() => checkValue({ ...spec, maxLength: 3 }, 'abcd'), 'Identity');
    expect(checkValue({ ...spec, minLength: 2, maxLength: 3 }, 'abc')).toBe('abc');
    fails(() => checkValue({ ...spec, type: 'integer', maximum: 5 }, '6'), 'Identity');
    fails(() => checkValue({ ...spec, format: 'date-time' }, 'yesterday'), 'Identity');
    expect(checkValue({ ...spec, format: 'date-time' }, '2024-01-02T03:04:05Z')).toBe(
      '2024-01-02T03:04:05Z',
    );
    expect(checkValue({ ...spec, type: 'boolean' }, 'TRUE')).toBe('true');
  });
});
