/**
 * What the emulator served since the last clear: a total, counts per operation id and the most
 * recent entries (bounded, so a long benchmark cannot grow memory without limit).
 */
import type { HostProduct } from '../../registry/types.js';

export interface RequestLogEntry {
  /** null when the request matched no operation (404, 405, unknown product). */
  readonly operationId: string | null;
  readonly method: string;
  /** The path as called, including any product prefix, without the query. */
  readonly path: string;
  /** 0 when the request got no answer (injected hang or connection reset). */
  readonly status: number;
  readonly host: HostProduct | null;
}

export interface RequestLogSnapshot {
  readonly total: number;
  /** The most Twilio requests in flight at once since the last clear (benchmarks read it). */
  readonly peakInFlight: number;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly requests: readonly RequestLogEntry[];
}

export class RequestLog {
  private total = 0;
  private peakInFlight = 0;
  private byOperation = new Map<string, number>();
  private entries: RequestLogEntry[] = [];

  constructor(private readonly capacity: number) {}

  record(entry: RequestLogEntry): void {
    this.total += 1;
    if (entry.operationId !== null) {
      this.byOperation.set(entry.operationId, (this.byOperation.get(entry.operationId) ?? 0) + 1);
    }
    this.entries.push(entry);
    // Trimming in batches keeps recording O(1) amortised.
    if (this.entries.length >= this.capacity * 2) this.entries = this.entries.slice(-this.capacity);
  }

  /** Called as each request arrives, with the count in flight including it. */
  inFlight(count: number): void {
    if (count > this.peakInFlight) this.peakInFlight = count;
  }

  snapshot(): RequestLogSnapshot {
    return {
      total: this.total,
      peakInFlight: this.peakInFlight,
      byOperation: Object.fromEntries(this.byOperation),
      requests: this.entries.slice(-this.capacity),
    };
  }

  clear(): void {
    this.total = 0;
    this.peakInFlight = 0;
    this.byOperation = new Map();
    this.entries = [];
  }
}
