/**
 * Injected failures: each rule fails matching requests either at a rate or for the next N of
 * them. Count rules are consumed as they fire so a test can say "the next two ListConversation
 * calls answer 503" and then see normal service again.
 */
import type { FaultKind, FaultRule } from './options.js';

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number | null;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  constructor(
    rules: readonly FaultRule[],
    private readonly random: () => number,
  ) {
    this.set(rules);
  }

  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, remaining: rule.count ?? null }));
  }

  /** The rules still in force, with the count each has left. */
  list(): FaultRule[] {
    return this.rules.map(({ rule, remaining }) =>
      remaining === null ? rule : { ...rule, count: remaining },
    );
  }

  /** The fault to apply to this request, if any (consumes one count of the rule that fires). */
  pick(operationId: string | null, method: string): FaultKind | null {
    if (this.rules.length === 0) return null;
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.operationId !== undefined && rule.operationId !== operationId) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (active.remaining !== null) {
        if (active.remaining <= 0) continue;
        active.remaining -= 1;
        this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
        return rule.kind;
      }
      if (rule.rate !== undefined && this.random() < rule.rate) return rule.kind;
    }
    return null;
  }
}
