// The write-behind of the conversation state keeps its lag bounded: changes are noted at once while
// the writes keep up, and a change that finds them behind waits until it is written itself.
import { describe, expect, it } from '@jest/globals';
import { PendingWrites, type LagBounds } from '../../src/storage/pendingWrites.js';

const bounds: LagBounds = { intervalMs: 60_000, maxPending: 3, maxLagMs: 1000, concurrency: 2, hardLimit: 5 };

function harness() {
  let now = 0;
  const written: string[] = [];
  let fail = false;
  const pending = new PendingWrites<number>(
    async (key, value) => {
      if (fail) throw new Error('disk full');
      written.push(`${key}=${value}`);
    },
    bounds,
    () => now,
  );
  return { pending, written, advance: (ms: number) => (now += ms), failing: (on: boolean) => (fail = on) };
}

describe('pending writes with a bounded lag', () => {
  it('notes changes at once while few wait, and writes the latest of each key once', async () => {
    const { pending, written } = harness();
    await pending.set('a', 1);
    await pending.set('a', 2);
    await pending.set('b', 1);
    expect(written).toEqual([]);
    expect(pending.get('a')).toBe(2);
    await pending.flush();
    expect(written.sort()).toEqual(['a=2', 'b=1']);
    expect(pending.size).toBe(0);
  });

  it('makes a change wait for its write when too many wait', async () => {
    const { pending, written } = harness();
    for (const key of ['a', 'b', 'c']) await pending.set(key, 1);
    expect(written).toEqual([]);
    await pending.set('d', 1); // the 4th: past maxPending
    expect(written.sort()).toEqual(['a=1', 'b=1', 'c=1', 'd=1']);
  });

  it('makes a change wait for its write when the oldest has waited past the lag', async () => {
    const { pending, written, advance } = harness();
    await pending.set('a', 1);
    advance(1001);
    await pending.set('b', 1);
    expect(written.sort()).toEqual(['a=1', 'b=1']);
    expect(pending.lagMs()).toBe(0);
  });

  it('keeps failed writes for the next flush, and refuses changes past the hard limit', async () => {
    const { pending, written, failing } = harness();
    failing(true);
    await pending.set('a', 1);
    await expect(pending.flush()).rejects.toThrow('disk full');
    expect(pending.lastError).toBeInstanceOf(Error);
    for (const key of ['b', 'c', 'd']) await pending.set(key, 1); // behind, but under the hard limit: kept
    await pending.set('e', 1);
    await expect(pending.set('f', 1)).rejects.toThrow('disk full');
    failing(false);
    await pending.flush();
    expect(written.sort()).toEqual(['a=1', 'b=1', 'c=1', 'd=1', 'e=1', 'f=1']);
    expect(pending.lastError).toBeUndefined();
  });
});
