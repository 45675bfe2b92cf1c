// Builds the whole bot from configuration: knowledge, storage, notifications, retention, server.
// server.ts runs it; the HTTP tests start it on a random port with a temporary DATA_DIR.
import { join } from 'node:path';
import { Assistant } from './answer/assistant.js';
import { mountAzureDirectLineToken } from './channels/directline/azureToken.js';
import { transcriptLimits } from './channels/directline/conversationStore.js';
import { mountDirectLine, type DirectLine } from './channels/directline/directLineChannel.js';
import type { DirectLineStore } from './channels/directline/directLineStore.js';
import { ConfigError, projectRoot, type Config } from './config/config.js';
import type { FeedbackRecord } from './feedback/types.js';
import { recordEraser } from './feedback/erasure.js';
import { startConversationRetention, startRetentionJob } from './feedback/retention.js';
import { mountMessenger } from './channels/messenger/messengerChannel.js';
import type { RunningTurns } from './channels/turnQueue.js';
import { mountViber } from './channels/viber/viberChannel.js';
import { createBot } from './createBot.js';
import { createBotServer, type BotServer } from './http/botServer.js';
import { clientAddressResolver } from './http/clientAddress.js';
import { mountWebPage } from './http/webPage.js';
import { settledWithin } from './common/deadline.js';
import type { Logger } from './common/logger.js';
import { StaffNotifier, staffEmailOff } from './notify/staffNotifier.js';
import { FileBotStorage, LEGACY_STATE_FILE, type ConversationStateStorage } from './storage/botStateStorage.js';
import { openSharedState, type SharedState } from './storage/postgres/sharedState.js';
import { postgresStores } from './storage/postgres/stores.js';
import { isWritableFolder, StoreError } from './storage/jsonStore.js';
import { DATA_FILES, openLowdbStores, type RecordStores } from './storage/recordStores.js';
import { DIRECTLINE_DIR, FileDirectLineStore, retainedLimits } from './storage/directLineFiles.js';
import { DIRECTLINE_SECRET_FILE, readOrCreateSecret } from './storage/secretFile.js';
import type { FeedbackRepository } from './feedback/repository.js';
import type { QuestionLog } from './insights/questionLog.js';
import type { RatingStore } from './insights/ratings.js';
import type { UsageLog } from './insights/usage.js';
import { mountStaff } from './staff/staffRoutes.js';
import type { ConsoleStore } from './staff/consoleStore.js';

/** Staff accounts, written by `npm run staff -- add-user` and read at each sign-in. */
export const STAFF_USERS_FILE = DATA_FILES.staffUsers;

/** Wrong access codes allowed per reference and per conversation in 15 minutes. */
const ACCESS_ATTEMPTS = 5;
const ACCESS_WINDOW_MS = 15 * 60 * 1000;

export interface App {
  assistant: Assistant;
  feedback: FeedbackRepository;
  questions: QuestionLog;
  ratings: RatingStore;
  usage: UsageLog;
  consoleStore: ConsoleStore;
  server: BotServer;
  storage: ConversationStateStorage;
  /** The self-hosted Direct Line (WEBCHAT_DIRECTLINE=self). */
  directLine?: DirectLine;
  /**
   * Refuses new connections, lets running turns finish (within SHUTDOWN_GRACE_SECONDS), then writes
   * what is pending and lets go of the database. True when nothing had to be cut and everything was written.
   */
  stop(): Promise<boolean>;
}

export interface AppOptions {
  /** Reuse an already loaded assistant (tests load the knowledge once). */
  assistant?: Assistant;
  /** Pauses between notification attempts. */
  retryDelaysMs?: number[];
}

/**
 * The conversation state under DATA_DIR and the record stores: with DATABASE_URL in PostgreSQL, on
 * the pool of the shared state (one pool per instance; it migrated the schema and ends the pool at
 * stop), lowdb files under DATA_DIR otherwise.
 */
async function openStores(config: Config, referencePrefix: string, shared: SharedState | undefined): Promise<RecordStores & { storage: ConversationStateStorage }> {
  const data = (name: string) => join(config.dataDir, name);
  if (!(await isWritableFolder(config.dataDir))) throw new StoreError(`DATA_DIR ${config.dataDir} cannot be written; make it writable for this user, or set DATA_DIR to a folder that is`);
  const options = { prefix: referencePrefix, salt: config.hashSalt };
  if (shared) return { ...postgresStores(shared.db, options, async () => undefined, shared.turnSession), storage: shared.storage };
  const records = await openLowdbStores(config.dataDir, options);
  try {
    return { ...records, storage: await FileBotStorage.open(data('conversations'), data(LEGACY_STATE_FILE)) };
  } catch (err) {
    await records.close().catch(() => undefined);
    throw err;
  }
}

