// What several instances behind one address share when DATABASE_URL is set: the conversation state
// and the lock that keeps a conversation's turns apart, the Direct Line transcripts, and the
// knowledge files staff edit. Opened here, apart from the other stores, so that the composition
// root only hands these on; without DATABASE_URL nothing is opened and each instance keeps its own.
import type { Assistant } from '../../answer/assistant.js';
import type { TurnLock } from '../../channels/turnLock.js';
import { transcriptLimits } from '../../channels/directline/conversationStore.js';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../common/logger.js';
import { StoreError } from '../jsonStore.js';
import { PostgresBotStorage } from './botState.js';
import { openDatabase, type Database } from './database.js';
import { PostgresDirectLineStore } from './directLineStore.js';
import { SharedKnowledge } from './knowledgeFiles.js';
import { migrate } from './migrate.js';
import { Notifications } from './notifications.js';
import { postgresTurnLock, TURN_LIMIT_MS, type TurnSession } from './turnLock.js';

/** Turns holding their conversation's lock at once, per instance; more wait for a connection. */
const TURN_LOCK_CONNECTIONS = 16;
/** How long a turn waits for a lock connection before the citizen is told the bot is busy. */
const TURN_LOCK_WAIT_MS = 3000;

export interface SharedState {
  db: Database;
  storage: PostgresBotStorage;
  turnLock: TurnLock;
  /** The turn running here under its lock, if any: the logs write with its commit (stores.ts). */
  turnSession: () => TurnSession | undefined;
  directLineStore: PostgresDirectLineStore;
  knowledge: SharedKnowledge;
  notifications: Notifications;
  close(): Promise<void>;
}

/** Opens the shared state on DATABASE_URL (migrating the schema first); undefined without one. */
export async function openSharedState(config: Pick<Config, 'databaseUrl' | 'knowledgeDir' | 'directLine' | 'retentionDays'>, assistant: Assistant, logger: Logger): Promise<SharedState | undefined> {
  if (!config.databaseUrl) return undefined;
  if (config.directLine.mode === 'self' && !config.directLine.tokenSecret) {
    logger.warn('DATABASE_URL is set but DIRECTLINE_TOKEN_SECRET is not: a web chat token works only on the instance that issued it; give every instance the same secret');
  }
  const db = openDatabase(config.databaseUrl);
  const locks = openDatabase(config.databaseUrl, { max: TURN_LOCK_CONNECTIONS, statementTimeoutMs: 30_000, idleInTransactionTimeoutMs: TURN_LIMIT_MS, connectionTimeoutMs: TURN_LOCK_WAIT_MS });
  const turnLock = postgresTurnLock(locks);
  let notifications: Notifications | undefined;
  try {
    await migrate(db);
    notifications = await Notifications.open(config.databaseUrl, logger);
    const knowledge = await SharedKnowledge.open(db, notifications, config.knowledgeDir, () => assistant.reload(), logger);
    const directLineStore = new PostgresDirectLineStore(db, notifications, transcriptLimits(config.retentionDays), logger, turnLock.session);
    const hub = notifications;
    return {
      db,
      storage: new PostgresBotStorage(db, turnLock.session),
      turnLock: turnLock.lock,
      turnSession: turnLock.session,
      directLineStore,
      knowledge,
      notifications: hub,
      async close() {
        knowledge.close();
        await directLineStore.close();
        await hub.close();
        await Promise.all([locks.end(), db.end()]);
      },
    };
  } catch (err) {
    await notifications?.close();
    await Promise.all([locks.end(), db.end()]).catch(() => undefined);
    // The message names the cause, never the URL (it may hold a password).
    const code = (err as NodeJS.ErrnoException).code;
    throw new StoreError(`DATABASE_URL: PostgreSQL could not be opened (${code ?? (err instanceof Error ? err.message : String(err))})`);
  }
}
