// Viber and Meta deliver a webhook again when they think the first delivery failed (a slow answer,
// a network error), with the same message token or mid. A message is answered once: its id is
// remembered for a window, and a repeat within it is acknowledged without running the bot again.
import { LRUCache } from 'lru-cache';

/** Both platforms retry within minutes; an hour leaves a wide margin. */
const WINDOW_MS = 60 * 60 * 1000;
/** Ids remembered at most; the oldest go first. */
const MAX_IDS = 100_000;

export interface RedeliveryFilter {
  /** True the first time an id is seen within the window; an empty id is always new. */
  isFirst(id: string | undefined): boolean;
  readonly size: number;
}

export function createRedeliveryFilter(windowMs = WINDOW_MS, max = MAX_IDS): RedeliveryFilter {
  const seen = new LRUCache<string, true>({ max, ttl: windowMs });
  return {
    isFirst(id) {
      if (!id) return true;
      if (seen.has(id)) return false;
      seen.set(id, true);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
