/** An action-rate clock that moves only when a test says so (shared by in-process replicas). */
import type { RateClock } from '../../src/twilio/index.js';

interface Sleeper {
  readonly at: number;
  readonly wake: () => void;
}

export class ManualRateClock implements RateClock {
  #time = 0;
  #sleepers: Sleeper[] = [];

  readonly now = (): number => this.#time;

  readonly sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const sleeper: Sleeper = {
        at: this.#time + ms,
        wake: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });

  /** Callers waiting for time to pass. */
  get sleeping(): number {
    return this.#sleepers.length;
  }

  advance(ms: number): void {
    this.#time += ms;
    const due = this.#sleepers.filter((s) => s.at <= this.#time);
    this.#sleepers = this.#sleepers.filter((s) => s.at > this.#time);
    for (const sleeper of due) sleeper.wake();
  }
}
