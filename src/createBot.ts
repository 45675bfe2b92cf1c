// Assembles the bot: the Bot Framework adapter (for /api/messages), the in-process adapter (for the
// project's own channels), the conversation state, the dialogs and the activity handler, with one
// turn-error handler for both. The composition root (app.ts) calls this; HTTP only mounts routes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigurationBotFrameworkAuthentication, ConversationState, type Activity, type Request, type Response, type Storage, type TurnContext } from 'botbuilder';
import type { DialogServices } from '../dialogs/dialogServices.js';
import { MainDialog } from '../dialogs/mainDialog.js';
import type { Assistant } from './answer/assistant.js';
import type { ConversationContext } from './answer/understand.js';
import type { Config } from './config/config.js';
import { activityIdentity, InvalidIdentityError } from './common/activityIdentity.js';
import { loggedConversation, type Logger } from './common/logger.js';
import type { Translate } from './common/i18n.js';
import type { MessageRunner } from './channels/message.js';
import { activityOfMessage, repliesOf } from './bot/channelTurns.js';
import { CitizenBot } from './bot/citizenBot.js';
import { InProcessAdapter, type TurnRunner } from './bot/inProcessAdapter.js';
import { PostedActivityAdapter } from './bot/postedActivityAdapter.js';
import { conversationKey, noTurnLock, TurnLockError, type TurnLock } from './channels/turnLock.js';
import { holdReplies } from './bot/heldReplies.js';
import { withRememberedUnderstanding } from './bot/rememberedUnderstanding.js';
import { ReusingBotFrameworkAuthentication } from './bot/reusedConnectors.js';
import { mainPhone } from './render/answerView.js';

export interface BotDeps {
  config: Pick<Config, 'microsoftAppId' | 'microsoftAppPassword' | 'microsoftAppType' | 'microsoftAppTenantId' | 'hashSalt' | 'serviceUrlTimeoutSeconds'>;
  assistant: Assistant;
  storage: Storage;
  /** Keeps turns of one conversation apart across instances (none with one process). */
  turnLock?: TurnLock;
  /** Everything the dialogs need besides the assistant and the conversation state. */
  services: Omit<DialogServices, 'assistant' | 'conversation'>;
  logger: Logger;
}

export interface Bot {
  /** Handles a Bot Framework request to /api/messages (authenticated by the adapter). */
  processRequest(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Runs the bot for an activity of the self-hosted Direct Line and returns what it sent. */
  runActivity: TurnRunner;
  /** Runs the bot for a message of a text channel (Viber, Messenger) and returns its replies. */
  runMessage: MessageRunner;
  /** What the bot says for a turn that failed before it ran (its conversation's lock could not be had). */
  failedTurnReplies(activity: Partial<Activity>, error: unknown): Array<Partial<Activity>>;
}

/**
 * The sentence for a failed turn: try again when the turn could not hold its conversation's lock
 * (too many turns at once, or the database lost the lock's connection; nothing of the turn was
 * kept), otherwise the apology with the municipality's phone.
 */
export function failedTurnText(error: unknown, t: Translate, phone: string): string {
  if (error instanceof TurnLockError) return t(error.reason === 'busy' ? 'bot.busy' : 'bot.retry');
  return t('bot.error', { phone });
}

const langOf = (activity: Partial<Activity>): 'bg' | 'en' => (activity.locale?.toLowerCase().startsWith('en') ? 'en' : 'bg');

export function createBot(deps: BotDeps): Bot {
  const { config, assistant, logger } = deps;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  });
  const failureText = (activity: Partial<Activity>, error: unknown) => failedTurnText(error, assistant.renderContext(langOf(activity)).t, mainPhone(assistant.kb.municipality));
  const onTurnError = async (context: TurnContext, error: Error) => {
    const { channelId, conversation } = context.activity;
    logger.error({ err: error, channel: channelId, conversation: loggedConversation(config.hashSalt, channelId, conversation?.id) }, 'turn failed');
    await context.sendActivity(failureText(context.activity, error)).catch((err: unknown) => logger.warn({ err }, 'could not tell the citizen about the failed turn'));
  };
  const adapter = new PostedActivityAdapter(new ReusingBotFrameworkAuthentication(auth, config.serviceUrlTimeoutSeconds * 1000));
  adapter.onTurnError = onTurnError;
  const inProcess = new InProcessAdapter();
  inProcess.onTurnError = onTurnError;

  const conversationState = new ConversationState(deps.storage);
  const dialog = new MainDialog({ ...deps.services, assistant: withRememberedUnderstanding(assistant), conversation: conversationState.createProperty<ConversationContext>('conversation') });
  const bot = new CitizenBot(assistant, conversationState, dialog);
  // The lock is taken inside the adapter, so a turn that cannot get it fails through onTurnError;
  // its replies go out after it, so that no send holds the lock (heldReplies.ts).
  const lock = deps.turnLock ?? noTurnLock;
  // The routes refuse activities without plain string ids; this is the last guard before state is read.
  const runTurn = async (context: TurnContext) => {
    const identity = activityIdentity(context.activity);
    if (!identity) throw new InvalidIdentityError();
    const replies = holdReplies(context);
    try {
      await lock(conversationKey(identity.channelId, identity.conversationId), () => bot.run(context));
    } catch (err) {
      replies.discard();
      throw err;
    }
    await replies.release();
  };

  const runActivity: TurnRunner = (activity) => inProcess.processActivity(activity, runTurn);
  return {
    processRequest: (req, res) => adapter.processPosted(req as unknown as Request, res as unknown as Response, runTurn),
    runActivity,
    runMessage: async (message) => repliesOf(await runActivity(activityOfMessage(message))),
    failedTurnReplies: (activity, error) => [{ type: 'message', text: failureText(activity, error) }],
  };
}
