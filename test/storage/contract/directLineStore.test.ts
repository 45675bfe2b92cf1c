// The same cases against every Direct Line transcript store: in memory, in files under DATA_DIR
// (the default; it keeps chats across a restart) and in PostgreSQL (several instances; skipped
// without a server). Then what only the file store does (a reopened folder holds the same
// transcripts and forgets what was forgotten), and what only the shared one does: an activity
// appended through one pool reaches a stream subscribed through another, also after the listening
// connection was cut.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { ConversationStore, type TranscriptLimits } from '../../../src/channels/directline/conversationStore.js';
import { MemoryDirectLineStore, type DirectLineStore } from '../../../src/channels/directline/directLineStore.js';
import { createLogger } from '../../../src/common/logger.js';
import { FileDirectLineStore, retainedLimits } from '../../../src/storage/directLineFiles.js';
import { openDatabase, type Database } from '../../../src/storage/postgres/database.js';
import { PostgresDirectLineStore } from '../../../src/storage/postgres/directLineStore.js';
import { Notifications } from '../../../src/storage/postgres/notifications.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../../support/postgres.js';
import { withTempDir } from '../../support/tempDir.js';

const available = await postgresAvailable();
const logger = createLogger('silent');

const LIMITS: TranscriptLimits = { maxActivities: 100, maxConversationBytes: 10_000, maxTotalBytes: 50_000, maxConversations: 30, idleMs: 60_000 };

type Open = (limits?: Partial<TranscriptLimits>) => Promise<DirectLineStore>;

/** Activities a subscriber received, and whether it was ended. */
function collector() {
  const got: { activities: Array<Partial<Activity>>; watermarks: number[]; ended: boolean } = { activities: [], watermarks: [], ended: false };
  return {
    got,
    subscriber: {
      send: (activities: Array<Partial<Activity>>, watermark: number) => {
        got.activities.push(...activities);
        got.watermarks.push(watermark);
      },
      end: () => {
        got.ended = true;
      },
    },
  };
}

