import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileBotStorage } from '../../src/storage/botStateStorage.js';
import { openJsonStore, StoreError } from '../../src/storage/jsonStore.js';
import { hashConversation } from '../../src/common/conversationHash.js';
import { LowdbQuestionLog } from '../../src/storage/questionLog.js';
import { withTempDir } from '../support/tempDir.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await withTempDir()));
afterEach(async () => cleanup());

describe('FileBotStorage (conversation state)', () => {
  it('keeps state across a reopen, as after a restart', async () => {
    const folder = join(dir, 'conversations');
    const first = await FileBotStorage.open(folder);
    await first.write({ 'test/conversations/c1/': { lastEntryId: 'vehicle-tax' } });
    await first.flush(); // as the app does at stop
    const items = await (await FileBotStorage.open(folder)).read(['test/conversations/c1/', 'missing']);
    expect(items['test/conversations/c1/']).toMatchObject({ lastEntryId: 'vehicle-tax' });
    expect(items).not.toHaveProperty('missing');
  });

  it('refuses a write with a stale eTag, like MemoryStorage', async () => {
    const storage = await FileBotStorage.open(join(dir, 'conversations'));
    await storage.write({ k: { n: 1 } });
    const { k: first } = await storage.read(['k']);
    await storage.write({ k: { ...first, n: 2 } });
    await expect(storage.write({ k: { ...first, n: 3 } })).rejects.toThrow(/eTag conflict/);
    await storage.write({ k: { n: 4, eTag: '*' } });
    expect((await storage.read(['k'])).k).toMatchObject({ n: 4 });
  });

  it('deletes', async () => {
    const storage = await FileBotStorage.open(join(dir, 'conversations'));
    await storage.write({ k: { n: 1 } });
    await storage.delete(['k']);
    expect(await storage.read(['k'])).toEqual({});
  });
});

describe('QuestionLog', () => {
  it('writes every question to disk at the next flush, also when many arrive at once', async () => {
    const file = join(dir, 'questions.json');
    const log = await LowdbQuestionLog.open(file, 'salt', () => new Date('2026-11-25T10:00:00Z'));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        log.append({ text: `q${i}`, lang: 'bg', channel: 'test', conversationId: `c${i}`, reason: 'abstain', candidates: [] }),
      ),
    );
    await log.flush();
    const saved = JSON.parse(await readFile(file, 'utf8')) as { questions: Array<{ text: string; time: string }> };
    expect(saved.questions.map((q) => q.text).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `q${i}`).sort());
    expect(saved.questions[0].time).toBe('2026-11-25T10:00:00.000Z');
  });

  it('stores a salted hash of the conversation, never the id', () => {
    const h = hashConversation('salt', 'webchat', 'conv-123');
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(h).not.toBe(hashConversation('other-salt', 'webchat', 'conv-123'));
  });
});

describe('openJsonStore', () => {
  it('refuses to start on a damaged file instead of overwriting it', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"questions": [', 'utf8');
    await expect(openJsonStore(file, { questions: [] })).rejects.toBeInstanceOf(StoreError);
    expect(await readFile(file, 'utf8')).toBe('{"questions": [');
  });
});
