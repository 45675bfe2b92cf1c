// Webhook redeliveries on lowdb (issue 20, item 7): the ids are in a file under DATA_DIR, so a body
// Viber or Meta delivers again after a restart is caught; only hashes are kept, and only the window's.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LowdbRedeliveries, REDELIVERIES_FILE } from '../../src/storage/redeliveries.js';
import { withTempDir } from '../support/tempDir.js';

describe('LowdbRedeliveries', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await withTempDir()));
  afterEach(async () => cleanup());

  it('remembers an id across a reopening of the file, per scope, and never keeps it in clear', async () => {
    const file = join(dir, REDELIVERIES_FILE);
    const first = await LowdbRedeliveries.open(file);
    expect(await first.filters('viber').isFirst('user==:5400001')).toBe(true);
    expect(await first.filters('viber').isFirst('user==:5400001')).toBe(false);
    // No flush or close: each new id is on disk before it is answered.
    const second = await LowdbRedeliveries.open(file);
    expect(await second.filters('viber').isFirst('user==:5400001')).toBe(false);
    expect(await second.filters('messenger').isFirst('user==:5400001')).toBe(true);
    expect(await second.filters('viber').isFirst(undefined)).toBe(true);
    expect(await readFile(file, 'utf8')).not.toContain('5400001');
  });

  it('forgets ids older than the window', async () => {
    let now = Date.UTC(2026, 0, 10);
    const file = join(dir, REDELIVERIES_FILE);
    const filter = await LowdbRedeliveries.open(file, 60_000, () => now);
    expect(await filter.isFirst('viber', 'a')).toBe(true);
    now += 30_000;
    expect(await filter.isFirst('viber', 'a')).toBe(false);
    now += 120_000;
    expect(await filter.isFirst('viber', 'b')).toBe(true);
    expect(await filter.isFirst('viber', 'a')).toBe(true);
    await filter.flush();
    const kept = JSON.parse(await readFile(file, 'utf8')) as { seen: Record<string, number> };
    expect(Object.keys(kept.seen)).toHaveLength(2);
  });
});
