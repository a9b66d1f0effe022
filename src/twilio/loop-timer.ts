/**
 * A timeout for "Twilio took too long" that does not count time this process's own event loop
 * was blocked. A plain setTimeout measures wall time and fires in the timers phase, before the
 * loop reads sockets: after a long synchronous stretch (a big response rendered, an embedded
 * emulator busy) every pending deadline fires at once while the answers sit unread, and the
 * caller is told Twilio timed out. Here time advances on a shared ticker by at most
 * `maxStepMs` per tick, as undici's own header and body timers do, so a blocked stretch counts
 * as one step; and an expired timeout yields to I/O once before it fires.
 */
import { performance } from 'node:perf_hooks';

const tickMs = 20;
/** A tick that comes later than this means the loop was blocked; the excess is not counted. */
const maxStepMs = 2 * tickMs;

interface Pending {
  readonly due: number;
  readonly fire: () => void;
  immediate?: NodeJS.Immediate;
}

const pending = new Set<Pending>();
let loopNow = 0;
let lastWall = 0;
let ticker: NodeJS.Timeout | null = null;

function advance(): void {
  const wall = performance.now();
  loopNow += Math.min(wall - lastWall, maxStepMs);
  lastWall = wall;
}

function tick(): void {
  advance();
  for (const entry of pending) {
    if (entry.due > loopNow || entry.immediate) continue;
    entry.immediate = setImmediate(() => {
      pending.delete(entry);
      entry.fire();
    });
  }
  if (pending.size === 0 && ticker !== null) {
    clearInterval(ticker);
    ticker = null;
  }
}

/** Calls `fire` once `ms` of loop-available time has passed; returns the cancel function. */
export function loopTimeout(ms: number, fire: () => void): () => void {
  if (ticker === null) {
    lastWall = performance.now();
    ticker = setInterval(tick, tickMs);
    ticker.unref();
  } else {
    advance();
  }
  const entry: Pending = { due: loopNow + ms, fire };
  pending.add(entry);
  return () => {
    pending.delete(entry);
    if (entry.immediate) clearImmediate(entry.immediate);
  };
}
