// Attempt limits in PostgreSQL, shared by every instance. The check and the count are one
// transaction holding an advisory lock per key, so attempts on several instances at once are
// counted one after the other and no more than the limit ever pass the check.
import type { AttemptLimiter, AttemptLimiterFactory } from '../../feedback/attemptLimiter.js';
import { inTransaction, type Database } from './database.js';
import { storedHash } from './secretHash.js';

/** The first key of this store's advisory locks (the second is the key's hash). */
const ATTEMPT_LOCK = 7_340_914;

export class PostgresAttemptLimiter implements AttemptLimiter {
  constructor(
    private readonly db: Database,
    private readonly scope: string,
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async tryAttempt(...keys: string[]): Promise<boolean> {
    // Sorted, so two attempts on the same keys take the locks in the same order and never deadlock.
    const hashes = [...new Set(keys.map(storedHash))].sort();
    const now = this.now();
    return inTransaction(this.db, async (client) => {
      for (const h of hashes) await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ATTEMPT_LOCK, `${this.scope}:${h}`]);
      // Attempts out of the window are forgotten here, so the table holds one window at most.
      await client.query('DELETE FROM attempt_failures WHERE scope = $1 AND at <= $2', [this.scope, new Date(now - this.windowMs)]);
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM attempt_failures WHERE scope = $1 AND key_hash = ANY($2::text[]) GROUP BY key_hash ORDER BY n DESC LIMIT 1',
        [this.scope, hashes],
      );
      if ((rows[0]?.n ?? 0) >= this.maxFailures) return false;
      await client.query('INSERT INTO attempt_failures (scope, key_hash, at) SELECT $1, k, $3 FROM unnest($2::text[]) AS k', [this.scope, hashes, new Date(now)]);
      return true;
    });
  }

  async forgiveOne(...keys: string[]): Promise<void> {
    const since = new Date(this.now() - this.windowMs);
    for (const h of new Set(keys.map(storedHash))) {
      await this.db.query(
        `DELETE FROM attempt_failures WHERE id = (
           SELECT id FROM attempt_failures WHERE scope = $1 AND key_hash = $2 AND at > $3 ORDER BY at DESC, id DESC LIMIT 1)`,
        [this.scope, h, since],
      );
    }
  }
}

export function postgresAttemptLimiters(db: Database, now: () => number = Date.now): AttemptLimiterFactory {
  return (scope, maxFailures, windowMs) => new PostgresAttemptLimiter(db, scope, maxFailures, windowMs, now);
}
