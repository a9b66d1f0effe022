import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { linkCallSignal } from '../../src/twilio/call-signal.js';
import { CallLedger, OperationDeadline, type DeadlineClock } from '../../src/twilio/index.js';

/** A deadline that fires only when the test says so. */
function manualDeadline(): { deadline: OperationDeadline; fire: () => void } {
  let fire = () => {};
  const clock: DeadlineClock = {
    now: () => 0,
    setTimer: (_ms, callback) => {
      fire = callback;
      return () => {};
    },
  };
  return { deadline: new OperationDeadline(1_000, clock), fire: () => fire() };
}

describe('a call signal', () => {
  it('aborts every call in flight with the reason of the parent that aborted first', () => {
    const caller = new AbortController();
    const { deadline, fire } = manualDeadline();
    const ledger = new CallLedger({ deadline });
    const calls = [new AbortController(), new AbortController()];
    for (const call of calls) linkCallSignal(call, caller.signal, ledger);
    const reason = new Error('the client left');
    caller.abort(reason);
    // The deadline passing afterwards changes nothing of the calls' reason.
    fire();
    expect(deadline.signal.aborted).toBe(true);
    for (const call of calls) expect(call.signal.reason).toBe(reason);
  });

  it('aborts on the operation deadline, and a call joining afterwards at once', () => {
    const { deadline, fire } = manualDeadline();
    const ledger = new CallLedger({ deadline });
    const inFlight = new AbortController();
    linkCallSignal(inFlight, undefined, ledger);
    fire();
    expect(inFlight.signal.aborted).toBe(true);
    expect(inFlight.signal.reason).toBe(deadline.signal.reason);
    const late = new AbortController();
    linkCallSignal(late, undefined, ledger);
    expect(late.signal.reason).toBe(deadline.signal.reason);
  });

  it('leaves no listener on a long-lived caller signal once its calls are over', () => {
    const connection = new AbortController();
    const { deadline } = manualDeadline();
    for (let operation = 0; operation < 3; operation += 1) {
      const ledger = new CallLedger({ deadline });
      const unlinks = [1, 2, 3].map(() =>
        linkCallSignal(new AbortController(), connection.signal, ledger),
      );
      expect(getEventListeners(connection.signal, 'abort')).toHaveLength(1);
      for (const unlink of unlinks) unlink();
      expect(getEventListeners(connection.signal, 'abort')).toHaveLength(0);
      expect(getEventListeners(deadline.signal, 'abort')).toHaveLength(0);
    }
    // A call that ended is not aborted later.
    const ledger = new CallLedger({ deadline });
    const ended = new AbortController();
    linkCallSignal(ended, connection.signal, ledger)();
    connection.abort(new Error('closed'));
    expect(ended.signal.aborted).toBe(false);
  });

  it('links a call without a ledger to its caller signal alone', () => {
    const caller = new AbortController();
    const call = new AbortController();
    const unlink = linkCallSignal(call, caller.signal, undefined);
    caller.abort(new Error('stop'));
    expect(call.signal.aborted).toBe(true);
    unlink();
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });
});
