// The two places records are kept, for the contract tests: lowdb files in a temporary folder and
// a PostgreSQL schema of the test's own (skipped where no server answers, unless REQUIRE_POSTGRES=1).
// Opening a place twice is what two instances of the bot do: the same folder, or a second pool on
// the same schema.
import { afterEach, beforeEach, describe } from '@jest/globals';
import type { RepositoryOptions } from '../../../src/feedback/repository.js';
import { openDatabase } from '../../../src/storage/postgres/database.js';
import { postgresStores } from '../../../src/storage/postgres/stores.js';
import { openLowdbStores, type RecordStores } from '../../../src/storage/recordStores.js';
import { freshSchema, postgresAvailable } from '../../support/postgres.js';
import { withTempDir } from '../../support/tempDir.js';

export const PREFIX = 'ПТ';

export interface Place {
  /** A set of stores on this place; each call is another instance. */
  open(options?: Partial<RepositoryOptions>): Promise<RecordStores>;
  /** The data folder (lowdb) or the connection URL (PostgreSQL). */
  where: string;
  drop(): Promise<void>;
}

export type BackendName = 'lowdb' | 'postgres';

async function lowdbPlace(): Promise<Place> {
  const { dir, cleanup } = await withTempDir();
  return { where: dir, open: (options) => openLowdbStores(dir, { prefix: PREFIX, salt: 'salt', ...options }), drop: cleanup };
}

async function postgresPlace(): Promise<Place> {
  const schema = await freshSchema();
  return {
    where: schema.url,
    async open(options) {
      return postgresStores(openDatabase(schema.url, { max: 5 }), { prefix: PREFIX, salt: 'salt', ...options });
    },
    drop: () => schema.drop(),
  };
}

const postgresUp = await postgresAvailable();

/** The backends this machine can test: lowdb always, PostgreSQL when a server answers. */
export const BACKENDS: BackendName[] = postgresUp ? ['lowdb', 'postgres'] : ['lowdb'];

/** Runs `body` once per backend, each test on a fresh place whose stores are closed after it. */
export function describeBackends(title: string, body: (ctx: { place(): Place; open(options?: Partial<RepositoryOptions>): Promise<RecordStores>; backend: BackendName }) => void, only?: BackendName): void {
  const names = BACKENDS.filter((b) => !only || b === only);
  if (names.length === 0) {
    describe.skip(`${title} (no PostgreSQL server)`, () => body({ place: () => undefined as never, open: async () => undefined as never, backend: only ?? 'lowdb' }));
    return;
  }
  describe.each(names)(`${title} (%s)`, (backend) => {
    let place: Place;
    const opened: RecordStores[] = [];
    beforeEach(async () => {
      place = backend === 'lowdb' ? await lowdbPlace() : await postgresPlace();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
      await place.drop();
    });
    body({
      backend,
      place: () => place,
      async open(options) {
        const stores = await place.open(options);
        opened.push(stores);
        return stores;
      },
    });
  });
}