/**
 * The self-hosted Direct Line's transcripts and token secret, both kept across a restart so that an
 * open web chat goes on: with DATABASE_URL the transcripts are in PostgreSQL, otherwise in files
 * under DATA_DIR, idle no longer than the conversation retention. Without DIRECTLINE_TOKEN_SECRET
 * a secret is made once and kept in DATA_DIR (mode 0600).
 */
async function openDirectLineState(config: Config, shared: SharedState | undefined): Promise<{ store: DirectLineStore; tokenSecret: string }> {
  const tokenSecret = config.directLine.tokenSecret || (await readOrCreateSecret(join(config.dataDir, DIRECTLINE_SECRET_FILE)));
  const store = shared?.directLineStore ?? (await FileDirectLineStore.open(join(config.dataDir, DIRECTLINE_DIR), retainedLimits(transcriptLimits(config.retentionDays), config.conversationRetentionHours)));
  return { store, tokenSecret };
}

/** Staff e-mail and webhook for new records; says at start when no one will be told. */
function startNotifier(config: Config, assistant: Assistant, feedback: FeedbackRepository, logger: Logger, retryDelaysMs?: number[]) {
  const notifier = new StaffNotifier(
    {
      smtpUrl: config.smtpUrl,
      staffEmail: config.staffEmail,
      categoryEmails: config.categoryEmails,
      mailFrom: config.mailFrom,
      webhookUrl: config.staffWebhookUrl,
      retryDelaysMs: retryDelaysMs ?? [10_000, 60_000, 300_000, 1_800_000, 7_200_000],
    },
    feedback,
    assistant.renderContext('bg').t,
    logger,
    (id) => assistant.kb.signals.find((c) => c.id === id)?.title.bg,
  );
  notifier.resumePending().catch((err: unknown) => logger.error({ err }, 'could not resume pending staff notifications'));
  const emailOff = staffEmailOff({ smtpUrl: config.smtpUrl, staffEmail: config.staffEmail, webhookUrl: config.staffWebhookUrl });
  if (emailOff) logger.warn(emailOff);
  return { notifier, notificationsOff: emailOff !== undefined };
}

/** Health probes run at most this often; /healthz answers from the last one in between. */
const HEALTH_PROBE_MS = 2000;

/**
 * Whether the bot can keep what it is told: the data folder can be written and nothing waits
 * unwritten. Probed at most every few seconds however often /healthz is asked.
 */
function storageProbe(dataDir: string, storage: ConversationStateStorage): () => Promise<boolean> {
  const writable = probedAtMostEvery(HEALTH_PROBE_MS, () => isWritableFolder(dataDir));
  return async () => (await writable()) && storage.lastError === undefined;
}

/** With DATABASE_URL: whether the database answers (a restart, a failover); probed as rarely. */
function databaseProbe(shared: SharedState): () => Promise<boolean> {
  return probedAtMostEvery(HEALTH_PROBE_MS, () => shared.db.query('SELECT 1').then(() => true, () => false));
}

function probedAtMostEvery(ms: number, probe: () => Promise<boolean>): () => Promise<boolean> {
  let last: { at: number; ok: boolean } | undefined;
  return async () => {
    if (!last || Date.now() - last.at > ms) last = { at: Date.now(), ok: await probe() };
    return last.ok;
  };
}

interface Running {
  config: Config;
  logger: Logger;
  server: BotServer;
  channelTurns: readonly RunningTurns[];
  directLine?: DirectLine;
  notifier: { stop(): void };
  shared?: SharedState;
  storage: ConversationStateStorage;
  stores: RecordStores;
}

/**
 * A stop: new connections are refused at once, running turns finish within SHUTDOWN_GRACE_SECONDS
 * (a request in flight, and the channels' turns that run after their request was answered), then
 * the database pools end and the lowdb stores write what is pending. True when nothing was cut.
 */
async function stopGracefully(r: Running): Promise<boolean> {
  const deadline = Date.now() + r.config.shutdownGraceSeconds * 1000;
  const left = () => Math.max(0, deadline - Date.now());
  const closed = r.server.close();
  // Replies of Direct Line turns still reach its streams; the streams end after.
  const turnsDone = await settledWithin(Promise.all(r.channelTurns.map((c) => c.settled())), left());
  r.directLine?.close();
  const connectionsDone = await settledWithin(closed, left());
  if (!turnsDone || !connectionsDone) {
    r.logger.warn({ graceSeconds: r.config.shutdownGraceSeconds, turnsDone, connectionsDone }, 'stop: the grace ran out; what still runs is cut');
    r.server.dropConnections();
  }
  r.notifier.stop();
  await r.shared?.close().catch((err: unknown) => r.logger.error({ err }, 'could not close the PostgreSQL connections at stop'));
  // The file transcripts too (PostgreSQL's closed with the shared state).
  const flushed = await Promise.allSettled([r.storage.flush(), r.stores.close(), ...(r.shared ? [] : [r.directLine?.store.close()])]);
  for (const f of flushed) if (f.status === 'rejected') r.logger.error({ err: f.reason }, 'could not write data at stop');
  return turnsDone && connectionsDone && flushed.every((f) => f.status === 'fulfilled');
}

