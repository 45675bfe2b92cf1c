// The HTTP side: restify with the Bot Framework endpoint and a health check.
// Built from ready parts so that tests start the real server on a random port.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import * as restify from 'restify';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import type { DialogServices } from '../../dialogs/dialogServices.js';
import { MainDialog } from '../../dialogs/mainDialog.js';
import type { Assistant } from '../answer/assistant.js';
import type { ConversationContext } from '../answer/understand.js';
import { CitizenBot } from '../bot/citizenBot.js';
import { InProcessAdapter, type TurnRunner } from '../bot/inProcessAdapter.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { sendJsonError } from './jsonError.js';
import { isAllowedServiceUrl } from './serviceUrlGuard.js';

export interface BotServerDeps {
  config: Pick<Config, 'microsoftAppId' | 'microsoftAppPassword' | 'microsoftAppType' | 'microsoftAppTenantId' | 'serviceUrlAllowList'>;
  assistant: Assistant;
  storage: Storage;
  /** Everything the dialogs need besides the assistant and the conversation state. */
  services: Omit<DialogServices, 'assistant' | 'conversation'>;
  logger: Logger;
}

export interface BotServer {
  server: restify.Server;
  /** Runs the bot for the project's own channels (web chat, Viber, Messenger). */
  runTurn: TurnRunner;
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export function createBotServer(deps: BotServerDeps): BotServer {
  const { config, assistant, logger } = deps;
  const open = !config.microsoftAppId;

  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  });
  const onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: error, channel: context.activity.channelId, conversation: context.activity.conversation?.id }, 'turn failed');
    const t = assistant.renderContext('bg').t;
    await context.sendActivity(t('bot.error', { phone: assistant.kb.municipality.phones[0].number })).catch(() => undefined);
  };
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = onTurnError;
  const inProcess = new InProcessAdapter();
  inProcess.onTurnError = onTurnError;

  const conversationState = new ConversationState(deps.storage);
  const dialog = new MainDialog({ ...deps.services, assistant, conversation: conversationState.createProperty<ConversationContext>('conversation') });
  const bot = new CitizenBot(assistant, conversationState, dialog);

  const server = restify.createServer({ name: 'obshtina-chatbot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 256 * 1024 }));

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.json({ status: 'ok', entries: assistant.kb.entries.length });
  });

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      sendJsonError(res, 400, 'BadRequest', 'expected a JSON Bot Framework activity');
      return;
    }
    if (open && !isAllowedServiceUrl((body as { serviceUrl?: unknown }).serviceUrl, config.serviceUrlAllowList)) {
      sendJsonError(res, 403, 'ServiceUrlNotAllowed', 'without MicrosoftAppId only loopback or allow-listed serviceUrls are answered');
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
    // Plain JSON errors, never a stack trace.
    const status = err.statusCode ?? 500;
    if (status >= 500) logger.error({ err, url: req.url }, 'request failed');
    sendJsonError(res, status, err.name || 'Error', status >= 500 ? 'internal error' : err.message);
    return callback();
  });

  return {
    server,
    runTurn: (activity) => inProcess.processActivity(activity, (context) => bot.run(context)),
    async listen(port, host) {
      server.listen(port, host);
      await once(server, 'listening');
      const address = server.address() as AddressInfo;
      if (open) {
        logger.warn(
          { allowList: config.serviceUrlAllowList },
          'MicrosoftAppId is not set: /api/messages accepts unauthenticated requests and answers only loopback or allow-listed serviceUrls',
        );
      }
      return address;
    },
    async close() {
      // Stop accepting, let requests in flight finish, and drop idle keep-alive sockets so close completes.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeIdleConnections();
      });
    },
  };
}
