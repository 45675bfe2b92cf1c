import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../src/storage/postgres/migrate.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';

const available = await postgresAvailable();

(available ? describe : describe.skip)('PostgreSQL migrations', () => {
  let s: TestSchema;
  beforeAll(async () => {
    s = await freshSchema();
  });
  afterAll(() => s.drop());

  it('applies each numbered file once, in order, also when instances start together', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(join(dir, '0001_a.sql'), 'CREATE TABLE a (id int)');
    await writeFile(join(dir, '0002_b.sql'), 'INSERT INTO a VALUES (1)');
    await writeFile(join(dir, 'README.md'), 'not a migration');
    const runs = await Promise.all([migrate(s.db, dir), migrate(s.db, dir), migrate(s.db, dir)]);
    expect(runs.flat()).toEqual(['0001_a.sql', '0002_b.sql']);
    expect((await s.db.query('SELECT count(*)::int AS n FROM a')).rows[0]).toEqual({ n: 1 });
    expect(await migrate(s.db, dir)).toEqual([]);
  });

  it('leaves nothing of a file that fails, and says which', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(join(dir, '0001_bad.sql'), 'CREATE TABLE half (id int); SELECT no_such_function()');
    await expect(migrate(s.db, dir)).rejects.toThrow(/no_such_function/);
    expect((await s.db.query("SELECT to_regclass('half') AS t")).rows[0]).toEqual({ t: null });
  });
});
