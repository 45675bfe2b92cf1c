// Viber and Meta deliver a webhook again when they think the first delivery failed (a slow answer,
// a network error), with the same message token or mid. A message is answered once: its id is
// remembered for a window, and a repeat within it is acknowledged without running the bot again.
// In memory here (for tests and tools); the app keeps the ids in a file under DATA_DIR on lowdb
// (storage/redeliveries.ts), so a restart forgets none, and on PostgreSQL shared, so a repeat that
// reaches another instance is caught too.
import { LRUCache } from 'lru-cache';

/** Both platforms retry within minutes; an hour leaves a wide margin. */
export const REDELIVERY_WINDOW_MS = 60 * 60 * 1000;
/** Ids remembered at most in memory; the oldest go first. */
const MAX_IDS = 100_000;

export interface RedeliveryFilter {
  /** True the first time an id is seen within the window; an empty id is always new. */
  isFirst(id: string | undefined): Promise<boolean>;
}

/** Makes the filter of one webhook (`scope`: viber, messenger), whose ids never meet another's. */
export type RedeliveryFilterFactory = (scope: string) => RedeliveryFilter;

export function createRedeliveryFilter(windowMs = REDELIVERY_WINDOW_MS, max = MAX_IDS): RedeliveryFilter & { readonly size: number } {
  const seen = new LRUCache<string, true>({ max, ttl: windowMs });
  return {
    async isFirst(id) {
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

export const memoryRedeliveryFilters: RedeliveryFilterFactory = () => createRedeliveryFilter();
