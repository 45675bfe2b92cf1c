// Turns of one conversation, one at a time across every instance on the database: a turn reads the
// conversation's state, runs the dialogs and writes the state back, and two turns interleaved on
// two instances would each overwrite the other's progress (ConversationState writes with eTag '*').
// The lock is a transaction-scoped advisory lock on a connection of a pool of its own, and the
// turn's state is read and written on that same connection (see `connection`), inside the lock's
// transaction: the state is kept only if the lock was held to the end, and a turn whose connection
// is lost (a restart, a failover, an administrator) keeps nothing and fails with TurnLockError. No
// lock holder ever waits for a connection another one has. A lock already held by this turn (the
// channel takes it around the turn and the bot again inside) is not taken twice. The channels send
// a turn's replies after it (createBot.ts), so a slow peer never holds a lock.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { TurnLockError, type TurnLock } from '../../channels/turnLock.js';
import type { Database } from './database.js';

/** A turn idle this long inside its lock's transaction is cut off by the server and its lock released; set on the lock pool's connections (sharedState.ts). */
export const TURN_LIMIT_MS = 60_000;

/** What a turn holding its lock sends its state queries to. */
export type TurnConnection = Pick<pg.PoolClient, 'query'>;

export interface PostgresTurnLock {
  lock: TurnLock;
  /** The connection of the turn running here under its lock, if any; what is written on it commits with the lock or not at all. */
  connection(): TurnConnection | undefined;
}

interface Held {
  keys: ReadonlySet<string>;
  client: pg.PoolClient;
}

/** A pool that could not hand out a connection within its wait is full: the turn is told the bot is busy. */
const isPoolTimeout = (err: unknown) => err instanceof Error && /timeout/i.test(err.message);

export function postgresTurnLock(lockPool: Database): PostgresTurnLock {
  const held = new AsyncLocalStorage<Held>();
  const lock: TurnLock = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const mine = held.getStore();
    if (mine?.keys.has(key)) return work();
    let client: pg.PoolClient;
    try {
      client = await lockPool.connect();
    } catch (err) {
      throw new TurnLockError(isPoolTimeout(err) ? 'busy' : 'lost', { cause: err });
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended('turn:' || $1, 0))", [key]);
      const result = await held.run({ keys: new Set([...(mine?.keys ?? []), key]), client }, work);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      // A connection that cannot even roll back is gone, and with it the lock and what the turn wrote.
      broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      throw broken ? new TurnLockError('lost', { cause: err }) : err;
    } finally {
      client.release(broken);
    }
  };
  return { lock, connection: () => held.getStore()?.client };
}
