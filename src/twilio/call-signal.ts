/**
 * The abort signal of one call: its own deadline, or its caller's signal, or its operation's
 * deadline, whichever comes first. An operation makes many calls with the same two parent
 * signals, so the parents are watched once per operation and each call only adds its controller
 * to the operation's set: `AbortSignal.any` per call showed up in profiles of wide reads, in its
 * own time and in the garbage collector's (each joined signal is a weak reference on every
 * parent), and even once per operation it was a visible share of a one-call read.
 */
import type { CallLedger } from './ledger.js';

/** The parents shared by the calls of one operation, fanned out to each call's controller. */
class ParentSignals {
  readonly #calls = new Set<AbortController>();
  #listening = false;
  readonly #onAbort = (event: Event): void => {
    const reason: unknown = (event.target as AbortSignal).reason;
    this.#stopListening();
    for (const call of this.#calls) call.abort(reason);
    this.#calls.clear();
  };

  constructor(
    readonly callerSignal: AbortSignal | undefined,
    private readonly parents: readonly AbortSignal[],
  ) {}

  join(call: AbortController): () => void {
    const aborted = this.parents.find((parent) => parent.aborted);
    if (aborted !== undefined) {
      call.abort(aborted.reason);
      return () => {};
    }
    this.#calls.add(call);
    // Listeners only while calls are in flight: a long-lived caller signal (a socket's, say)
    // keeps nothing of an operation that is over.
    if (!this.#listening) {
      for (const parent of this.parents) parent.addEventListener('abort', this.#onAbort);
      this.#listening = true;
    }
    return () => {
      this.#calls.delete(call);
      if (this.#calls.size === 0) this.#stopListening();
    };
  }

  #stopListening(): void {
    if (!this.#listening) return;
    for (const parent of this.parents) parent.removeEventListener('abort', this.#onAbort);
    this.#listening = false;
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
