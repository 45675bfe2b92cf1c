// A Direct Line 3.0–compatible endpoint served by the bot itself, so that Microsoft's
// botframework-directlinejs client, and so the official Web Chat, work against it unchanged:
// token → start conversation → post activities → read them by polling (watermark) or by a
// WebSocket stream → refresh the token. Every conversation is readable only with its own token.
// One module per resource: tokens, conversations, activities, the stream.
import { randomBytes } from 'node:crypto';
import type * as restify from 'restify';
import type { DirectLineConfig } from '../../config/config.js';
import type { ClientAddressOf } from '../../http/clientAddress.js';
import type { UpgradeRouter } from '../../http/upgrades.js';
import { hashConversation } from '../../common/conversationHash.js';
import { loggedConversation, type Logger } from '../../common/logger.js';
import { createTurnQueue } from '../turnQueue.js';
import { mountActivityRoutes } from './activityRoutes.js';
import { noTurnLock, type TurnLock } from '../turnLock.js';
import { ConversationStore, DEFAULT_TRANSCRIPT_LIMITS, type TranscriptLimits } from './conversationStore.js';
import { MemoryDirectLineStore, type DirectLineStore } from './directLineStore.js';
import { mountConversationRoutes } from './conversationRoutes.js';
import { CHANNEL_ID, directLineContext, type FailedTurnReplies, type TurnRunner } from './shared.js';
import { mountStream } from './streamRoute.js';
import { mountTokenRoutes } from './tokenRoutes.js';
import { TokenIssuer } from './tokens.js';

export { CHANNEL_ID } from './shared.js';
export { MAX_ACTIVITY_BYTES } from './activityRoutes.js';
export { MAX_STREAM_BUFFERED, MAX_STREAM_PAYLOAD, MAX_STREAMS_PER_CONVERSATION } from './streamRoute.js';

export interface DirectLineOptions {
  config: DirectLineConfig;
  runTurn: TurnRunner;
  logger: Logger;
  upgrades: UpgradeRouter;
  clientAddressOf: ClientAddressOf;
  /** Secret for hashing conversation ids in the logs. */
  hashSalt: string;
  limits?: TranscriptLimits;
  /** Where transcripts are kept; in this process's memory when not given. */
  store?: DirectLineStore;
  /** Keeps a conversation's turns apart across instances. */
  turnLock?: TurnLock;
  /** What the bot says for a turn that could not run (createBot.ts). */
  failedTurn: FailedTurnReplies;
}

export interface DirectLine {
  store: DirectLineStore;
  tokens: TokenIssuer;
  /** Forgets the transcripts of the conversations with these hashes (hashConversation): an erasure. */
  forgetConversations(hashes: ReadonlySet<string>): Promise<number>;
  /** Resolves once no turn is queued or running; their replies are in the transcript (and on its streams). */
  settled(): Promise<void>;
  /** Ends the streams; call after settled() so that running turns' replies still reach them. */
  close(): void;
}

export function mountDirectLine(server: restify.Server, options: DirectLineOptions): DirectLine {
  const { config, logger } = options;
  const tokens = new TokenIssuer(config.tokenSecret || randomBytes(32).toString('hex'), config.tokenTtlSeconds);
  const store = options.store ?? new MemoryDirectLineStore(new ConversationStore(options.limits ?? DEFAULT_TRANSCRIPT_LIMITS));
  const enqueue = createTurnQueue((err, conversation) =>
    logger.error({ err, channel: CHANNEL_ID, conversation: loggedConversation(options.hashSalt, CHANNEL_ID, conversation) }, 'direct line turn failed'),
  );
  const sweeper = setInterval(() => store.sweep().catch((err: unknown) => logger.error({ err, channel: CHANNEL_ID }, 'direct line sweep failed')), 60 * 60 * 1000);
  sweeper.unref();

  const dl = directLineContext(store, tokens, options.runTurn, enqueue, options.turnLock ?? noTurnLock, options.failedTurn);
  mountTokenRoutes(server, dl, config.tokensPerMinute, options.clientAddressOf);
  mountConversationRoutes(server, dl);
  mountActivityRoutes(server, dl);
  const closeStreams = mountStream(options.upgrades, dl);

  return {
    store,
    tokens,
    settled: () => enqueue.settled(),
    forgetConversations: (hashes) => (hashes.size === 0 ? Promise.resolve(0) : store.forget((id) => hashes.has(hashConversation(options.hashSalt, CHANNEL_ID, id)))),
    close() {
      clearInterval(sweeper);
      closeStreams();
    },
  };
}
