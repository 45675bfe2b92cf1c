// Bot Framework conversation state in PostgreSQL, for several instances on one database. The same
// eTag rules as botbuilder's MemoryStorage: a write whose eTag is neither '*' nor missing must match
// the stored one, and each successful write stores a new eTag. The comparison is in the statement
// itself, so it holds however many instances write at once. (ConversationState writes with '*';
// turns of one conversation are kept apart by the turn lock, see turnLock.ts.)
import { randomUUID } from 'node:crypto';
import type { StoreItems } from 'botbuilder';
import type { ConversationStateStorage } from '../botStateStorage.js';
import type { Database } from './database.js';
import type { TurnSession } from './turnLock.js';
import { inlineParams } from './sqlLiteral.js';
import { storableJson } from '../../common/storableText.js';

/** Storage keys are short ("<channel>/conversations/<id>/"); a longer one is refused, not stored. */
const MAX_KEY_LENGTH = 512;

function checkKey(key: string): void {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) throw new Error(`Storage: a key must have 1 to ${MAX_KEY_LENGTH} characters`);
}

// A new row is written whatever the eTag (as MemoryStorage does); an existing one only when the
// eTag matches or is a wildcard. No row back means the eTag was stale.
const UPSERT_STATE = `INSERT INTO bot_state (key, etag, value, updated_at) VALUES ($1, $2, $3::jsonb, now())
  ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, value = excluded.value, updated_at = now()
  WHERE $4::text IS NULL OR bot_state.etag = $4::text`;

export class PostgresBotStorage implements ConversationStateStorage {
  /** Always undefined: a failed write rejects the turn that made it (nothing is written behind). */
  readonly lastError: unknown = undefined;

  /**
   * @param turnSession the turn running, when it holds its lock (turnLock.ts): its state is read in
   *   the lock's transaction (in the round trip that takes the lock) and written with its commit; on
   *   the pool otherwise.
   */
  constructor(
    private readonly db: Database,
    private readonly turnSession: () => TurnSession | undefined = () => undefined,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    keys.forEach(checkKey);
    type Row = { key: string; etag: string; value: Record<string, unknown> };
    const select = 'SELECT key, etag, value FROM bot_state WHERE key = ANY($1::text[])';
    const session = this.turnSession();
    const rows = session ? await session.readLocked<Row>(inlineParams(select, [keys])) : (await this.db.query<Row>(select, [keys])).rows;
    const out: StoreItems = {};
    for (const row of rows) out[row.key] = { ...row.value, eTag: row.etag };
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, change] of Object.entries(changes)) {
      checkKey(key);
      const { eTag, ...value } = change as Record<string, unknown> & { eTag?: unknown };
      const expected = typeof eTag === 'string' && eTag !== '*' && eTag !== '' ? eTag : null;
      const params = [key, randomUUID(), storableJson(value), expected];
      const conflict = () => new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      const session = this.turnSession();
      if (session) {
        // With the turn's commit; a stale eTag then fails the turn, and nothing of this key is written.
        session.atCommit(inlineParams(UPSERT_STATE, params), ({ rowCount }) => {
          if (rowCount === 0) throw conflict();
        });
        continue;
      }
      const { rowCount } = await this.db.query(UPSERT_STATE, params);
      if (rowCount === 0) throw conflict();
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }

  /** Erases conversations last written before `cutoff`; returns how many. */
  async eraseIdleSince(cutoff: Date): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM bot_state WHERE updated_at < $1', [cutoff]);
    return rowCount ?? 0;
  }

  /** Nothing waits to be written: every write reached the database before it resolved. */
  async flush(): Promise<void> {}
}
