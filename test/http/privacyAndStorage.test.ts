// Issue 11, items 12, 14 and 15: logs without personal data, feedback drafts erased after a short
// time, and storage that says at start, in one line, when it cannot work (and /healthz when it stops).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { DialogSet, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readdir, readFile, rename, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/common/logger.js';
import { StoreError } from '../../src/storage/jsonStore.js';
import { BotConversation } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { paths, root, serverArgs } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

let assistant: Assistant;
let connector: CaptureServer;
beforeAll(async () => {
  assistant = await Assistant.load(paths);
  connector = await startCaptureServer();
});
afterAll(async () => connector.close());

function logCapture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

async function startOn(dataDir: string, env: Record<string, string> = {}, logStream?: Writable): Promise<{ app: App; base: string }> {
  const logger = logStream ? createLogger('info', logStream) : createLogger('silent');
  const app = await createApp(readConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: paths.knowledgeDir, ...env }), logger, { assistant });
  const { port } = await app.server.listen(0, '127.0.0.1');
  return { app, base: `http://127.0.0.1:${port}` };
}

const NAME = 'Светослава Иванова';
const PHONE = '0888123456';

describe('item 12: a failed turn is logged as its kind and a hashed conversation only', () => {
  it("an error thrown inside a dialog, carrying the dialog's options, is logged without them", async () => {
    const storage = new ConversationState(new MemoryStorage());
    const dialogs = new DialogSet(storage.createProperty<DialogState>('dialogs'));
    dialogs.add(
      new WaterfallDialog('failing', [
        async () => {
          throw new Error(`could not save ${NAME}`);
        },
      ]),
    );
    let thrown: unknown;
    const adapter = new TestAdapter(async (context) => {
      const dc = await dialogs.createContext(context);
      try {
        await dc.beginDialog('failing', { description: 'Дупка на ул. Рила', name: NAME, email: 'svetla@example.bg' });
      } catch (err) {
        thrown = err;
      }
    });
    await adapter.send('hi');
    expect((thrown as { dialogContext?: unknown }).dialogContext).toBeDefined(); // what botbuilder attaches
    const capture = logCapture();
    createLogger('info', capture.stream).error({ err: thrown }, 'turn failed');
    const line = capture.lines().join('\n');
    expect(line).toContain('"type":"DialogContextError"');
    expect(line).toContain('"cause":{"type":"Error"');
    expect(line).not.toContain(NAME);
    expect(line).not.toContain('svetla@example.bg');
    expect(line).not.toContain('Рила');
  });

  it('the server logs a failed turn with a hashed conversation id, never the raw one', async () => {
    const { dir, cleanup } = await withTempDir();
    const capture = logCapture();
    const { app, base } = await startOn(dir, {}, capture.stream);
    const failed = () => capture.lines().map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'turn failed');
    try {
      // The conversation's state file cannot be read (a folder stands in its place): the turn fails
      // with an error whose text names the file.
      const key = 'test/conversations/raw-conversation-id-4711/';
      await mkdir(join(dir, 'conversations', `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`), { recursive: true });
      await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message', id: 'fails-1', text: `${NAME} пита за скица`, channelId: 'test', serviceUrl: connector.url,
          from: { id: 'u' }, recipient: { id: 'bot' }, conversation: { id: 'raw-conversation-id-4711' },
        }),
      });
      expect(failed().length).toBeGreaterThan(0);
      expect(failed()[0].conversation).toMatch(/^[0-9a-f]{16}$/);
      expect(capture.lines().join('\n')).not.toContain('raw-conversation-id-4711');
      expect(capture.lines().join('\n')).not.toContain(NAME);
    } finally {
      await app.stop();
      await cleanup();
    }
  });
});

