// A Direct Line 3.0–compatible endpoint served by the bot itself, so that Microsoft's
// botframework-directlinejs client, and so the official Web Chat, work against it unchanged:
// token → start conversation → post activities → read them by polling (watermark) or by a
// WebSocket stream → refresh the token. Every conversation is readable only with its own token.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Activity, ChannelAccount, ConversationAccount } from 'botbuilder';
import type * as restify from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TurnRunner } from '../../bot/inProcessAdapter.js';
import type { DirectLineConfig } from '../../config/config.js';
import type { ClientAddressOf } from '../../http/clientAddress.js';
import { sendJsonError } from '../../http/jsonError.js';
import { queryOf } from '../../http/query.js';
import { RateLimiter } from '../../http/rateLimit.js';
import { rejectUpgrade, type UpgradeRouter } from '../../http/upgrades.js';
import { loggedConversation, type Logger } from '../../logger.js';
import { createTurnQueue } from '../turnQueue.js';
import { ConversationStore, DEFAULT_TRANSCRIPT_LIMITS, type StoredConversation, type TranscriptLimits } from './conversationStore.js';
import { TokenIssuer, type TokenClaims } from './tokens.js';

export const CHANNEL_ID = 'directline';
const BASE = '/v3/directline';
const BOT: ChannelAccount = { id: 'bot', name: 'Bot', role: 'bot' };
const user = (id: string): ChannelAccount => ({ id, name: '', role: 'user' });
const conversationOf = (id: string): ConversationAccount => ({ id, name: '', isGroup: false, conversationType: 'personal' });
const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;

/** The largest activity a client may post; Web Chat's messages are a few kilobytes. */
export const MAX_ACTIVITY_BYTES = 32 * 1024;
/** Clients never send over the stream; a frame larger than this closes it. */
export const MAX_STREAM_PAYLOAD = 4 * 1024;
/** Bytes waiting for a stream client that does not read; past this the stream is dropped (the client can poll). */
export const MAX_STREAM_BUFFERED = 1024 * 1024;
/** Streams open on one conversation at most; a new one closes the oldest. */
export const MAX_STREAMS_PER_CONVERSATION = 4;

export interface DirectLineOptions {
  config: DirectLineConfig;
  runTurn: TurnRunner;
  logger: Logger;
  upgrades: UpgradeRouter;
  clientAddressOf: ClientAddressOf;
  /** Secret for hashing conversation ids in the logs. */
  hashSalt: string;
  limits?: TranscriptLimits;
}

export interface DirectLine {
  store: ConversationStore;
  tokens: TokenIssuer;
  close(): void;
}