async function until(condition: () => boolean, what: string, ms = 1000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const message = (text: string): Partial<Activity> => ({ type: 'message', text });
const bytesOf = (activities: Array<Partial<Activity>>) => activities.reduce((n, a) => n + Buffer.byteLength(JSON.stringify(a)), 0);

function contract(name: string, open: () => Open) {
  describe(`Direct Line store contract: ${name}`, () => {
    it('numbers activities by a watermark and answers only what is after it', async () => {
      const store = await open()();
      const c = await store.open('w1', 'u1');
      const added = await store.append(c, [message('a'), message('b')]);
      expect(added.map((a) => a.id)).toEqual(['w1|0000001', 'w1|0000002']);
      await store.append(c, [message('c')]);
      expect(await store.since('w1', 0)).toMatchObject({ watermark: 3, activities: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] });
      expect(await store.since('w1', 2)).toMatchObject({ watermark: 3, activities: [{ text: 'c', id: 'w1|0000003' }] });
      expect((await store.since('w1', 3))!.activities).toEqual([]);
      expect(await store.since('nobody', 0)).toBeUndefined();
    });

    it('keeps the first user of a conversation and starts it once', async () => {
      const store = await open()();
      await store.open('s1', 'first');
      expect(await store.open('s1', 'second')).toEqual({ id: 's1', userId: 'first' });
      const starts = await Promise.all([store.start('s1'), store.start('s1'), store.start('s1')]);
      expect(starts.filter(Boolean)).toHaveLength(1);
      expect(await store.start('s1')).toBe(false);
      expect(await store.exists('s1')).toBe(true);
      expect(await store.exists('s2')).toBe(false);
    });

    it("drops a conversation's oldest activities past its count and bytes, the watermark counting on", async () => {
      const store = await open()({ maxActivities: 5 });
      const c = await store.open('b1', 'u');
      for (let i = 1; i <= 8; i += 1) await store.append(c, [message(`m${i}`)]);
      const all = (await store.since('b1', 0))!;
      expect(all.watermark).toBe(8);
      expect(all.activities.map((a) => a.text)).toEqual(['m4', 'm5', 'm6', 'm7', 'm8']);
      const big = await open()({ maxConversationBytes: 10_000 });
      const d = await big.open('b2', 'u');
      for (let i = 0; i < 6; i += 1) await big.append(d, [message('ж'.repeat(2000))]);
      const kept = (await big.since('b2', 0))!;
      expect(bytesOf(kept.activities)).toBeLessThanOrEqual(10_000);
      expect(kept.activities.length).toBeLessThan(6);
      expect(kept.watermark).toBe(6);
    });

    it('bounds all conversations together: the least recently active are forgotten first', async () => {
      const store = await open()();
      for (let i = 0; i < 60; i += 1) {
        const c = await store.open(`t${i}`, `u${i}`);
        await store.append(c, [message('x'.repeat(4000)), message('y'.repeat(4000))]);
      }
      const kept = [];
      for (let i = 0; i < 60; i += 1) {
        const t = await store.since(`t${i}`, 0);
        if (t) kept.push(t);
      }
      expect(kept.length).toBeLessThanOrEqual(30);
      expect(bytesOf(kept.flatMap((t) => t.activities))).toBeLessThanOrEqual(50_000);
      expect(await store.exists('t59')).toBe(true);
      expect(await store.exists('t0')).toBe(false);
    });

    it('streams the backlog after the watermark, then each new activity once', async () => {
      const store = await open()();
      const c = await store.open('r1', 'u');
      await store.append(c, [message('old'), message('seen')]);
      const { got, subscriber } = collector();
      const stop = store.subscribe('r1', 1, subscriber);
      await until(() => got.activities.length === 1, 'the backlog');
      await store.append(c, [message('new')]);
      await until(() => got.activities.length === 2, 'the new activity');
      expect(got.activities.map((a) => a.text)).toEqual(['seen', 'new']);
      expect(got.watermarks).toEqual([2, 3]);
      stop();
    });

    it('forgets an idle conversation, but not while a stream is open on it', async () => {
      const store = await open()({ idleMs: 300 });
      await store.append(await store.open('i1', 'u'), [message('hello')]);
      await store.open('i2', 'u');
      const { subscriber } = collector();
      const stop = store.subscribe('i1', 1, subscriber);
      await new Promise((r) => setTimeout(r, 400));
      await store.sweep();
      expect(await store.exists('i1')).toBe(true);
      expect(await store.exists('i2')).toBe(false);
      stop();
      await new Promise((r) => setTimeout(r, 400));
      await store.sweep();
      expect(await store.exists('i1')).toBe(false);
      expect(await store.since('i1', 0)).toBeUndefined();
    });

    it('drops activities older than the retention (maxAgeMs) at the sweep, however active the conversation', async () => {
      const store = await open()({ maxAgeMs: 60 * 60 * 1000 });
      const c = await store.open('r1', 'u');
      await store.append(c, [{ ...message('two hours ago'), timestamp: new Date(Date.now() - 2 * 60 * 60 * 1000) }, message('now')]);
      await store.sweep();
      expect(await store.since('r1', 0)).toMatchObject({ watermark: 2, activities: [{ text: 'now' }] });
      await store.append(c, [message('later')]);
      expect((await store.since('r1', 0))!.activities.map((a) => a.text)).toEqual(['now', 'later']);
    });

    it('forgets the conversations an erasure names, ending their streams, and no other', async () => {
      const store = await open()();
      await store.append(await store.open('e1', 'u'), [message('Иван Тестов 0888123456')]);
      await store.append(await store.open('e2', 'u'), [message('other')]);
      const { got, subscriber } = collector();
      const stop = store.subscribe('e1', 1, subscriber);
      expect(await store.forget((id) => id === 'e1')).toBe(1);
      expect(await store.since('e1', 0)).toBeUndefined();
      expect(await store.exists('e2')).toBe(true);
      await until(() => got.ended, 'the stream of the forgotten conversation ended');
      expect(await store.forget((id) => id === 'e1')).toBe(0);
      stop();
    });

    it('ends the streams of a conversation forgotten for the bounds', async () => {
      const store = await open()({ maxConversations: 2 });
      await store.append(await store.open('e0', 'u'), [message('first')]);
      const { got, subscriber } = collector();
      const stop = store.subscribe('e0', 0, subscriber);
      for (const id of ['e1', 'e2', 'e3']) await store.append(await store.open(id, 'u'), [message(id)]);
      expect(await store.exists('e0')).toBe(false);
      await until(() => got.ended, 'the end of the stream');
      stop();
    });

    it('sends nothing more after unsubscribing', async () => {
      const store = await open()();
      const c = await store.open('q1', 'u');
      const { got, subscriber } = collector();
      const stop = store.subscribe('q1', 0, subscriber);
      await store.append(c, [message('one')]);
      await until(() => got.activities.length === 1, 'the first activity');
      stop();
      await store.append(c, [message('two')]);
      await new Promise((r) => setTimeout(r, 200));
      expect(got.activities.map((a) => a.text)).toEqual(['one']);
    });
  });
}

contract('in memory', () => async (limits) => new MemoryDirectLineStore(new ConversationStore({ ...LIMITS, ...limits })));

