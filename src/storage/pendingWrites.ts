// Changes waiting to be written, by key, with a bounded lag: a change is kept in memory at once and
// written behind within an interval, many files at a time, however many turns changed it meanwhile.
// When the writes fall behind (more than `maxPending` changes wait, or the oldest has waited longer
// than `maxLagMs`), the change that finds it so waits until it is written itself: turns slow down
// instead of the lag and the memory growing, so a hard kill loses at most about a second of turns.
// A write that keeps failing (a full disk) is retried every interval; past `hardLimit` waiting
// changes, a new change is refused with that failure rather than kept in memory.

export interface LagBounds {
  /** How long a change may wait before the write-behind starts. */
  intervalMs: number;
  /** Changes waiting at most before a new change waits for the write. */
  maxPending: number;
  /** The oldest change waits at most this long before a new change waits for the write. */
  maxLagMs: number;
  /** Files written at once. */
  concurrency: number;
  /** Changes kept at most while writes fail. */
  hardLimit: number;
}

interface Waiting<T> {
  value: T;
  /** When the oldest change of this key not yet on disk was made. */
  since: number;
}

export class PendingWrites<T> {
  private waiting = new Map<string, Waiting<T>>();
  /** The changes a running flush is writing; still readable until they are on disk. */
  private inFlight = new Map<string, Waiting<T>>();
  /** The oldest `since` in `waiting` and in `inFlight`. */
  private waitingSince: number | undefined;
  private inFlightSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** The flush after the running one, shared by everyone who needs it. */
  private next: Promise<void> | undefined;
  /** The error of the last failed write, until a flush writes everything. */
  lastError: unknown;

  constructor(
    private readonly writeOne: (key: string, value: T) => Promise<void>,
    private readonly bounds: LagBounds,
    private readonly now: () => number = Date.now,
  ) {}

  /** The latest value of `key` not yet on disk, if any. */
  get(key: string): T | undefined {
    return (this.waiting.get(key) ?? this.inFlight.get(key))?.value;
  }

  get size(): number {
    return this.waiting.size + this.inFlight.size;
  }

  /** How long the oldest change not on disk has waited (0 when none waits). */
  lagMs(now = this.now()): number {
    const oldest = Math.min(this.waitingSince ?? now, this.inFlightSince ?? now);
    return now - oldest;
  }

  /**
   * Notes a change. Resolves at once while the writes keep up; otherwise when this change is on
   * disk. Rejects only when writes fail and more than `hardLimit` changes wait.
   */
  async set(key: string, value: T): Promise<void> {
    const now = this.now();
    const since = this.waiting.get(key)?.since ?? now;
    this.waiting.set(key, { value, since });
    this.waitingSince ??= since;
    if (this.size <= this.bounds.maxPending && this.lagMs(now) <= this.bounds.maxLagMs) {
      this.schedule();
      return;
    }
    try {
      await this.flush();
    } catch (err) {
      if (this.size > this.bounds.hardLimit) throw err; // kept in lastError and retried otherwise
    }
  }

  /** Forgets a waiting change (the key is being deleted); call after `settled()`. */
  forget(key: string): void {
    this.waiting.delete(key);
  }

  has(key: string): boolean {
    return this.waiting.has(key) || this.inFlight.has(key);
  }

  /** Resolves when no flush is running. */
  async settled(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  /** Writes every change made before the call; rejects when a write failed. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.running) {
      const run = this.writeAll();
      this.running = run.finally(() => {
        this.running = undefined;
        if (!this.next) this.schedule(); // what changed meanwhile, within the interval
      });
      return this.running;
    }
    // The running flush took its changes before these were made: they go with the next one.
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.flush();
      });
    return this.next;
  }

  private schedule(): void {
    if (this.timer || this.running || this.waiting.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined); // kept in lastError, tried again at the next interval
    }, this.bounds.intervalMs);
    this.timer.unref();
  }

  private async writeAll(): Promise<void> {
    this.inFlight = this.waiting;
    this.inFlightSince = this.waitingSince;
    this.waiting = new Map();
    this.waitingSince = undefined;
    const entries = [...this.inFlight];
    let failure: unknown;
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const [key, entry] = entries[next++];
        try {
          await this.writeOne(key, entry.value);
        } catch (err) {
          failure = err;
          // Written again with the next flush, unless a newer change of the key waits already.
          if (!this.waiting.has(key)) {
            this.waiting.set(key, entry);
            this.waitingSince = Math.min(this.waitingSince ?? entry.since, entry.since);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.bounds.concurrency, entries.length) }, worker));
    this.inFlight = new Map();
    this.inFlightSince = undefined;
    this.lastError = failure;
    if (failure !== undefined) throw failure;
  }
}