function bearer(req: restify.Request | IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** ws:// or wss:// for this host, as the client reached it (behind a TLS proxy: X-Forwarded-Proto). */
function streamBase(req: restify.Request): string {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim();
  const secure = forwarded ? forwarded === 'https' : (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? 'wss' : 'ws'}://${req.headers.host}`;
}

export function mountDirectLine(server: restify.Server, options: DirectLineOptions): DirectLine {
  const { config, runTurn, logger } = options;
  const tokens = new TokenIssuer(config.tokenSecret || randomBytes(32).toString('hex'), config.tokenTtlSeconds);
  const store = new ConversationStore(options.limits ?? DEFAULT_TRANSCRIPT_LIMITS);
  const tokenLimiter = new RateLimiter(config.tokensPerMinute, 60_000);
  const enqueue = createTurnQueue((err, conversation) =>
    logger.error({ err, channel: CHANNEL_ID, conversation: loggedConversation(options.hashSalt, CHANNEL_ID, conversation) }, 'direct line turn failed'),
  );
  const sweeper = setInterval(() => store.sweep(), 60 * 60 * 1000);
  sweeper.unref();

  /** The conversation the request's token opens, when it is the one in the URL. */
  async function authorise(req: restify.Request, res: restify.Response, conversationId?: string): Promise<TokenClaims | undefined> {
    const claims = await tokens.verify(bearer(req) ?? '');
    if (!claims || (conversationId !== undefined && claims.conversationId !== conversationId)) {
      sendJsonError(res, 403, 'TokenInvalid', 'the token is missing, expired or for another conversation');
      return undefined;
    }
    return claims;
  }

  const conversationReply = async (req: restify.Request, c: StoredConversation, token: string) => ({
    conversationId: c.id,
    token,
    expires_in: tokens.ttlSeconds,
    streamUrl: `${streamBase(req)}${BASE}/conversations/${encodeURIComponent(c.id)}/stream?t=${encodeURIComponent(token)}`,
  });

  /** Runs the bot for one incoming activity and appends its replies to the transcript. */
  function deliver(c: StoredConversation, incoming: Partial<Activity>): Promise<void | undefined> {
    return enqueue(c.id, async () => {
      const replies = await runTurn({ ...incoming }); // a copy: the bot may normalise what it reads
      store.append(
        c,
        replies.map((r) => ({
          ...r,
          from: BOT,
          recipient: user(c.userId),
          conversation: conversationOf(c.id),
          channelId: CHANNEL_ID,
          replyToId: incoming.id,
        })),
      );
    });
  }

  const base = (userId: string, c: StoredConversation): Partial<Activity> => ({
    channelId: CHANNEL_ID,
    conversation: conversationOf(c.id),
    recipient: BOT,
    from: user(userId),
    serviceUrl: '',
  });

  // A token for the web page: a fresh conversation and an anonymous user id.
  server.post('/api/directline/token', async (req: restify.Request, res: restify.Response) => {
    if (!tokenLimiter.take(options.clientAddressOf(req))) {
      res.setHeader('retry-after', '60');
      sendJsonError(res, 429, 'TooManyTokens', 'too many chat tokens from this address; try again in a minute');
      return;
    }
    const claims = { conversationId: randomUUID(), userId: `dl_${randomUUID()}` };
    res.json({ token: await tokens.issue(claims), expires_in: tokens.ttlSeconds, conversationId: claims.conversationId, userId: claims.userId });
  });

  server.post(`${BASE}/tokens/refresh`, async (req: restify.Request, res: restify.Response) => {
    const claims = await authorise(req, res);
    if (!claims) return;
    res.json({ token: await tokens.issue(claims), expires_in: tokens.ttlSeconds, conversationId: claims.conversationId });
  });

  server.post(`${BASE}/conversations`, async (req: restify.Request, res: restify.Response) => {
    const claims = await authorise(req, res);
    if (!claims) return;
    const c = store.open(claims.conversationId, claims.userId);
    const token = bearer(req)!;
    res.status(c.started ? 200 : 201);
    res.json(await conversationReply(req, c, token));
    if (!c.started) {
      c.started = true;
      const update: Partial<Activity> = { ...base(c.userId, c), type: 'conversationUpdate', id: randomUUID(), membersAdded: [user(c.userId)] };
      void deliver(c, update);
    }
  });

  server.get(`${BASE}/conversations/:id`, async (req: restify.Request, res: restify.Response) => {
    const claims = await authorise(req, res, req.params.id);
    if (!claims) return;
    res.json(await conversationReply(req, store.open(claims.conversationId, claims.userId), bearer(req)!));
  });

  server.get(`${BASE}/conversations/:id/activities`, async (req: restify.Request, res: restify.Response) => {
    const claims = await authorise(req, res, req.params.id);
    if (!claims) return;
    const c = store.open(claims.conversationId, claims.userId);
    const watermark = Number(queryOf(req).get('watermark') ?? 0) || 0;
    res.json({ activities: store.since(c, watermark), watermark: String(store.watermark(c)) });
  });

  server.post(`${BASE}/conversations/:id/activities`, async (req: restify.Request, res: restify.Response) => {
    const claims = await authorise(req, res, req.params.id);
    if (!claims) return;
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      sendJsonError(res, 400, 'BadArgument', 'expected an activity');
      return;
    }
    if (Buffer.byteLength(String(req.rawBody ?? '')) > MAX_ACTIVITY_BYTES) {
      sendJsonError(res, 413, 'ActivityTooLarge', `an activity may have at most ${MAX_ACTIVITY_BYTES} bytes`);
      return;
    }
    const c = store.open(claims.conversationId, claims.userId);
    const sent = body as Partial<Activity>;
    // The user is who the token says, whatever the body claims; Web Chat needs the echo with its channelData.
    const incoming: Partial<Activity> = {
      type: sent.type,
      text: typeof sent.text === 'string' ? sent.text : undefined,
      value: sent.value,
      entities: Array.isArray(sent.entities) ? sent.entities : undefined,
      attachments: Array.isArray(sent.attachments) ? sent.attachments : undefined,
      channelData: sent.channelData,
      locale: typeof sent.locale === 'string' ? sent.locale : undefined,
      ...base(claims.userId, c),
    };
    const [echo] = store.append(c, [incoming]);
    res.json({ id: echo.id });
    void deliver(c, echo);
  });

  server.post(`${BASE}/conversations/:id/upload`, async (req: restify.Request, res: restify.Response) => {
    if (!(await authorise(req, res, req.params.id))) return;
    sendJsonError(res, 415, 'NotSupported', 'file uploads are not accepted');
  });

  // The WebSocket stream: the backlog after the watermark on connect, then every new activity.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_STREAM_PAYLOAD });
  const streams = new Map<StoredConversation, WebSocket[]>();
  options.upgrades.add(STREAM_PATH, async (req, socket, head, url, match) => {
    let id: string;
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      rejectUpgrade(socket, 400);
      return;
    }
    const claims = await tokens.verify(url.searchParams.get('t') ?? bearer(req) ?? '');
    const c = claims && claims.conversationId === id ? store.get(id) : undefined;
    if (!c) {
      rejectUpgrade(socket, 403);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const open = streams.get(c) ?? [];
      while (open.length >= MAX_STREAMS_PER_CONVERSATION) open.shift()?.terminate();
      open.push(ws);
      streams.set(c, open);
      c.onEvict = () => {
        for (const s of streams.get(c) ?? []) s.terminate();
        streams.delete(c);
      };
      const send = (activities: Array<Partial<Activity>>, watermark: number) => {
        if (ws.readyState !== ws.OPEN) return;
        // A client that does not read would make the server hold everything sent to it.
        if (ws.bufferedAmount > MAX_STREAM_BUFFERED) {
          ws.terminate();
          return;
        }
        ws.send(JSON.stringify({ activities, watermark: String(watermark) }));
      };
      const watermark = Number(url.searchParams.get('watermark') ?? 0) || 0;
      const backlog = store.since(c, watermark);
      if (backlog.length > 0) send(backlog, store.watermark(c));
      c.listeners.add(send);
      const forget = () => {
        c.listeners.delete(send);
        const left = (streams.get(c) ?? []).filter((s) => s !== ws);
        if (left.length > 0) streams.set(c, left);
        else streams.delete(c);
      };
      ws.on('close', forget);
      ws.on('error', forget);
    });
  });

  return {
    store,
    tokens,
    close() {
      clearInterval(sweeper);
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
    },
  };
}
