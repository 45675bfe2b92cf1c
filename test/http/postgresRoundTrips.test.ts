// Issue 20, break 11: on PostgreSQL a turn costs at most 3 round trips to the database (before: 6,
// BEGIN, the lock, the state read, the state write, COMMIT and the usage line, and a 7th for an
// unanswered question). Counted on the real app (in this process) by counting the queries pg's
// clients send, turn by turn, for an answered question, small talk and an unanswered question.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { join } from 'node:path';
import pg from 'pg';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/common/logger.js';
import { readConfig } from '../../src/config/config.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { paths } from '../support/paths.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { withTempDir } from '../support/tempDir.js';

const available = await postgresAvailable();
const MAX_ROUND_TRIPS = 3;

(available ? describe : describe.skip)('round trips of a PostgreSQL turn', () => {
  let s: TestSchema;
  let connector: CaptureServer;
  let folder: { dir: string; cleanup: () => Promise<void> };
  let app: App;
  let base: string;
  const sent: string[] = [];

  beforeAll(async () => {
    s = await freshSchema();
    connector = await startCaptureServer();
    folder = await withTempDir();
    const assistant = await Assistant.load({ knowledgeDir: paths.knowledgeDir, localesDir: paths.localesDir });
    app = await createApp(readConfig({ DATA_DIR: join(folder.dir, 'data'), KNOWLEDGE_DIR: paths.knowledgeDir, DATABASE_URL: s.url }), createLogger('silent'), { assistant });
    base = `http://127.0.0.1:${(await app.server.listen(0, '127.0.0.1')).port}`;
    await new Promise((r) => setTimeout(r, 1000)); // the retention jobs of the start are done
    // Every query any client of pg sends is one round trip (a text of several statements is one).
    const query = pg.Client.prototype.query;
    jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const first = args[0];
      sent.push(typeof first === 'string' ? first : String((first as { text?: string } | undefined)?.text));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as never);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.stop();
    await connector.close();
    await folder.cleanup();
    await s.drop();
  });

  async function turn(conversation: string, text: string): Promise<string[]> {
    const before = sent.length;
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message', id: `m-${sent.length}`, text, channelId: 'test', serviceUrl: connector.url, locale: 'bg-BG',
        from: { id: `user-${conversation}` }, recipient: { id: 'bot' }, conversation: { id: conversation },
      }),
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 300)); // what a turn writes in the background counts as its own
    return sent.slice(before);
  }

  it('reads the state, writes it with the lock and its log lines: at most 3 round trips a turn', async () => {
    const turns = [
      ['rt-1', 'Как да получа удостоверение за наследници?'],
      ['rt-1', 'Колко струва?'],
      ['rt-2', 'здравей'],
      ['rt-3', 'Кога ще има концерт на площада с фойерверки?'],
      ['rt-1', 'Благодаря'],
    ];
    const counts: Array<{ text: string; queries: string[] }> = [];
    for (const [conversation, text] of turns) counts.push({ text, queries: await turn(conversation, text) });
    const over = counts.filter((c) => c.queries.length > MAX_ROUND_TRIPS);
    expect(over).toEqual([]);
    // Nothing was lost on the way: a usage line for every turn, and the unanswered question in its log.
    expect(await app.usage.list()).toHaveLength(turns.length);
    expect((await app.questions.list()).map((q) => q.text)).toContain(turns[3][1]);
  });
});
