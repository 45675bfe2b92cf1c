// A running bot with a staff account, on temporary copies of the knowledge folder and DATA_DIR
// (attaching questions writes the knowledge files).
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger, type Logger } from '../../src/common/logger.js';
import { hashPassword } from '../../src/staff/passwords.js';
import { openRecordStores } from '../../src/storage/openRecordStores.js';
import { paths } from './paths.js';
import { withTempDir } from './tempDir.js';

export const STAFF = { user: 'maria', password: 'correct-horse-battery' };

export interface StaffFixture {
  app: App;
  base: string;
  knowledgeDir: string;
  stop(): Promise<void>;
}

export async function startStaffFixture(env: Record<string, string> = {}, logger: Logger = createLogger('silent')): Promise<StaffFixture> {
  const { dir, cleanup } = await withTempDir();
  const knowledgeDir = join(dir, 'knowledge');
  await cp(paths.knowledgeDir, knowledgeDir, { recursive: true });
  const dataDir = join(dir, 'data');
  // Where the app will look for it: the accounts file under DATA_DIR, or PostgreSQL with DATABASE_URL.
  const stores = await openRecordStores({ dataDir, databaseUrl: env.DATABASE_URL ?? '' }, { prefix: '', salt: '' }, 1);
  try {
    await stores.staffUsers.save({ name: STAFF.user, passwordHash: await hashPassword(STAFF.password), createdAt: new Date().toISOString() });
  } finally {
    await stores.close();
  }
  const assistant = await Assistant.load({ knowledgeDir, localesDir: paths.localesDir });
  const app = await createApp(readConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir, ...env }), logger, { assistant });
  const { port } = await app.server.listen(0, '127.0.0.1');
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    knowledgeDir,
    async stop() {
      await app.stop();
      await cleanup();
    },
  };
}
