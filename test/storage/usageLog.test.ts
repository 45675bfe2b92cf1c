// Issue 20, break 11: the usage log of the lowdb set is appended, not rewritten whole every second,
// and it keeps only RETENTION_DAYS of events. The dashboard reads it as before (list()).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import type { UsageEvent } from '../../src/insights/usage.js';
import { startRetentionJob } from '../../src/feedback/retention.js';
import { DATA_FILES, openLowdbStores, type RecordStores } from '../../src/storage/recordStores.js';
import { withTempDir } from '../support/tempDir.js';

const DAY_MS = 24 * 60 * 60 * 1000;
let dir: string;
let cleanup: () => Promise<void>;
let stores: RecordStores | undefined;
beforeEach(async () => ({ dir, cleanup } = await withTempDir()));
afterEach(async () => {
  await stores?.close();
  stores = undefined;
  await cleanup();
});

const open = async () => (stores = await openLowdbStores(dir, { prefix: 'ПТ', salt: 'salt' }));
const usageFile = () => join(dir, DATA_FILES.usage);
const event = (daysAgo: number, decision: string): UsageEvent => ({ time: new Date(Date.now() - daysAgo * DAY_MS).toISOString(), decision, lang: 'bg', channel: 'test' });
const lines = (events: UsageEvent[]) => events.map((e) => `${JSON.stringify(e)}\n`).join('');

describe('the usage log (lowdb)', () => {
  it('appends each batch of events as JSON lines to the same file, never rewriting what is there', async () => {
    const { usage } = await open();
    await usage.add({ decision: 'answer', entryId: 'heirs', lang: 'bg', channel: 'test' });
    await usage.add({ decision: 'abstain', lang: 'en', channel: 'webchat' });
    await usage.flush();
    const before = await readFile(usageFile(), 'utf8');
    const { ino } = await stat(usageFile());
    expect(before.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as UsageEvent).decision)).toEqual(['answer', 'abstain']);

    await usage.add({ decision: 'answer', entryId: 'vehicle-tax', lang: 'bg', channel: 'test' });
    await usage.flush();
    const after = await readFile(usageFile(), 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length).split('\n').filter(Boolean)).toHaveLength(1);
    expect((await stat(usageFile())).ino).toBe(ino); // appended in place, not a new file renamed over it
    expect((await usage.list()).map((e) => e.entryId)).toEqual(['heirs', undefined, 'vehicle-tax']);
  });

  it('drops the events older than RETENTION_DAYS, at start and daily', async () => {
    await writeFile(usageFile(), lines([event(400, 'old'), event(366, 'old'), event(10, 'recent'), event(0, 'today')]));
    const { usage, feedback } = await open();
    const stop = startRetentionJob(feedback, 365, pino({ level: 'silent' }), { logs: [usage] });
    try {
      const deadline = Date.now() + 5000;
      while ((await usage.list()).length > 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect((await usage.list()).map((e) => e.decision)).toEqual(['recent', 'today']);
      expect((await readFile(usageFile(), 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
    } finally {
      stop();
    }
  });

  it('moves the events of an earlier whole-file usage.json into the lines, and drops a line a hard kill cut short', async () => {
    await writeFile(join(dir, 'usage.json'), JSON.stringify({ events: [event(3, 'legacy')] }));
    await writeFile(usageFile(), `${lines([event(1, 'lines')])}{"time":"2026-`);
    const { usage } = await open();
    await usage.add({ decision: 'new', lang: 'bg', channel: 'test' });
    await usage.flush();
    expect((await usage.list()).map((e) => e.decision)).toEqual(['legacy', 'lines', 'new']);
    await expect(stat(join(dir, 'usage.json'))).rejects.toThrow();
  });
});
