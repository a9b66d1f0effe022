/**
 * The abort signal of one call: its own deadline, or its caller's signal, or its operation's
 * deadline, whichever comes first. An operation makes many calls with the same two parent
 * signals, so the parents are joined once per operation (one `AbortSignal.any` and one listener)
 * and each call only adds its controller to the operation's set: `AbortSignal.any` per call
 * showed up in profiles of wide reads, in its own time and in the garbage collector's.
 */
import type { CallLedger } from './ledger.js';

/** The parents shared by the calls of one operation, fanned out to each call's controller. */
class ParentSignals {
  readonly #calls = new Set<AbortController>();
  readonly #parent: AbortSignal;

  constructor(
    readonly callerSignal: AbortSignal | undefined,
    parents: AbortSignal[],
  ) {
    // A joined signal of our own, so a long-lived caller signal holds no listener of ours.
    this.#parent = AbortSignal.any(parents);
    this.#parent.addEventListener(
      'abort',
      () => {
        for (const call of this.#calls) call.abort(this.#parent.reason);
        this.#calls.clear();
      },
      { once: true },
    );
  }

  join(call: AbortController): () => void {
    if (this.#parent.aborted) {
      call.abort(this.#parent.reason);
      return () => {};
    }
    this.#calls.add(call);
    return () => this.#calls.delete(call);
  }
}

const byLedger = new WeakMap<CallLedger, ParentSignals>();

/**
 * Links `call` (the call's own deadline controller) to the caller's signal and the operation's
 * deadline; the returned function unlinks it when the call is over.
 */
export function linkCallSignal(
  call: AbortController,
  callerSignal: AbortSignal | undefined,
  ledger: CallLedger | undefined,
): () => void {
  const operationSignal = ledger?.deadline?.signal;
  const parents = [callerSignal, operationSignal].filter((s): s is AbortSignal => s !== undefined);
  if (parents.length === 0) return () => {};
  if (ledger === undefined) return new ParentSignals(callerSignal, parents).join(call);
  let shared = byLedger.get(ledger);
  if (shared === undefined || shared.callerSignal !== callerSignal) {
    shared = new ParentSignals(callerSignal, parents);
    // A ledger shared under another caller signal keeps the first pair; this call joins its own.
    if (!byLedger.has(ledger)) byLedger.set(ledger, shared);
  }
  return shared.join(call);
}
