// The real restify server on a random loopback port, with real lowdb storage in a temp folder.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp } from '../../src/app.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/common/logger.js';
import { visibleText } from '../support/cards.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

let assistant: Assistant;
let connector: CaptureServer;
let dataDir: string;
let cleanup: () => Promise<void>;

async function startBot(): Promise<{ app: { close(): Promise<void> }; base: string }> {
  const config = readConfig({ DATA_DIR: dataDir, KNOWLEDGE_DIR: paths.knowledgeDir });
  const app = await createApp(config, createLogger('silent'), { assistant });
  const { port } = await app.server.listen(0, '127.0.0.1');
  return { app: { close: async () => void (await app.stop()) }, base: `http://127.0.0.1:${port}` };
}

let seq = 0;
function activity(text: string, serviceUrl = connector.url): Record<string, unknown> {
  seq += 1;
  return {
    type: 'message', id: `in-${seq}`, text, channelId: 'test', serviceUrl, locale: 'bg-BG',
    from: { id: 'citizen-1' }, recipient: { id: 'bot' }, conversation: { id: 'conv|1' },
  };
}

const post = (base: string, body: unknown, contentType = 'application/json') =>
  fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });

beforeAll(async () => {
  assistant = await Assistant.load(paths);
  connector = await startCaptureServer();
  ({ dir: dataDir, cleanup } = await withTempDir());
});

afterAll(async () => {
  await connector.close();
  await cleanup();
});

describe('POST /api/messages', () => {
  it('delivers the answer card to the activity\'s serviceUrl, and remembers the service across a restart', async () => {
    let { app, base } = await startBot();
    const first = activity('Как да получа удостоверение за наследници?');
    const res = await post(base, first);
    expect(res.status).toBe(200);
    const reply = await connector.next((p) => p.body.replyToId === first.id);
    expect(reply.path).toBe(`/v3/conversations/conv|1/activities/${first.id}`);
    const attachments = reply.body.attachments as Array<{ contentType: string }>;
    expect(attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(visibleText(reply.body)).toContain('Удостоверение за наследници');
    expect(reply.body.recipient).toMatchObject({ id: 'citizen-1' });
    await app.close();

    ({ app, base } = await startBot());
    const followUp = activity('а колко струва?');
    await post(base, followUp);
    const second = await connector.next((p) => p.body.replyToId === followUp.id);
    expect(visibleText(second.body)).toContain('Удостоверение за наследници');
    expect(visibleText(second.body)).toContain('Срокове и такси');
    await app.close();
  });

  describe('refuses bad requests with a JSON error', () => {
    let app: { close(): Promise<void> };
    let base: string;
    beforeAll(async () => ({ app, base } = await startBot()));
    afterAll(async () => app.close());

    it('a serviceUrl outside loopback when no app id is configured (no relay to other hosts)', async () => {
      const before = connector.posts.length;
      const res = await post(base, activity('скица', 'http://169.254.169.254/latest/'));
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'ServiceUrlNotAllowed' } });
      expect(connector.posts.length).toBe(before);
    });

    it('malformed JSON', async () => {
      const res = await post(base, '{"type":');
      expect(res.status).toBe(400);
      expect(await res.json()).toHaveProperty('error.message');
    });

    it('a body that is not an activity', async () => {
      const res = await post(base, [1, 2]);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'BadRequest', message: 'expected a JSON Bot Framework activity' } });
    });

    it('an unknown route', async () => {
      const res = await fetch(`${base}/nope`);
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).not.toMatch(/at .*\.js:\d+/);
    });

    it('answers the health check', async () => {
      const res = await fetch(`${base}/healthz`);
      expect(await res.json()).toEqual({ status: 'ok', entries: assistant.kb.entries.length });
    });
  });
});
