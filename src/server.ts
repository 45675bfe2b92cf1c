// Runs the bot: read configuration, build the app, listen, stop gracefully on SIGINT/SIGTERM.
import { KnowledgeError } from './answer/assistant.js';
import { createApp } from './app.js';
import { ConfigError, readConfig, type Config } from './config/config.js';
import { loadEnvFile } from './config/envFile.js';
import { createLogger } from './common/logger.js';
import { StoreError } from './storage/jsonStore.js';

/** The channels this configuration turns on, as an operator reads them in the start log. */
function channelsOn(config: Config): string[] {
  return [
    config.directLine.mode === 'self' ? 'web chat (Direct Line on this server)' : 'web chat (Azure Direct Line)',
    config.microsoftAppId ? 'Azure Bot Service' : 'Bot Framework Emulator (loopback)',
    ...(config.viber.authToken ? ['Viber'] : []),
    ...(config.messenger.pageToken ? ['Messenger'] : []),
  ];
}

async function main(): Promise<void> {
  loadEnvFile();
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  const address = await app.server.listen(config.port, config.host);
  const base = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}`;
  // What a newcomer opens next (README, Quick start); `entries` is the number the README's tables give.
  logger.info(
    { port: address.port, entries: app.assistant.kb.entries.length, storage: config.databaseUrl ? 'postgresql' : config.dataDir, channels: channelsOn(config) },
    `listening: the chat page ${base}/, the staff console ${base}/staff, the Bot Framework endpoint ${base}/api/messages; channels on: ${channelsOn(config).join(', ')}`,
  );

  // A supervisor (deploy/obshtina-chatbot.service) stops with SIGTERM and restarts on any exit: new
  // connections are refused at once, running turns finish within SHUTDOWN_GRACE_SECONDS, then 0.
  const stop = (signal: string) => {
    logger.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'stopping: new connections refused, running turns finish');
    app.stop().then(
      (complete) => {
        logger.info({ complete }, 'stopped');
        process.exit(complete ? 0 : 1);
      },
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
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