describe('in files under DATA_DIR', () => {
  const folders: Array<() => Promise<void>> = [];
  const stores: FileDirectLineStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((st) => st.close()));
    await Promise.all(folders.map((cleanup) => cleanup()));
  });
  const folder = async () => {
    const { dir, cleanup } = await withTempDir();
    folders.push(cleanup);
    return dir;
  };
  const openIn = async (dir: string, limits: Partial<TranscriptLimits> = {}, now?: () => number) => {
    const store = await FileDirectLineStore.open(dir, { ...LIMITS, ...limits }, now);
    stores.push(store);
    return store;
  };

  contract('files', () => async (limits) => openIn(await folder(), limits));

  it('a reopened folder holds the same transcripts, watermarks, users and starts', async () => {
    const dir = await folder();
    const before = await openIn(dir, { maxActivities: 3 });
    const c = await before.open('k1', 'citizen');
    await before.start('k1');
    for (const text of ['a', 'b', 'c', 'd']) await before.append(c, [message(text)]);
    await before.close();

    const after = await openIn(dir, { maxActivities: 3 });
    expect(await after.since('k1', 2)).toMatchObject({ watermark: 4, activities: [{ text: 'c', id: 'k1|0000003' }, { text: 'd' }] });
    expect(await after.open('k1', 'someone else')).toEqual({ id: 'k1', userId: 'citizen' });
    expect(await after.start('k1')).toBe(false);
    expect((await after.append(c, [message('e')]))[0].id).toBe('k1|0000005');
  });

  it('writes a change behind, without a flush, within a second', async () => {
    const dir = await folder();
    const store = await openIn(dir);
    await store.append(await store.open('w1', 'u'), [message('kept')]);
    const deadline = Date.now() + 2000;
    while ((await readdir(dir)).filter((n) => n.endsWith('.json')).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await (await openIn(dir)).since('w1', 0)).toMatchObject({ activities: [{ text: 'kept' }] });
  });

  it('removes the files of conversations forgotten for the bounds and for idleness, and reads no idle one back', async () => {
    const dir = await folder();
    let now = Date.parse('2026-05-01T08:00:00Z');
    const store = await openIn(dir, { maxConversations: 2, idleMs: 60_000 }, () => now);
    for (const id of ['f1', 'f2', 'f3']) await store.append(await store.open(id, 'u'), [message(id)]);
    await store.flush();
    expect((await readdir(dir)).filter((n) => n.endsWith('.json'))).toHaveLength(2);
    now += 61_000;
    await store.sweep();
    expect(await readdir(dir)).toEqual([]);

    // A file left idle (a stop before the sweep), a damaged one and a temporary one are not read back, and go.
    const again = await openIn(dir, { idleMs: 60_000 }, () => now);
    await again.append(await again.open('old', 'u'), [message('old')]);
    await again.close();
    const [file] = await readdir(dir);
    await writeFile(join(dir, 'damaged.json'), '{"id":');
    await writeFile(join(dir, 'x.json.1234.tmp'), '{}');
    now += 61_000;
    await utimes(join(dir, file), new Date(now - 61_000), new Date(now - 61_000));
    const later = await openIn(dir, { idleMs: 60_000 }, () => now);
    expect(await later.exists('old')).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps transcripts no longer than the conversation retention', () => {
    expect(retainedLimits(LIMITS, 24 * 365).idleMs).toBe(LIMITS.idleMs);
    expect(retainedLimits({ ...LIMITS, idleMs: 48 * 3_600_000 }, 24).idleMs).toBe(24 * 3_600_000);
  });
});

(available ? describe : describe.skip)('PostgreSQL', () => {
  let s: TestSchema;
  let hub: Notifications;
  const stores: DirectLineStore[] = [];
  beforeAll(async () => {
    s = await freshSchema();
    hub = await Notifications.open(s.url, logger);
  });
  beforeEach(async () => {
    await s.db.query('TRUNCATE dl_conversations CASCADE');
  });
  afterAll(async () => {
    await Promise.all(stores.map((st) => st.close()));
    await hub.close();
    await s.drop();
  });

  contract('PostgreSQL', () => async (limits) => {
    const store = new PostgresDirectLineStore(s.db, hub, { ...LIMITS, ...limits }, logger);
    stores.push(store);
    return store;
  });

  describe('across instances', () => {
    let other: Database;
    let otherHub: Notifications;
    beforeAll(async () => {
      other = openDatabase(s.url, { max: 2 });
      otherHub = await Notifications.open(s.url, logger);
    });
    afterAll(async () => {
      await otherHub.close();
      await other.end();
    });

    it('an activity appended through pool A reaches a stream on pool B within a second, also after B lost its listening connection', async () => {
      const a = new PostgresDirectLineStore(s.db, hub, LIMITS, logger);
      const b = new PostgresDirectLineStore(other, otherHub, LIMITS, logger);
      stores.push(a, b);
      const c = await a.open('x1', 'u');
      const { got, subscriber } = collector();
      const stop = b.subscribe('x1', 0, subscriber);
      await new Promise((r) => setTimeout(r, 100)); // the (empty) backlog read
      const sent = Date.now();
      await a.append(c, [message('from A')]);
      await until(() => got.activities.length === 1, 'the activity on B');
      expect(Date.now() - sent).toBeLessThan(1000);
      expect(got.activities[0]).toMatchObject({ text: 'from A', id: 'x1|0000001' });

      const pid = await otherHub.backendPid();
      await s.db.query('SELECT pg_terminate_backend($1)', [pid]);
      await until(() => !otherHub.connected, 'the cut');
      await a.append(c, [message('while B was away')]);
      await until(() => got.activities.length === 2, 'the activity after the reconnection', 5000);
      expect(got.activities[1]).toMatchObject({ text: 'while B was away' });
      expect(got.watermarks).toEqual([1, 2]);
      stop();
    });
  });
});
