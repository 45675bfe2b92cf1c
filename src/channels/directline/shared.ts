// What the Direct Line routes share: the accounts and conversation objects of the protocol, the
// bearer token of a request, the check that a token opens the conversation in the URL, and running
// the bot for an incoming activity with its replies appended to the transcript.
import type { IncomingMessage } from 'node:http';
import type { Activity, ChannelAccount, ConversationAccount } from 'botbuilder';
import type * as restify from 'restify';
import { sendJsonError } from '../../http/jsonError.js';
import { conversationKey, type TurnLock } from '../turnLock.js';
import type { TurnQueue } from '../turnQueue.js';
import type { DirectLineConversation, DirectLineStore } from './directLineStore.js';
import type { TokenClaims, TokenIssuer } from './tokens.js';

/** Runs one turn of the bot for an incoming activity and returns its replies, in order (the bot assembled in createBot.ts). */
export type TurnRunner = (activity: Partial<Activity>) => Promise<Array<Partial<Activity>>>;

/** What the bot says for an incoming activity whose turn could not run (its lock could not be had, or was lost). */
export type FailedTurnReplies = (activity: Partial<Activity>, error: unknown) => Array<Partial<Activity>>;

export const CHANNEL_ID = 'directline';
export const BASE = '/v3/directline';
export const BOT: ChannelAccount = { id: 'bot', name: 'Bot', role: 'bot' };
export const user = (id: string): ChannelAccount => ({ id, name: '', role: 'user' });
export const conversationOf = (id: string): ConversationAccount => ({ id, name: '', isGroup: false, conversationType: 'personal' });

export function bearer(req: restify.Request | IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** The fields every activity of a conversation carries, from its user to the bot. */
export const fromUser = (userId: string, c: Pick<DirectLineConversation, 'id'>): Partial<Activity> => ({
  channelId: CHANNEL_ID,
  conversation: conversationOf(c.id),
  recipient: BOT,
  from: user(userId),
  serviceUrl: '',
});

export interface DirectLineContext {
  store: DirectLineStore;
  tokens: TokenIssuer;
  /** The token's claims when it opens the conversation in the URL (or any, without one); otherwise answers 403. */
  authorise(req: restify.Request, res: restify.Response, conversationId?: string): Promise<TokenClaims | undefined>;
  /** Runs the bot for an incoming activity, one turn at a time per conversation, and appends its replies. */
  deliver(c: DirectLineConversation, incoming: Partial<Activity>): Promise<void | undefined>;
}

export function directLineContext(
  store: DirectLineStore,
  tokens: TokenIssuer,
  runTurn: TurnRunner,
  enqueue: TurnQueue,
  turnLock: TurnLock,
  failedTurn: FailedTurnReplies,
): DirectLineContext {
  return {
    store,
    tokens,
    async authorise(req, res, conversationId) {
      const claims = await tokens.verify(bearer(req) ?? '');
      if (!claims || (conversationId !== undefined && claims.conversationId !== conversationId)) {
        sendJsonError(res, 403, 'TokenInvalid', 'the token is missing, expired or for another conversation');
        return undefined;
      }
      return claims;
    },
    // The lock spans the turn and the append of its replies, so that replies of turns run on two
    // instances reach the transcript in the order of the turns. A turn whose lock could not be had,
    // or was lost (with what the turn wrote, its replies included), says so, rather than nothing.
    deliver: (c, incoming) =>
      enqueue(c.id, async () => {
        const from = { from: BOT, recipient: user(c.userId), conversation: conversationOf(c.id), channelId: CHANNEL_ID, replyToId: incoming.id };
        try {
          await turnLock(conversationKey(CHANNEL_ID, c.id), async () => {
            const replies = await runTurn({ ...incoming }); // a copy: the bot may normalise what it reads
            await store.append(c, replies.map((r) => ({ ...r, ...from })));
          });
        } catch (err) {
          await store.append(c, failedTurn(incoming, err).map((r) => ({ ...r, ...from }))).catch(() => undefined);
          throw err;
        }
      }),
  };
}
