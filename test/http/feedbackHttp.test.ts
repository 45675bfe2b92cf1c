// Feedback through the real HTTP endpoint and lowdb files: survives a restart, and 200 at once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/common/logger.js';
import { BotConversation, COMPLAINT_SCRIPT, REFERENCE } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

let assistant: Assistant;
let connector: CaptureServer;

beforeAll(async () => {
  assistant = await Assistant.load(paths);
  connector = await startCaptureServer();
});
afterAll(async () => connector.close());

async function start(dataDir: string): Promise<{ app: App; base: string }> {
  // 200 citizens at once, all from this test's one address: the per-address cap is raised to let them in.
  const app = await createApp(readConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: paths.knowledgeDir, MAX_CONNECTIONS_PER_ADDRESS: '1000' }), createLogger('silent'), { assistant });
  const { port } = await app.server.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${port}` };
}

async function fileAfterRestart(dataDir: string, check: (app: App) => Promise<void> | void): Promise<void> {
  const { app } = await start(dataDir);
  try {
    await check(app);
  } finally {
    await app.stop();
  }
}

describe('feedback over HTTP', () => {
  it('drives a whole complaint through /api/messages and finds the record after a restart', async () => {
    const { dir, cleanup } = await withTempDir();
    try {
      const { app, base } = await start(dir);
      const citizen = new BotConversation(base, connector, 'http-complaint');
      let last = '';
      for (const line of COMPLAINT_SCRIPT) last = await citizen.say(line);
      await app.stop();
      const reference = REFERENCE.exec(last)?.[1];
      expect(reference).toBeDefined();
      await fileAfterRestart(dir, async (restarted) => {
        expect((await restarted.feedback.getByReference(reference!))).toMatchObject({ kind: 'complaint', description: COMPLAINT_SCRIPT[1], status: 'received' });
      });
    } finally {
      await cleanup();
    }
  });

  it('200 submissions at once: 200 records, 200 distinct reference numbers, a valid data file', async () => {
    const { dir, cleanup } = await withTempDir();
    try {
      const { app, base } = await start(dir);
      const references = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const citizen = new BotConversation(base, connector, `load-${i}`);
          let last = '';
          for (const line of COMPLAINT_SCRIPT) last = await citizen.say(line);
          return REFERENCE.exec(last)?.[1];
        }),
      );
      await app.stop();
      expect(references.filter(Boolean)).toHaveLength(200);
      expect(new Set(references).size).toBe(200);
      const file = JSON.parse(await readFile(join(dir, 'feedback.json'), 'utf8')) as { records: Array<{ reference: string }> };
      expect(file.records).toHaveLength(200);
      expect(new Set(file.records.map((r) => r.reference))).toEqual(new Set(references));
    } finally {
      await cleanup();
    }
  }, 120_000);
});
