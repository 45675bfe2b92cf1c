// npm run db:import and db:export: a lowdb data folder goes into PostgreSQL without losing a
// record, a second import adds nothing, the numbering continues after the highest reference, and
// the export is a folder the lowdb stores open with everything in it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportToLowdbFolder } from '../../src/storage/postgres/exportLowdb.js';
import { importLowdbFolder } from '../../src/storage/postgres/importLowdb.js';
import { postgresStores } from '../../src/storage/postgres/stores.js';
import { openLowdbStores, type RecordStores } from '../../src/storage/recordStores.js';
import { root } from '../support/paths.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { withTempDir } from '../support/tempDir.js';

const available = await postgresAvailable();
const options = { prefix: 'ПТ', salt: 'salt', now: () => new Date('2026-04-01T09:00:00Z') };

/** Everything a set of stores holds that an import or export carries. */
async function contentOf(stores: RecordStores) {
  const [feedback, questions, ratings, usage, audit, dismissed, users] = await Promise.all([
    stores.feedback.list(),
    stores.questions.list(),
    stores.ratings.list(),
    stores.usage.list(),
    stores.consoleStore.auditLog(),
    stores.consoleStore.dismissed(),
    stores.staffUsers.list(),
  ]);
  return { feedback, questions, ratings, usage, audit, dismissed: [...dismissed].sort(), users: [...users].sort((a, b) => a.name.localeCompare(b.name)) };
}

/** A folder as a bot leaves it after a while: records in every state, logs, console, an account. */
async function fillFolder(dir: string): Promise<{ accessCode: string; reference: string }> {
  const stores = await openLowdbStores(dir, options);
  const citizen = { lang: 'bg', channel: 'test', conversationId: 'conv-1' };
  const kept = await stores.feedback.create({ kind: 'complaint', description: 'Дупка', contact: { name: 'Мария' }, consent: true, location: 'ул. Рила 5', ...citizen });
  const closed = await stores.feedback.create({ kind: 'signal', description: 'Стар', ...citizen });
  await stores.feedback.updateStatus(closed.record.reference, 'closed', 'maria');
  await stores.feedback.anonymise(closed.record.reference, 'maria');
  await stores.feedback.appendReply(kept.record.reference, 'Ще бъде поправено.', 'ivan');
  await stores.feedback.recordDelivery(kept.record.reference, 'email', { state: 'sent', attempts: 1 });
  const q = await stores.questions.append({ text: 'Къде се плаща данък?', lang: 'bg', channel: 'test', conversationId: 'c', reason: 'abstain', candidates: [] });
  await stores.questions.append({ text: 'Дупка на ул. Рила', lang: 'bg', channel: 'test', conversationId: 'c', reason: 'report', category: 'roads', candidates: [] });
  await stores.questions.markRegistered(q.id, kept.record.reference);
  for (const useful of [true, false]) await stores.ratings.add({ entryId: 'heirs', useful, card: 'card-1', ...citizen });
  await stores.ratings.add({ entryId: 'heirs', useful: true, ...citizen });
  await stores.ratings.add({ entryId: 'heirs', useful: true, ...citizen }); // a second rating without a card: both are kept
  for (let i = 0; i < 3; i += 1) await stores.usage.add({ decision: 'answer', entryId: 'heirs', lang: 'bg', channel: 'test' });
  await stores.consoleStore.audit({ user: 'maria', action: 'login' });
  await stores.consoleStore.dismiss('group a');
  await stores.staffUsers.save({ name: 'maria', passwordHash: 'scrypt$x', createdAt: '2026-01-01T00:00:00.000Z' });
  await stores.close();
  // The file says more numbers were given than the records show (a record lost by hand): they are never given again.
  const file = join(dir, 'feedback.json');
  const data = JSON.parse(await readFile(file, 'utf8')) as { sequences: Record<string, number> };
  data.sequences['2026'] = 5;
  await writeFile(file, JSON.stringify(data));
  return { accessCode: kept.accessCode, reference: kept.record.reference };
}

(available ? describe : describe.skip)('moving a lowdb data folder into PostgreSQL and back', () => {
  let s: TestSchema;
  beforeAll(async () => {
    s = await freshSchema();
  });
  afterAll(() => s.drop());

  it('imports everything once, continues the numbering, and exports a folder the lowdb stores open with the same content', async () => {
    const source = await withTempDir();
    const target = await withTempDir();
    try {
      const { accessCode, reference } = await fillFolder(source.dir);
      const original = await contentOf(await openLowdbStores(source.dir, options));
      const first = await importLowdbFolder(s.db, source.dir);
      expect(first).toEqual({
        feedback: { added: 2, present: 0 },
        questions: { added: 2, present: 0 },
        ratings: { added: 3, present: 0 },
        usage: { added: 3, present: 0 },
        console: { added: 2, present: 0 },
        staffUsers: { added: 1, present: 0 },
      });
      const again = await importLowdbFolder(s.db, source.dir);
      expect(Object.values(again).map((r) => r.added)).toEqual([0, 0, 0, 0, 0, 0]);
      const pg = postgresStores(s.db, options);
      expect(await contentOf(pg)).toEqual(original);
      expect((await pg.feedback.verifyAccess(reference, accessCode))?.reference).toBe(reference);
      expect((await pg.feedback.create({ kind: 'praise', description: 'Благодаря', lang: 'bg', channel: 'test', conversationId: 'c' })).record.reference).toBe('ПТ-2026-000006');

      expect((await exportToLowdbFolder(s.db, target.dir)).feedback).toBe(3);
      const exported = await openLowdbStores(target.dir, options);
      expect(await contentOf(exported)).toEqual(await contentOf(pg));
      expect((await exported.feedback.verifyAccess(reference, accessCode))?.reference).toBe(reference);
      expect((await exported.feedback.create({ kind: 'praise', description: 'Пак', lang: 'bg', channel: 'test', conversationId: 'c' })).record.reference).toBe('ПТ-2026-000007');
      await exported.close();
      await expect(exportToLowdbFolder(s.db, target.dir)).rejects.toThrow(/already has feedback\.json/);
    } finally {
      await source.cleanup();
      await target.cleanup();
    }
  });

  it('runs as npm scripts, and says in one line what is wrong', async () => {
    const cli = (script: string, args: string[], env: Record<string, string> = {}) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'src/cli', script), ...args], { cwd: root, env: { ...process.env, DATABASE_URL: s.url, ...env } });
    const source = await withTempDir();
    const target = await withTempDir();
    try {
      await fillFolder(source.dir);
      const imported = await cli('dbImport.ts', [source.dir]);
      expect(imported.stdout).toMatch(/^feedback: \d+ (added|there already)/m);
      const exported = await cli('dbExport.ts', [join(target.dir, 'out')]);
      expect(exported.stdout).toMatch(/^feedback: \d+ written$/m);
      const failed = (await cli('dbImport.ts', [join(source.dir, 'missing')]).catch((e: unknown) => e)) as { code: number; stderr: string };
      expect(failed.code).toBe(1);
      expect(failed.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^import failed, nothing was imported: .*missing is not a folder that can be read$/)]);
      const noUrl = (await cli('dbExport.ts', [target.dir], { DATABASE_URL: '' }).catch((e: unknown) => e)) as { code: number; stderr: string };
      expect(noUrl.stderr.trim()).toBe('DATABASE_URL is not set (postgres://user@host:5432/database)');
    } finally {
      await source.cleanup();
      await target.cleanup();
    }
  });
});
