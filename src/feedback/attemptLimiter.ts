// Limits wrong attempts (access codes, staff passwords) per key in a sliding window. An attempt is
// counted, in one step with the check, before the code or password is hashed, so parallel attempts
// cannot all pass the check; a right one takes its count back. In memory by default; on
// PostgreSQL shared by every instance, so the limits hold whichever instance is asked.

export interface AttemptLimiter {
  /** False when any key has used up its attempts (nothing is counted then); otherwise counts one attempt against every key. */
  tryAttempt(...keys: string[]): Promise<boolean>;
  /** Takes back the latest attempt of each key: one counted in advance that turned out right. */
  forgiveOne(...keys: string[]): Promise<void>;
}

/** Makes the limiter of one purpose (`scope`), e.g. access codes or sign-ins per client. */
export type AttemptLimiterFactory = (scope: string, maxFailures: number, windowMs: number) => AttemptLimiter;

export class MemoryAttemptLimiter implements AttemptLimiter {
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

  // Synchronous inside, so no other attempt in this process comes between the check and the count.
  async tryAttempt(...keys: string[]): Promise<boolean> {
    if (keys.some((k) => this.recent(k).length >= this.maxFailures)) return false;
    for (const k of keys) this.failures.set(k, [...this.recent(k), this.now()]);
    return true;
  }

  async forgiveOne(...keys: string[]): Promise<void> {
    for (const k of keys) {
      const kept = this.recent(k).slice(0, -1);
      if (kept.length > 0) this.failures.set(k, kept);
      else this.failures.delete(k);
    }
  }
}

export const memoryAttemptLimiters: AttemptLimiterFactory = (_scope, maxFailures, windowMs) => new MemoryAttemptLimiter(maxFailures, windowMs);
