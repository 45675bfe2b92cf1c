// Limits wrong attempts (access codes, staff passwords) per key in a sliding window.

export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length > 0) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  isBlocked(...keys: string[]): boolean {
    return keys.some((k) => this.recent(k).length >= this.maxFailures);
  }

  recordFailure(...keys: string[]): void {
    for (const k of keys) this.failures.set(k, [...this.recent(k), this.now()]);
  }

  /** Takes back the latest failure of each key: an attempt counted in advance that turned out right. */
  forgiveOne(...keys: string[]): void {
    for (const k of keys) {
      const kept = this.recent(k).slice(0, -1);
      if (kept.length > 0) this.failures.set(k, kept);
      else this.failures.delete(k);
    }
  }
}
