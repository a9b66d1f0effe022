import { describe, expect, it } from 'vitest';
import { Router } from '../../../src/emulator/http/router.js';
import { hostServes, operations } from '../../../src/registry/index.js';
import type { HostProduct, OperationSpec } from '../../../src/registry/index.js';

const router = new Router(operations);
const hosts: readonly HostProduct[] = ['chat', 'ip-messaging', 'conversations'];

function concretePath(op: OperationSpec): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const spec = op.pathParams.find((p) => p.name === name);
    const prefix = /^\^([A-Z]{2})\[/.exec(spec?.pattern ?? '')?.[1];
    return prefix ? `${prefix}${'0'.repeat(32)}` : `value-of-${name}`;
  });
}

describe('router', () => {
  it('routes every registry operation on every host that serves it, and on no other', () => {
    let routed = 0;
    for (const op of operations) {
      for (const host of hosts) {
        const match = router.match(host, op.method, concretePath(op));
        if (hostServes(host, op)) {
          expect(match.kind === 'found' && match.op.id, `${host} ${op.id}`).toBe(op.id);
          routed += 1;
        } else {
          expect(match.kind === 'found' && match.op.id === op.id, `${host} ${op.id}`).toBe(false);
        }
      }
    }
    // 198 operations, plus the 54 Chat v2 ones served again by ip-messaging.
    expect(routed).toBe(198 + 54);
  });

  it('names path parameters after the registry and percent-decodes them', () => {
    const match = router.match(
      'chat',
      'GET',
      '/v2/Services/IS00000000000000000000000000000000/Channels/my%20channel%231',
    );
    expect(match).toMatchObject({
      kind: 'found',
      op: { id: 'chat.v2.FetchChannel' },
      path: { ServiceSid: 'IS00000000000000000000000000000000', Sid: 'my channel#1' },
    });
  });

  it('tells Chat v1 from Conversations v1 on the same path by host', () => {
    expect(router.match('chat', 'GET', '/v1/Services')).toMatchObject({
      op: { id: 'chat.v1.ListService' },
    });
    expect(router.match('conversations', 'GET', '/v1/Services')).toMatchObject({
      op: { id: 'conversations.v1.ListService' },
    });
  });

  it('answers method-not-allowed with the allowed methods for a known path', () => {
    expect(router.match('conversations', 'DELETE', '/v1/Services')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['GET', 'POST'],
    });
  });

  it('finds nothing for unknown paths, empty segments and undecodable segments', () => {
    expect(router.match('conversations', 'GET', '/v1/Nope')).toEqual({ kind: 'not-found' });
    expect(router.match('conversations', 'GET', '/v1/Conversations//Messages')).toEqual({
      kind: 'not-found',
    });
    expect(router.match('conversations', 'GET', '/v1/Conversations/%E0%A4%A')).toEqual({
      kind: 'not-found',
    });
    expect(router.match('ip-messaging', 'GET', '/v1/Services')).toEqual({ kind: 'not-found' });
  });
});