/** The whole bot: knowledge, stores, notifications, retention jobs, the bot, the server and every route. */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const assistant = options.assistant ?? (await Assistant.load(config));
  const unknown = Object.keys(config.categoryEmails).filter((id) => !assistant.kb.signals.some((c) => c.id === id));
  if (unknown.length > 0) throw new ConfigError(`CATEGORY_EMAILS names categories that knowledge/signals/ does not have: ${unknown.join(', ')}`);
  // With DATABASE_URL: conversation state, Direct Line, edited knowledge and every record shared by every instance.
  const shared = await openSharedState(config, assistant, logger);
  const stores = await openStores(config, assistant.kb.feedback.reference_prefix, shared).catch(async (err: unknown) => {
    await shared?.close().catch(() => undefined);
    throw err;
  });
  const ownDirectLine = config.directLine.mode === 'self' ? await openDirectLineState(config, shared).catch(async (err: unknown) => {
    await Promise.allSettled([stores.close(), shared?.close()]);
    throw err;
  }) : undefined;
  const { questions, ratings, usage, consoleStore, feedback } = stores;
  const { storage } = stores;
  const { notifier, notificationsOff } = startNotifier(config, assistant, feedback, logger, options.retryDelaysMs);
  const onFeedbackSaved = (record: FeedbackRecord) => notifier.notify(record);
  const stopRetention = startRetentionJob(feedback, config.retentionDays, logger, { logs: [questions, usage] });
  const stopConversationRetention = startConversationRetention(storage, config.conversationRetentionHours, logger);
  const clientAddressOf = clientAddressResolver(config.trustProxy);
  const ownChannels = [
    ...(config.directLine.mode === 'self' ? ['directline'] : []),
    ...(config.viber.authToken ? ['viber'] : []),
    ...(config.messenger.pageToken ? ['messenger'] : []),
  ];

  const accessLimiter = stores.limiters('access-code', ACCESS_ATTEMPTS, ACCESS_WINDOW_MS);
  const bot = createBot({ config, assistant, storage, turnLock: shared?.turnLock, logger, services: { questions, ratings, usage, feedback, onFeedbackSaved, accessLimiter, retentionDays: config.retentionDays, logger } });
  const server = createBotServer({ config, bot, logger, ownChannels, storageWritable: storageProbe(config.dataDir, storage), ...(shared ? { databaseAnswers: databaseProbe(shared) } : {}), entries: () => assistant.kb.entries.length });
  const directLine = ownDirectLine
    ? mountDirectLine(server.server, { config: { ...config.directLine, tokenSecret: ownDirectLine.tokenSecret }, runTurn: bot.runActivity, logger, upgrades: server.upgrades, clientAddressOf, hashSalt: config.hashSalt, store: ownDirectLine.store, turnLock: shared?.turnLock, failedTurn: bot.failedTurnReplies })
    : undefined;
  if (config.directLine.mode === 'azure') mountAzureDirectLineToken(server.server, config.directLine, logger, clientAddressOf);
  const azureOrigin = new URL(config.directLine.azureUrl);
  await mountWebPage(server.server, {
    assistant,
    root: projectRoot,
    connectSources: config.directLine.mode === 'azure' ? [azureOrigin.origin, `wss://${azureOrigin.host}`] : [],
  });
  mountStaff(server.server, {
    ...stores,
    eraseRecord: recordEraser({ feedback, questions, transcripts: directLine }),
    assistant,
    store: consoleStore,
    knowledgeDir: config.knowledgeDir,
    editKnowledge: shared?.knowledge.edit,
    secureCookies: config.staffSecureCookies,
    clientAddressOf,
    logger,
    onFeedbackSaved,
    notificationsOff,
  });
  // Turns that run after their request was answered, which a stop lets finish.
  const channelTurns: RunningTurns[] = [
    ...(directLine ? [directLine] : []),
    ...(config.viber.authToken ? [mountViber(server.server, bot.runMessage, config.viber, logger, stores.redeliveries('viber'))] : []),
    ...(config.messenger.pageToken ? [mountMessenger(server.server, bot.runMessage, config.messenger, logger, stores.redeliveries('messenger'))] : []),
  ];

  return {
    assistant,
    feedback,
    questions,
    ratings,
    usage,
    consoleStore,
    server,
    storage,
    directLine,
    stop() {
      stopRetention();
      stopConversationRetention();
      return stopGracefully({ config, logger, server, channelTurns, directLine, notifier, shared, storage, stores });
    },
  };
}
