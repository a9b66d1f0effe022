import { createHash } from 'node:crypto';

/**
 * Deterministic SIDs: prefix + 32 lowercase hex derived from a seed and a counter, so a seeded
 * data set has the same SIDs on every run while still looking random.
 */
export class SidFactory {
  private counter = 0;
  private readonly issued = new Set<string>();

  constructor(private readonly seed: string) {}

  next(prefix: string): string {
    for (;;) {
      this.counter += 1;
      const hex = createHash('sha256')
        .update(`${this.seed}:${this.counter}`)
        .digest('hex')
        .slice(0, 32);
      const sid = `${prefix}${hex}`;
      if (!this.issued.has(sid)) {
        this.issued.add(sid);
        return sid;
      }
    }
  }
}

const SID_SHAPE = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

/** Whether `value` has the shape of a SID with `prefix` (used for friendly-key guards). */
export function looksLikeSid(value: string, prefix: string): boolean {
  return value.startsWith(prefix) && SID_SHAPE.test(value);
}
