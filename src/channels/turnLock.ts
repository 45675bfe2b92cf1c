// What keeps turns of one conversation apart across processes. Within a process the channels queue
// a conversation's turns (channels/turnQueue.ts); several instances on one database need more, so
// the composition root hands in a lock (storage/postgres/turnLock.ts), and none without a database.

/** Runs `work` while no other turn of conversation `key` runs, on any instance. */
export type TurnLock = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/** Without a shared database each process has its own state: the channels' queues are enough. */
export const noTurnLock: TurnLock = (_key, work) => work();

/** The key of a conversation, the same as its ConversationState storage key. */
export const conversationKey = (channelId: string, conversationId: string): string => `${channelId}/conversations/${conversationId}/`;
