// Issue 20, break 11: the usage log of the lowdb set is appended, not rewritten whole every second,
// and it keeps only RETENTION_DAYS of events. The dashboard reads it as before (list()). The server
// drops the older events when it starts, on lowdb and on PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/common/logger.js';
import { readConfig } from '../../src/config/config.js';
import type { UsageEvent } from '../../src/insights/usage.js';
import { startRetentionJob } from '../../src/feedback/retention.js';
import { DATA_FILES, openLowdbStores, type RecordStores } from '../../src/storage/recordStores.js';
import { paths } from '../support/paths.js';
import { freshSchema, postgresAvailable } from '../support/postgres.js';
import { withTempDir } from '../support/tempDir.js';

const backends = (await postgresAvailable()) ? (['lowdb', 'postgres'] as const) : (['lowdb'] as const);

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

describe.each(backends)('the server keeps RETENTION_DAYS of usage events (%s)', (backend) => {
  it('drops the older events when it starts', async () => {
    const schema = backend === 'postgres' ? await freshSchema() : undefined;
    const events = [event(400, 'old'), event(10, 'recent')];
    if (schema) for (const e of events) await schema.db.query('INSERT INTO usage_events (event) VALUES ($1::jsonb)', [JSON.stringify(e)]);
    else await writeFile(usageFile(), lines(events));
    const app = await createApp(readConfig({ DATA_DIR: dir, KNOWLEDGE_DIR: paths.knowledgeDir, RETENTION_DAYS: '365', ...(schema ? { DATABASE_URL: schema.url } : {}) }), createLogger('silent'));
    try {
      const deadline = Date.now() + 10_000;
      while ((await app.usage.list()).length > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect((await app.usage.list()).map((e) => e.decision)).toEqual(['recent']);
    } finally {
      await app.stop();
      await schema?.drop();
    }
  }, 60_000);
});
