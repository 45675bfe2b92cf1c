// Turns of one conversation run one after another (a turn reads and writes that conversation's
// state), while different conversations run in parallel. A failed turn is reported and does not
// block the next one.

export type TurnQueue = <T>(key: string, work: () => Promise<T>) => Promise<T | undefined>;

export function createTurnQueue(onError: (err: unknown, key: string) => void): TurnQueue {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>) => {
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
}
