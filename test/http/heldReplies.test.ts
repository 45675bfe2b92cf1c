// A turn's replies go out after the turn (src/bot/heldReplies.ts), yet reach the citizen as before:
// in order, each once, and a prompt whose validator has already answered does not prompt again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/common/logger.js';
import { DESCRIPTION_MIN } from '../../src/feedback/validate.js';
import { BotConversation, COMPLAINT_SCRIPT } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

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
