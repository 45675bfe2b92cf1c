// Webhook redeliveries on lowdb: the message ids seen within the window, in a file under DATA_DIR,
// so a body that Viber or Meta delivers again after a restart is still answered once (the memory
// filter forgot every id at stop, and a replayed signed body was answered again). As in PostgreSQL,
// only hashes of the ids are kept. A new id is on disk before its message is answered: writes are
// coalesced (one write covers every id noted while the previous one ran), and the file holds only
// the window's ids, at most MAX_IDS of them.
import type { Low } from 'lowdb';
import { REDELIVERY_WINDOW_MS, type RedeliveryFilterFactory } from '../channels/redeliveries.js';
import { openJsonStore } from './jsonStore.js';
import { storedHash } from './postgres/secretHash.js';
import { WriteBehind } from './writeBehind.js';

/** Not one of DATA_FILES: it holds no records, so db:import and db:export leave it alone. */
export const REDELIVERIES_FILE = 'webhook-deliveries.json';
/** Ids kept at most; past it the oldest go first. */
const MAX_IDS = 100_000;
const PRUNE_EVERY_MS = 60_000;

export interface RedeliveriesFile {
  /** `scope:hash of the id` → when it was first seen (ms since the epoch). */
  seen: Record<string, number>;
}

export class LowdbRedeliveries {
  private readonly writer: WriteBehind;
  private lastPrune = 0;

  private constructor(
    private readonly db: Low<RedeliveriesFile>,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {
    this.writer = new WriteBehind(db);
  }

  static async open(file: string, windowMs = REDELIVERY_WINDOW_MS, now: () => number = Date.now): Promise<LowdbRedeliveries> {
    return new LowdbRedeliveries(await openJsonStore<RedeliveriesFile>(file, { seen: {} }), windowMs, now);
  }

  /** The filter of each webhook (viber, messenger), all in this one file. */
  readonly filters: RedeliveryFilterFactory = (scope) => ({ isFirst: (id) => this.isFirst(scope, id) });

  async isFirst(scope: string, id: string | undefined): Promise<boolean> {
    if (!id) return true;
    const now = this.now();
    this.prune(now);
    const key = `${scope}:${storedHash(id)}`;
    const seen = this.db.data.seen[key];
    if (seen !== undefined && now - seen < this.windowMs) return false;
    delete this.db.data.seen[key]; // re-added last, so the order of the keys stays the order of first sight
    this.db.data.seen[key] = now;
    this.writer.schedule();
    // A failed write is kept and tried again with the next id: the message is still answered once here.
    await this.writer.flush().catch(() => undefined);
    return true;
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Forgets ids older than the window (at most once a minute) and the oldest past MAX_IDS. */
  private prune(now: number): void {
    const seen = this.db.data.seen;
    const keys = Object.keys(seen);
    const due = now - this.lastPrune >= PRUNE_EVERY_MS;
    let over = keys.length - MAX_IDS + 1;
    if (!due && over <= 0) return;
    if (due) this.lastPrune = now;
    for (const key of keys) {
      if (over > 0 || now - seen[key] >= this.windowMs) {
        delete seen[key];
        over -= 1;
      } else if (!due) break;
    }
    this.writer.schedule();
  }
}
