// Knowledge files shared through PostgreSQL (skipped without a server): an edit is refused for a
// path outside the knowledge folder or one it does not have, and when it makes the knowledge
// invalid, storing nothing; a file another instance stored is applied over the folder and the
// knowledge reloaded, unless it does not fit this folder.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../../src/common/logger.js';
import { KnowledgeEditError } from '../../src/staff/knowledgeEditor.js';
import { SharedKnowledge } from '../../src/storage/postgres/knowledgeFiles.js';
import { notify, Notifications } from '../../src/storage/postgres/notifications.js';
import { paths } from '../support/paths.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { withTempDir } from '../support/tempDir.js';

const available = await postgresAvailable();
const logger = createLogger('silent');
const FILE = 'services/kinship-certificate.yaml';

(available ? describe : describe.skip)('knowledge files in PostgreSQL', () => {
  let s: TestSchema;
  let hub: Notifications;
  let shared: SharedKnowledge;
  let dir: string;
  let cleanup: () => Promise<void>;
  let reloads = 0;
  beforeAll(async () => {
    s = await freshSchema();
    ({ dir, cleanup } = await withTempDir());
    await cp(paths.knowledgeDir, dir, { recursive: true });
    hub = await Notifications.open(s.url, logger);
    shared = await SharedKnowledge.open(s.db, hub, dir, async () => void (reloads += 1), logger);
  });
  afterAll(async () => {
    shared.close();
    await hub.close();
    await s.drop();
    await cleanup();
  });

  const rows = async () => (await s.db.query<{ path: string; version: number }>('SELECT path, version FROM knowledge_files ORDER BY path')).rows;

  it.each(['../package.json', '../knowledge/municipality.yaml', '/etc/hosts.yaml', 'services/../municipality.yaml', 'services/no-such-service.yaml', '.hidden.yaml'])('refuses to edit %s', async (path) => {
    await expect(shared.edit(path, (doc) => doc.set('x', 1))).rejects.toBeInstanceOf(KnowledgeEditError);
    expect(await rows()).toEqual([]);
  });

  it('refuses an edit that makes the knowledge invalid, storing nothing', async () => {
    const before = await readFile(join(dir, FILE), 'utf8');
    await expect(shared.edit(FILE, (doc) => doc.delete('title'))).rejects.toBeInstanceOf(KnowledgeEditError);
    expect(await rows()).toEqual([]);
    expect(await readFile(join(dir, FILE), 'utf8')).toBe(before);
  });

  it('stores an edit with its version and account, and writes the folder', async () => {
    const edited = await shared.edit(FILE, (doc) => doc.set('code', '2037'), 'maria');
    expect(edited.changed).toBe(true);
    expect(await rows()).toEqual([{ path: FILE, version: 1 }]);
    expect(await readFile(join(dir, FILE), 'utf8')).toContain('code: "2037"');
  });

  it("applies another instance's stored file and reloads, but not one that does not fit this folder", async () => {
    const text = (await readFile(join(dir, FILE), 'utf8')).replace('code: "2037"', 'code: "2038"');
    const before = reloads;
    await s.db.query('UPDATE knowledge_files SET content = $1, version = 2 WHERE path = $2', [text, FILE]);
    await notify(s.db, 'knowledge', JSON.stringify({ p: FILE, v: 2 }));
    const deadline = Date.now() + 1000;
    while (reloads === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(reloads).toBe(before + 1);
    expect(await readFile(join(dir, FILE), 'utf8')).toContain('code: "2038"');

    await s.db.query('UPDATE knowledge_files SET content = $1, version = 3 WHERE path = $2', ['id: broken\n', FILE]);
    await notify(s.db, 'knowledge', JSON.stringify({ p: FILE, v: 3 }));
    await new Promise((r) => setTimeout(r, 300));
    expect(reloads).toBe(before + 1);
    expect(await readFile(join(dir, FILE), 'utf8')).toContain('code: "2038"');
  });
});
