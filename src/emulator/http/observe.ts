/**
 * A diagnostics hook: every answer any in-process emulator sends to a Twilio API request (not
 * the admin API) is offered to the registered observers, e.g. to validate every JSON body a test
 * suite receives against Twilio's OpenAPI documents.
 *
 * The observer set is module-level state on purpose: it is a process-wide diagnostics hook that
 * must see emulators started anywhere (by test helpers, the embedded server, benchmarks) without
 * threading an option through each of them. With no observer registered the wire layer checks
 * one `Set` size per answer and builds nothing.
 *
 * Requests that get no answer at all (the injected `hang` and `reset` faults) produce no event.
 */
import type { HostProduct } from '../../registry/types.js';
import type { FaultKind } from './options.js';

export interface EmulatorResponseEvent {
  /** The registry operation the request matched; null for 404/405 and unknown products. */
  readonly operationId: string | null;
  /** The product host the request addressed; null when none could be told. */
  readonly host: HostProduct | null;
  readonly method: string;
  /** The path as called (product prefix included), without the query. */
  readonly path: string;
  readonly status: number;
  /**
   * The JSON value sent (undefined for a 204). For the injected `malformed` fault it is the
   * truncated text as sent, a string that is not JSON.
   */
  readonly body: unknown;
  /** The injected fault that produced this answer, or null for a normal answer. */
  readonly fault: FaultKind | null;
}

export type EmulatorResponseObserver = (event: EmulatorResponseEvent) => void;

const observers = new Set<EmulatorResponseObserver>();

/**
 * Calls `fn` for every answer any emulator in this process sends; returns the unsubscribe
 * function. An observer that throws is reported on stderr and never breaks the answer.
 */
export function observeEmulatorResponses(fn: EmulatorResponseObserver): () => void {
  // A wrapper per registration, so registering the same function twice needs two unsubscribes.
  const entry: EmulatorResponseObserver = (event) => fn(event);
  observers.add(entry);
  return () => {
    observers.delete(entry);
  };
}

/** Whether any observer is registered: the wire layer builds no event otherwise. */
export function hasResponseObservers(): boolean {
  return observers.size > 0;
}

export function notifyResponseObservers(event: EmulatorResponseEvent): void {
  for (const observer of [...observers]) {
    try {
      observer(event);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[emulator] response observer failed: ${message}`);
    }
  }
}
