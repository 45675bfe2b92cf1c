// Issue 11, item 17: what a turn writes does not grow with the conversations the municipality has
// had. Measured as counts (files touched, whole-file writes), never as times.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readdir, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { FileBotStorage } from '../../src/storage/botStateStorage.js';
import { WriteBehind } from '../../src/storage/writeBehind.js';
import { withTempDir } from '../support/tempDir.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await withTempDir()));
afterEach(async () => cleanup());

const key = (i: number) => `test/conversations/c${i}/`;

describe('conversation state', () => {
  it('a turn after 1,000 conversations writes one small file and touches no other', async () => {
    const folder = join(dir, 'conversations');
    const storage = await FileBotStorage.open(folder);
    for (let i = 0; i < 1000; i += 1) await storage.write({ [key(i)]: { conversation: { lastEntryId: 'vehicle-tax', lang: 'bg' } } });
    await storage.flush();
    const past = new Date(Date.now() - 60_000);
    for (const name of await readdir(folder)) await utimes(join(folder, name), past, past);

    await storage.write({ [key(1000)]: { conversation: { lastEntryId: 'property-sketch' } } });
    await storage.write({ [key(7)]: { conversation: { lastEntryId: 'property-sketch' } } });
    await storage.flush();
    const names = await readdir(folder);
    expect(names).toHaveLength(1001);
    const touched: number[] = [];
    for (const name of names) {
      const info = await stat(join(folder, name));
      if (info.mtime > past) touched.push(info.size);
    }
    expect(touched).toHaveLength(2);
    expect(Math.max(...touched)).toBeLessThan(1024);
  });

  it('erases conversations idle past the cutoff and keeps the rest', async () => {
    const storage = await FileBotStorage.open(join(dir, 'conversations'));
    for (let i = 0; i < 10; i += 1) await storage.write({ [key(i)]: { n: i } });
    await storage.flush();
    const old = new Date(Date.now() - 48 * 60 * 60 * 1000);
    const names = await readdir(join(dir, 'conversations'));
    for (const name of names.slice(0, 4)) await utimes(join(dir, 'conversations', name), old, old);
    expect(await storage.eraseIdleSince(new Date(Date.now() - 24 * 60 * 60 * 1000))).toBe(4);
    expect(await readdir(join(dir, 'conversations'))).toHaveLength(6);
  });
});

describe('the usage, rating and question logs', () => {
  it('1,000 appends in one interval make one whole-file write, not 1,000', async () => {
    let writes = 0;
    const writer = new WriteBehind({ write: async () => void (writes += 1) }, 60_000);
    for (let i = 0; i < 1000; i += 1) writer.schedule();
    expect(writes).toBe(0);
    await writer.flush();
    expect(writes).toBe(1);
    await writer.flush();
    expect(writes).toBe(1); // nothing new, nothing written
  });
});
