// A fixed-window counter per key (a client address), for things a stranger may ask for now and
// then but not in bulk, such as web chat tokens. The keys kept are bounded: the least recently
// seen are forgotten first, and each is forgotten when its window ends.
import { LRUCache } from 'lru-cache';

const MAX_KEYS = 50_000;

export class RateLimiter {
  private readonly windows: LRUCache<string, { count: number }>;

  constructor(
    private readonly perWindow: number,
    windowMs: number,
  ) {
    this.windows = new LRUCache({ max: MAX_KEYS, ttl: windowMs, ttlAutopurge: false, updateAgeOnGet: false });
  }

  /** Counts one use; false when the key has used up its window. */
  take(key: string): boolean {
    const window = this.windows.get(key);
    if (!window) {
      this.windows.set(key, { count: 1 });
      return this.perWindow >= 1;
    }
    window.count += 1;
    return window.count <= this.perWindow;
  }
}
