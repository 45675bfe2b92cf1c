// Webhook redeliveries caught across instances: the first instance to insert a message's id
// answers it, any other within the window sees the row and only acknowledges. An id seen longer
// ago than the window counts as new again; old rows are pruned at most once a minute per filter.
import { REDELIVERY_WINDOW_MS, type RedeliveryFilter, type RedeliveryFilterFactory } from '../../channels/redeliveries.js';
import type { Database } from './database.js';
import { storedHash } from './secretHash.js';

const PRUNE_EVERY_MS = 60_000;

export class PostgresRedeliveryFilter implements RedeliveryFilter {
  private lastPrune = 0;

  constructor(
    private readonly db: Database,
    private readonly scope: string,
    private readonly windowMs = REDELIVERY_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async isFirst(id: string | undefined): Promise<boolean> {
    if (!id) return true;
    const now = this.now();
    const cutoff = new Date(now - this.windowMs);
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await this.db.query('DELETE FROM webhook_deliveries WHERE scope = $1 AND seen_at <= $2', [this.scope, cutoff]);
    }
    // A row comes back only when this call inserted the id, or took over one older than the window.
    const { rowCount } = await this.db.query(
      `INSERT INTO webhook_deliveries (scope, id_hash, seen_at) VALUES ($1, $2, $3)
       ON CONFLICT (scope, id_hash) DO UPDATE SET seen_at = EXCLUDED.seen_at WHERE webhook_deliveries.seen_at <= $4
       RETURNING 1`,
      [this.scope, storedHash(id), new Date(now), cutoff],
    );
    return rowCount === 1;
  }
}

export function postgresRedeliveryFilters(db: Database): RedeliveryFilterFactory {
  return (scope) => new PostgresRedeliveryFilter(db, scope);
}
