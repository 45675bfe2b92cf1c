// Turns of one conversation run one after another (a turn reads and writes that conversation's
// state), while different conversations run in parallel. A failed turn is reported and does not
// block the next one. At stop, the server waits until the turns already queued have finished.

export type TurnQueue = (<T>(key: string, work: () => Promise<T>) => Promise<T | undefined>) & {
  /** Resolves once no turn is queued or running (turns queued meanwhile included). */
  settled(): Promise<void>;
};

/** What the server waits for at stop: a channel's turns that run after its webhook was answered. */
export interface RunningTurns {
  settled(): Promise<void>;
}

export function createTurnQueue(onError: (err: unknown, key: string) => void): TurnQueue {
  const tails = new Map<string, Promise<unknown>>();
  const enqueue = <T>(key: string, work: () => Promise<T>) => {
    const current = (tails.get(key) ?? Promise.resolve()).then(work).catch((err: unknown) => {
      onError(err, key);
      return undefined;
    });
    tails.set(key, current);
    void current.then(() => {
      if (tails.get(key) === current) tails.delete(key);
    });
    return current;
  };
  return Object.assign(enqueue, {
    async settled() {
      // A finished turn may queue another (Viber's rest of a welcome): wait until none is left.
      while (tails.size > 0) await Promise.all(tails.values());
    },
  });
}