describe('item 14: drafts of feedback never submitted are erased after a short time', () => {
  it('the retention job erases an idle conversation holding a name and phone', async () => {
    const { dir, cleanup } = await withTempDir();
    try {
      let { app, base } = await startOn(dir, { CONVERSATION_RETENTION_HOURS: '2' });
      const citizen = new BotConversation(base, connector, 'draft-left-behind');
      for (const line of ['Искам да подам жалба', 'Чаках на гишето повече от час без обяснение.', 'С име и контакт', NAME, PHONE]) await citizen.say(line);
      await app.stop();
      const folder = join(dir, 'conversations');
      const files = await readdir(folder);
      const contents = await Promise.all(files.map((f) => readFile(join(folder, f), 'utf8')));
      expect(contents.some((c) => c.includes(PHONE))).toBe(true);
      // Three hours pass without a word from the citizen.
      const past = new Date(Date.now() - 3 * 60 * 60 * 1000);
      for (const f of files) await utimes(join(folder, f), past, past);

      ({ app, base } = await startOn(dir, { CONVERSATION_RETENTION_HOURS: '2' }));
      const deadline = Date.now() + 10_000;
      let left = files.length;
      while (left > 0 && Date.now() < deadline) {
        left = (await readdir(folder)).length;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(left).toBe(0);
      await app.stop();
    } finally {
      await cleanup();
    }
  });

  it('drafts in the single state file of earlier versions are moved out of it, and erased when old', async () => {
    const { dir, cleanup } = await withTempDir();
    try {
      const legacy = join(dir, 'conversation-state.json');
      await writeFile(legacy, JSON.stringify({ items: { 'test/conversations/old/': { eTag: '1', value: { dialogState: { draft: { name: NAME, phone: PHONE } } } } } }));
      const past = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
      await utimes(legacy, past, past);
      const { app } = await startOn(dir);
      const deadline = Date.now() + 10_000;
      while ((await readdir(join(dir, 'conversations'))).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await readdir(join(dir, 'conversations'))).toEqual([]);
      expect((await readdir(dir)).includes('conversation-state.json')).toBe(false);
      await app.stop();
    } finally {
      await cleanup();
    }
  });
});

describe('item 15: storage problems are said at start in one line, and /healthz reports them', () => {
  it.each([
    ['{}', /feedback\.json.*"records" must be a list/],
    ['[]', /feedback\.json.*expected an object/],
    ['null', /feedback\.json.*expected an object/],
  ])('feedback.json holding %s stops start-up naming the file', async (content, message) => {
    const { dir, cleanup } = await withTempDir();
    try {
      await writeFile(join(dir, 'feedback.json'), content);
      await expect(createApp(readConfig({ DATA_DIR: dir, KNOWLEDGE_DIR: paths.knowledgeDir }), createLogger('silent'), { assistant })).rejects.toThrow(message);
      await expect(createApp(readConfig({ DATA_DIR: dir, KNOWLEDGE_DIR: paths.knowledgeDir }), createLogger('silent'), { assistant })).rejects.toBeInstanceOf(StoreError);
      expect(await readFile(join(dir, 'feedback.json'), 'utf8')).toBe(content); // never replaced
    } finally {
      await cleanup();
    }
  });

  it('an unwritable DATA_DIR stops the server with one clear line', async () => {
    const { dir, cleanup } = await withTempDir();
    try {
      await writeFile(join(dir, 'a-file'), 'x');
      const child = spawn(process.execPath, serverArgs, {
        cwd: root,
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'a-file', 'data'), KNOWLEDGE_DIR: paths.knowledgeDir, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^cannot start: DATA_DIR .* cannot be written/);
    } finally {
      await cleanup();
    }
  }, 60_000);

  it('/healthz answers 503 once the data folder cannot be written', async () => {
    const { dir, cleanup } = await withTempDir();
    const dataDir = join(dir, 'data');
    await mkdir(dataDir);
    const { app, base } = await startOn(dataDir);
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      await rename(dataDir, join(dir, 'moved'));
      await writeFile(dataDir, 'not a folder');
      const deadline = Date.now() + 10_000;
      let status = 200;
      while (status === 200 && Date.now() < deadline) {
        status = (await fetch(`${base}/healthz`)).status;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(503);
    } finally {
      await app.stop().catch(() => undefined);
      await cleanup();
    }
  });
});
