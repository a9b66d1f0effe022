/** Artificial latency: a fixed delay plus uniform jitter before each Twilio request is handled. */
import type { LatencySettings } from './options.js';

export class LatencyInjector {
  private settings: LatencySettings;

  constructor(
    initial: Partial<LatencySettings> | undefined,
    private readonly random: () => number,
  ) {
    this.settings = { fixedMs: initial?.fixedMs ?? 0, jitterMs: initial?.jitterMs ?? 0 };
  }

  get(): LatencySettings {
    return this.settings;
  }

  set(settings: Partial<LatencySettings>): void {
    this.settings = {
      fixedMs: settings.fixedMs ?? this.settings.fixedMs,
      jitterMs: settings.jitterMs ?? this.settings.jitterMs,
    };
  }

  /** Milliseconds to wait for the next request (0 when latency is off). */
  nextDelayMs(): number {
    const { fixedMs, jitterMs } = this.settings;
    return jitterMs > 0 ? fixedMs + Math.floor(this.random() * jitterMs) : fixedMs;
  }
}
