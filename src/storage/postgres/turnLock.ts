// Turns of one conversation, one at a time across every instance on the database: a turn reads the
// conversation's state, runs the dialogs and writes the state back, and two turns interleaved on
// two instances would each overwrite the other's progress (ConversationState writes with eTag '*').
// The lock is a transaction-scoped advisory lock on a connection of a pool of its own, and the
// turn's state is read and written on that same connection (see `session`), inside the lock's
// transaction: the state is kept only if the lock was held to the end, and a turn whose connection
// is lost (a restart, a failover, an administrator) keeps nothing and fails with TurnLockError. No
// lock holder ever waits for a connection another one has. A lock already held by this turn (the
// channel takes it around the turn and the bot again inside) is not taken twice. The channels send
// a turn's replies after it (createBot.ts), so a slow peer never holds a lock.
//
// A turn costs two round trips to the database: the transaction is begun and the lock taken in the
// same round trip as the first state read (`readLocked`), and what the turn writes (its state, its
// usage and question log lines: `atCommit`) goes with the COMMIT. Several statements in one round
// trip need the simple query protocol, so those statements carry their values as literals
// (sqlLiteral.ts). A turn that reads nothing takes no lock.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { TurnLockError, type TurnLock } from '../../channels/turnLock.js';
import type { Database } from './database.js';
import { inlineParams } from './sqlLiteral.js';

/** A turn idle this long inside its lock's transaction is cut off by the server and its lock released; set on the lock pool's connections (sharedState.ts). */
export const TURN_LIMIT_MS = 60_000;

/** What a turn holding its lock sends its state queries to. */
export type TurnConnection = Pick<pg.PoolClient, 'query'>;

/** The turn running here under its lock: its connection, and the statements that wait for its commit. */
export interface TurnSession extends TurnConnection {
  /** Runs `select` (values inlined) in the lock's transaction; when it is the turn's first query, with BEGIN and the lock in the same round trip. */
  readLocked<R extends pg.QueryResultRow>(select: string): Promise<R[]>;
  /** Sends `statement` (values inlined) with the COMMIT; `check` sees its result and may throw (after the commit). */
  atCommit(statement: string, check?: (result: pg.QueryResult) => void): void;
}

export interface PostgresTurnLock {
  lock: TurnLock;
  /** The turn running here under its lock, if any; what is written through it commits with the lock or not at all. */
  session(): TurnSession | undefined;
}

interface Held {
  keys: ReadonlySet<string>;
  session: LockSession;
}

/** A pool that could not hand out a connection within its wait is full: the turn is told the bot is busy. */
const isPoolTimeout = (err: unknown) => err instanceof Error && /timeout/i.test(err.message);

/** The results of a text of several statements, one per statement (pg gives a single one for one statement). */
const resultsOf = (r: pg.QueryResult | pg.QueryResult[]): pg.QueryResult[] => (Array.isArray(r) ? r : [r]);

class LockSession implements TurnSession {
  /** Whether BEGIN and the lock were sent (and so a ROLLBACK may be needed). */
  private begun = false;
  private readonly deferred: Array<{ statement: string; check?: (result: pg.QueryResult) => void }> = [];
  /** Set once the turn's work is over: later writes go to the pool (see `atCommit`'s callers). */
  closed = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly key: string,
  ) {}

  get sent(): boolean {
    return this.begun;
  }

  private opening(): string[] {
    return ['BEGIN', `SELECT pg_advisory_xact_lock(hashtextextended(${inlineParams('$1', [`turn:${this.key}`])}, 0))`];
  }

  query: TurnConnection['query'] = (async (...args: Parameters<TurnConnection['query']>) => {
    if (!this.begun) {
      this.begun = true;
      await this.client.query(this.opening().join('; '));
    }
    return (this.client.query as (...a: unknown[]) => unknown)(...args);
  }) as TurnConnection['query'];

  async readLocked<R extends pg.QueryResultRow>(select: string): Promise<R[]> {
    if (this.begun) return (await this.client.query<R>(select)).rows;
    this.begun = true;
    const results = resultsOf(await this.client.query<R>([...this.opening(), select].join('; ')));
    return results[results.length - 1].rows as R[];
  }

  atCommit(statement: string, check?: (result: pg.QueryResult) => void): void {
    this.deferred.push({ statement, check });
  }

  /** Sends what waits with the COMMIT, in one round trip; nothing when the turn neither read nor wrote. */
  async commit(): Promise<void> {
    this.closed = true;
    if (this.deferred.length === 0) {
      if (this.begun) await this.client.query('COMMIT');
      return;
    }
    const opening = this.begun ? [] : this.opening();
    this.begun = true;
    const results = resultsOf(await this.client.query([...opening, ...this.deferred.map((d) => d.statement), 'COMMIT'].join('; ')));
    const own = results.slice(opening.length);
    this.deferred.forEach((d, i) => d.check?.(own[i]));
  }
}

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
    const session = new LockSession(client, key);
    let broken = false;
    try {
      const result = await held.run({ keys: new Set([...(mine?.keys ?? []), key]), session }, work);
      await session.commit();
      return result;
    } catch (err) {
      session.closed = true;
      // A connection that cannot even roll back is gone, and with it the lock and what the turn wrote.
      if (session.sent) {
        broken = await client.query('ROLLBACK').then(
          () => false,
          () => true,
        );
      }
      throw broken ? new TurnLockError('lost', { cause: err }) : err;
    } finally {
      client.release(broken);
    }
  };
  const session = (): TurnSession | undefined => {
    const current = held.getStore()?.session;
    return current && !current.closed ? current : undefined;
  };
  return { lock, session };
}
