// Write-behind for the append-only logs (usage, unanswered questions, ratings): an append changes
// the data in memory at once and the file is rewritten at most once per interval, however many
// turns append in between. Whole-file rewrites on every turn made a turn's cost grow with the
// log. On a hard kill the last interval's lines may be lost; these logs hold statistics, never a
// record a citizen was given a number for (feedback records are written before they are acknowledged).
/** What is written: a lowdb database, or anything else with a whole-file write. */
export interface Writable {
  write(): Promise<void>;
}

export const WRITE_INTERVAL_MS = 1000;

export class WriteBehind {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private dirty = false;
  /** The error of the last failed write, until a write succeeds. */
  lastError: unknown;

  constructor(
    private readonly db: Writable,
    private readonly intervalMs = WRITE_INTERVAL_MS,
  ) {}

  /** Notes a change; the file is written within the interval. */
  schedule(): void {
    this.dirty = true;
    if (this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined); // kept in lastError, tried again later
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Writes pending changes now; resolves when they are on disk (rejects when the write failed). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.running) await this.running;
    if (!this.dirty) return;
    this.dirty = false;
    this.running = this.db.write().then(
      () => {
        this.lastError = undefined;
      },
      (err: unknown) => {
        this.lastError = err;
        this.dirty = true; // try again with the next change or flush
      },
    );
    await this.running;
    this.running = undefined;
    if (this.dirty && this.lastError === undefined) this.schedule();
    if (this.lastError !== undefined) throw this.lastError;
  }
}
