/**
 * Readiness: the schema is loaded and the upstream answers a cheap call. The probe result is
 * cached briefly so a scraper polling /readyz every second costs at most one upstream call per
 * `cacheMs`, and concurrent probes share one check.
 */

export interface ReadinessResult {
  readonly ready: boolean;
  /** A short, secret-free reason when not ready. */
  readonly reason: string | null;
}

/**
 * What /readyz answers: the upstream decides readiness; Redis is reported beside it and never
 * makes a replica unready, since a replica keeps serving on per-process state without it (an
 * unready answer would take every replica out of the load balancer at once).
 */
export function readinessBody(
  result: ReadinessResult,
  redis: 'up' | 'down' | null,
): Record<string, string> {
  return {
    ...(result.ready ? { status: 'ready' } : { status: 'not ready', reason: result.reason ?? '' }),
    ...(redis === null ? {} : { redis }),
  };
}

/** Resolves when the upstream is usable; rejects (or times out) otherwise. */
export type UpstreamCheck = (signal: AbortSignal) => Promise<void>;

export interface ReadinessOptions {
  readonly check: UpstreamCheck;
  /** How long a result is reused. Default 5 000 ms. */
  readonly cacheMs?: number;
  /** A check still running after this counts as failed. Default 3 000 ms. */
  readonly timeoutMs?: number;
  /** Failure details for logs (the HTTP answer only says "upstream unreachable"). */
  readonly onCheckFailed?: (error: unknown) => void;
}

export interface ReadinessProbe {
  probe(): Promise<ReadinessResult>;
}

export function createReadinessProbe(options: ReadinessOptions): ReadinessProbe {
  const cacheMs = options.cacheMs ?? 5_000;
  const timeoutMs = options.timeoutMs ?? 3_000;
  let cached: { result: ReadinessResult; at: number } | null = null;
  let running: Promise<ReadinessResult> | null = null;

  async function runCheck(): Promise<ReadinessResult> {
    const signal = AbortSignal.timeout(timeoutMs);
    // A check that ignores its signal must still not hold the probe open.
    const timedOut = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    try {
      await Promise.race([options.check(signal), timedOut]);
      return { ready: true, reason: null };
    } catch (error) {
      options.onCheckFailed?.(error);
      return {
        ready: false,
        reason: signal.aborted ? 'upstream check timed out' : 'upstream unreachable',
      };
    }
  }

  return {
    async probe() {
      if (cached && performance.now() - cached.at < cacheMs) return cached.result;
      running ??= runCheck().then((result) => {
        cached = { result, at: performance.now() };
        running = null;
        return result;
      });
      return running;
    },
  };
}
