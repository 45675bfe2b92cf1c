// Whether a webhook event is recent enough to answer. A signed Viber or Messenger body stays valid
// for ever, so one captured (from a log, a proxy, a test machine) could be replayed hours later and
// answered again; the redelivery filter remembers ids only for its window. An event whose time is
// missing, or further than the window from now either way, is acknowledged and not answered. Pure.

/** `timestamp`: the platform's event time in ms since the epoch (Viber `timestamp`, Messenger `timestamp` or the entry's `time`). */
export function isFreshEvent(timestamp: unknown, now: number, maxAgeMs: number): boolean {
  return typeof timestamp === 'number' && Number.isFinite(timestamp) && Math.abs(now - timestamp) <= maxAgeMs;
}
