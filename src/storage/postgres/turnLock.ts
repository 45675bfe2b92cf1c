// Turns of one conversation, one at a time across every instance on the database: a turn reads the
// conversation's state, runs the dialogs and writes the state back, and two turns interleaved on
// two instances would each overwrite the other's progress (ConversationState writes with eTag '*').
// The lock is a transaction-scoped advisory lock on a connection of a pool of its own, held for the
// turn: the state itself is read and written on the main pool, so a turn holding the lock never
// waits for a connection that another lock holder has. A lock already held by this turn (the
// channel takes it around the turn and the bot again inside) is not taken twice.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TurnLock } from '../../channels/turnLock.js';
import { inTransaction, type Database } from './database.js';

/** A turn idle this long inside its lock's transaction is cut off by the server and its lock released; set on the lock pool's connections (sharedState.ts). */
export const TURN_LIMIT_MS = 60_000;

export function postgresTurnLock(lockPool: Database): TurnLock {
  const held = new AsyncLocalStorage<ReadonlySet<string>>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const mine = held.getStore();
    if (mine?.has(key)) return work();
    return inTransaction(lockPool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended('turn:' || $1, 0))", [key]);
      return held.run(new Set([...(mine ?? []), key]), work);
    });
  };
}
