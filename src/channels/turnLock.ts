// What keeps turns of one conversation apart across processes. Within a process the channels queue
// a conversation's turns (channels/turnQueue.ts); several instances on one database need more, so
// the composition root hands in a lock (storage/postgres/turnLock.ts), and none without a database.

/** Runs `work` while no other turn of conversation `key` runs, on any instance. */
export type TurnLock = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/** Without a shared database each process has its own state: the channels' queues are enough. */
export const noTurnLock: TurnLock = (_key, work) => work();

/** The key of a conversation, the same as its ConversationState storage key. */
export const conversationKey = (channelId: string, conversationId: string): string => `${channelId}/conversations/${conversationId}/`;

/**
 * A turn that could not run under its lock: `busy` when no lock could be had within a few seconds
 * (too many turns at once), `lost` when the lock's connection was lost during the turn (nothing of
 * the turn was kept). Either way the citizen is asked to send the message again.
 */
export class TurnLockError extends Error {
  constructor(
    readonly reason: 'busy' | 'lost',
    options?: ErrorOptions,
  ) {
    super(reason === 'busy' ? 'no turn lock within the wait: too many turns at once' : "the turn lock's connection was lost during the turn", options);
    this.name = 'TurnLockError';
  }
}
