// A turn's replies go out after the turn (src/bot/heldReplies.ts), yet reach the citizen as before:
// in order, each once, and a prompt whose validator has already answered does not prompt again.
// And on lowdb too (issue 20, breaks 1 and 2; PostgreSQL: postgresResilience.test.ts), a serviceUrl
// that never answers holds nothing: the turn is kept before its reply hangs, and the send is given
// up after SERVICE_URL_TIMEOUT_SECONDS.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/common/logger.js';
import { DESCRIPTION_MIN } from '../../src/feedback/validate.js';
import { BotConversation, COMPLAINT_SCRIPT } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { paths } from '../support/paths.js';
import { startSilentServer } from '../support/silentServer.js';
import { withTempDir } from '../support/tempDir.js';
import { WebChatVisitor } from '../support/webChat.js';

let app: App;
let base: string;
let connector: CaptureServer;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const assistant = await Assistant.load(paths);
  connector = await startCaptureServer();
  const temp = await withTempDir();
  cleanup = temp.cleanup;
  app = await createApp(readConfig({ DATA_DIR: temp.dir, KNOWLEDGE_DIR: paths.knowledgeDir }), createLogger('silent'), { assistant });
  base = `http://127.0.0.1:${(await app.server.listen(0, '127.0.0.1')).port}`;
});
afterAll(async () => {
  await app.stop();
  await connector.close();
  await cleanup();
});

describe('replies sent after the turn', () => {
  it("a description that is too short gets the validator's sentence alone, not a second prompt as well", async () => {
    const citizen = new BotConversation(base, connector, 'held-replies-validator');
    await citizen.say(COMPLAINT_SCRIPT[0]);
    const t = app.assistant.renderContext('bg').t;
    expect(await citizen.say('аа')).toBe(t('feedback.descriptionTooShort', { min: DESCRIPTION_MIN }));
  });
});

describe('a serviceUrl that never answers (lowdb)', () => {
  const SEND_TIMEOUT_SECONDS = 2;

  it('the turn is kept before its reply hangs, the send is given up in time, and a web chat question beside 20 such turns is answered', async () => {
    const silent = await startSilentServer();
    const temp = await withTempDir();
    const slowApp = await createApp(readConfig({ DATA_DIR: temp.dir, KNOWLEDGE_DIR: paths.knowledgeDir, SERVICE_URL_TIMEOUT_SECONDS: String(SEND_TIMEOUT_SECONDS), SHUTDOWN_GRACE_SECONDS: '1' }), createLogger('silent'), { assistant: app.assistant });
    const slowBase = `http://127.0.0.1:${(await slowApp.server.listen(0, '127.0.0.1')).port}`;
    const t = slowApp.assistant.renderContext('bg').t;
    /** A message whose replies go to the silent serviceUrl; resolves with the HTTP status. */
    const postSilent = async (conversation: string, text: string) => {
      const res = await fetch(`${slowBase}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', id: `m-${conversation}`, text, channelId: 'test', serviceUrl: silent.url, locale: 'bg-BG', from: { id: `user-${conversation}` }, recipient: { id: 'bot' }, conversation: { id: conversation } }),
      });
      await res.text();
      return res.status;
    };
    /** The statuses of `requests`, or 'hanging' when they have not all ended a few seconds after the send timeout. */
    const ended = (requests: Array<Promise<number>>) =>
      Promise.race([Promise.all(requests), new Promise<'hanging'>((r) => setTimeout(r, (SEND_TIMEOUT_SECONDS + 5) * 1000, 'hanging'))]);
    const waitReceived = async (n: number) => {
      for (const deadline = Date.now() + 15_000; silent.received() < n; await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() > deadline) throw new Error(`the silent serviceUrl got ${silent.received()} of ${n} sends`);
      }
    };
    try {
      const stuck = postSilent('silent-lowdb', COMPLAINT_SCRIPT[0]);
      await waitReceived(1);
      // The same conversation goes on from the step its first turn kept, while that turn's reply still hangs.
      expect(await new BotConversation(slowBase, connector, 'silent-lowdb').say(COMPLAINT_SCRIPT[1])).toContain(t('feedback.askContact'));
      expect(await ended([stuck])).toEqual([200]);

      const slow = Array.from({ length: 20 }, (_, i) => postSilent(`slow-lowdb-${i}`, 'Как да получа удостоверение за наследници?'));
      await waitReceived(21);
      const visitor = await WebChatVisitor.start(slowBase);
      const posted = await visitor.post('Как да получа удостоверение за наследници?');
      expect((await visitor.repliesTo(posted.id, 10_000)).join('\n')).toMatch(/наследници/i);
      expect(await ended(slow)).toEqual(slow.map(() => 200));
    } finally {
      await slowApp.stop();
      await silent.close();
      await temp.cleanup();
    }
  }, 60_000);
});
