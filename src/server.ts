// Composition root: read configuration, load the knowledge, open storage, serve.
import { join } from 'node:path';
import { Assistant, KnowledgeError } from './answer/assistant.js';
import { ConfigError, readConfig } from './config/config.js';
import { createBotServer } from './http/botServer.js';
import { createLogger } from './logger.js';
import { LowdbBotStorage } from './storage/botStateStorage.js';
import { StoreError } from './storage/jsonStore.js';
import { QuestionLog } from './storage/questionLog.js';

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const assistant = await Assistant.load(config);
  const storage = await LowdbBotStorage.open(join(config.dataDir, 'conversation-state.json'));
  const questions = await QuestionLog.open(join(config.dataDir, 'questions.json'), config.hashSalt);
  const app = createBotServer({ config, assistant, storage, questions, logger });
  const address = await app.listen(config.port, config.host);
  logger.info({ port: address.port, entries: assistant.kb.entries.length, dataDir: config.dataDir }, `bot listening on http://localhost:${address.port}/api/messages`);

  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    app.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  // One clear line (or the list of knowledge problems) for the operator, no stack trace.
  if (err instanceof KnowledgeError || err instanceof ConfigError || err instanceof StoreError) console.error(`cannot start: ${err.message}`);
  else console.error('cannot start:', err);
  process.exit(1);
});
