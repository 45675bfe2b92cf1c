// Facebook Messenger: the webhook at /api/messenger. GET answers Meta's verification with the
// configured verify token; every POST must carry a valid X-Hub-Signature-256. Messages, quick-reply
// taps and postbacks become incoming messages for the bot, which runs in-process, and its replies go
// back through the Send API as text with quick replies. Meta only needs a quick 200, so the turns
// run after the answer, one turn at a time per person (a turn reads and writes their state). A body
// with an event whose sender id is not a plain string is refused with 400; an event older than the
// window (config) is acknowledged with the rest, since Meta resends what is not, but not answered.
import type * as restify from 'restify';
import { isPlainId } from '../../common/activityIdentity.js';
import type { MessengerConfig } from '../../config/config.js';
import { sendJsonError } from '../../http/jsonError.js';
import type { Logger } from '../../common/logger.js';
import { isFreshEvent } from '../eventAge.js';
import type { IncomingMessage, MessageRunner, Reply } from '../message.js';
import { createRedeliveryFilter, type RedeliveryFilter } from '../redeliveries.js';
import { createTurnQueue, type RunningTurns } from '../turnQueue.js';
import { fromPayload, layOut, textReplyOf, type TextReply } from '../textReply.js';
import { GraphApiError, MessengerApi, type MessengerMessage } from './messengerApi.js';
import { isValidMessengerSignature, sameSecret } from './messengerSignature.js';

export const MESSENGER_PATH = '/api/messenger';
/** Messenger's longest text message. */
export const MESSENGER_TEXT_MAX = 2000;
/** Messenger's most quick replies on one message; the rest are listed in the text. */
export const QUICK_REPLIES_MAX = 13;
export const QUICK_REPLY_TITLE_MAX = 20;
const QUICK_REPLY_PAYLOAD_MAX = 1000;
const CHALLENGE_MAX = 1000;
const CHANNEL_ID = 'messenger';
/**
 * The payload of the Page's "Get Started" button (README): its tap gets the same welcome as Viber's
 * conversation_started. "Здравейте" is what the README asked for before, so Pages set up then work too.
 */
export const GET_STARTED_PAYLOADS: ReadonlySet<string> = new Set(['GET_STARTED', 'Здравейте']);

/** The fields of one messaging event that the bot reads. */
interface MessagingEvent {
  /** A string from Meta; anything else is refused before it is used. */
  sender?: { id?: unknown };
  recipient?: { id?: string };
  timestamp?: number;
  message?: {
    mid?: string;
    text?: string;
    is_echo?: boolean;
    quick_reply?: { payload?: string };
    attachments?: Array<{ type?: string; payload?: { coordinates?: { lat?: unknown; long?: unknown } } }>;
  };
  postback?: { mid?: string; payload?: string };
}

interface WebhookBody {
  object?: string;
  entry?: Array<{ time?: number; messaging?: MessagingEvent[] }>;
}

/** Every messaging event of the body, with the time of its entry. */
function eventsOf(body: WebhookBody): Array<{ event: MessagingEvent; entryTime: unknown }> {
  return (Array.isArray(body.entry) ? body.entry : []).flatMap((entry) =>
    (typeof entry === 'object' && entry !== null && Array.isArray(entry.messaging) ? entry.messaging : []).map((event) => ({ event, entryTime: entry.time })),
  );
}

const MESSENGER_LIMITS = { textMax: MESSENGER_TEXT_MAX, buttonsMax: QUICK_REPLIES_MAX, titleMax: QUICK_REPLY_TITLE_MAX, payloadMax: QUICK_REPLY_PAYLOAD_MAX };

/** One reply as Messenger messages: split to Messenger's limit, the quick replies on the last piece. */
export function messengerMessagesOf(reply: TextReply): MessengerMessage[] {
  const { pieces, buttons } = layOut(reply, MESSENGER_LIMITS);
  return pieces.map((piece, i) => ({
    text: piece,
    ...(buttons.length > 0 && i === pieces.length - 1 ? { quick_replies: buttons.map((b) => ({ content_type: 'text' as const, title: b.label, payload: b.payload })) } : {}),
  }));
}

/** A messaging event as a message for the bot; undefined for echoes, deliveries, reads and the like. */
function incomingOf(event: MessagingEvent): IncomingMessage | undefined {
  const psid = event.sender?.id;
  const { message, postback } = event;
  if (!isPlainId(psid) || (!message && !postback) || message?.is_echo) return undefined;
  const mid = [message?.mid, postback?.mid].find(isPlainId);
  const base: IncomingMessage = {
    channel: CHANNEL_ID,
    userId: psid,
    conversationId: `messenger:${psid}`,
    kind: 'message',
    ...(mid ? { id: mid } : {}),
    timestamp: typeof event.timestamp === 'number' ? new Date(event.timestamp) : new Date(),
  };
  // The first tap of a newcomer: the welcome, as for a member joining any other channel.
  if (postback && GET_STARTED_PAYLOADS.has(postback.payload ?? '')) return { ...base, kind: 'start' };
  if (postback) return typeof postback.payload === 'string' ? { ...base, ...fromPayload(postback.payload) } : base;
  if (typeof message?.quick_reply?.payload === 'string') return { ...base, ...fromPayload(message.quick_reply.payload) };
  const coordinates = message?.attachments?.find((a) => a.type === 'location')?.payload?.coordinates;
  if (typeof coordinates?.lat === 'number' && typeof coordinates.long === 'number') return { ...base, location: { lat: coordinates.lat, lon: coordinates.long } };
  // Typed text; pictures, stickers and files carry none, and the bot says what it can read.
  return typeof message?.text === 'string' ? { ...base, text: message.text } : base;
}

export function mountMessenger(server: restify.Server, runMessage: MessageRunner, config: MessengerConfig, logger: Logger, redeliveries: RedeliveryFilter = createRedeliveryFilter()): RunningTurns {
  const api = new MessengerApi(config);
  const enqueue = createTurnQueue((err) => logger.error({ err, channel: CHANNEL_ID }, 'messenger turn failed'));
  const maxAgeMs = config.maxEventAgeSeconds * 1000;

  /** Sends in order; stops at the first failure so that later pieces never arrive without earlier ones. */
  const deliver = async (psid: string, replies: Reply[]): Promise<void> => {
    for (const view of replies) {
      const reply = textReplyOf(view);
      for (const message of reply ? messengerMessagesOf(reply) : []) {
        try {
          await api.sendMessage(psid, message);
        } catch (err) {
          if (err instanceof GraphApiError) logger.warn({ channel: CHANNEL_ID, status: err.status, code: err.code, graphMessage: err.graphMessage }, 'messenger send failed');
          else logger.error({ err, channel: CHANNEL_ID }, 'messenger send failed');
          return;
        }
      }
    }
  };

  server.get(MESSENGER_PATH, async (req: restify.Request, res: restify.Response) => {
    const query = new URLSearchParams(req.getQuery());
    const challenge = query.get('hub.challenge') ?? '';
    if (query.get('hub.mode') !== 'subscribe' || !sameSecret(query.get('hub.verify_token'), config.verifyToken) || challenge.length > CHALLENGE_MAX) {
      logger.warn({ channel: CHANNEL_ID }, 'messenger webhook verification refused');
      sendJsonError(res, 403, 'VerificationFailed', 'hub.mode or hub.verify_token does not match');
      return;
    }
    logger.info({ channel: CHANNEL_ID }, 'messenger webhook verified');
    res.sendRaw(200, challenge, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  });

  server.post(MESSENGER_PATH, async (req: restify.Request, res: restify.Response) => {
    const rawBody: unknown = req.rawBody;
    const signature = req.header('x-hub-signature-256') || undefined;
    if (!isValidMessengerSignature(typeof rawBody === 'string' ? rawBody : undefined, signature, config.appSecret)) {
      logger.warn({ channel: CHANNEL_ID, signed: Boolean(signature) }, 'messenger call refused: missing or wrong signature');
      sendJsonError(res, 401, 'InvalidSignature', 'missing or wrong X-Hub-Signature-256');
      return;
    }
    const body = req.body as WebhookBody | undefined;
    if (typeof body !== 'object' || body === null || body.object !== 'page') {
      sendJsonError(res, 404, 'NotFound', 'expected a page webhook event');
      return;
    }
    const events = eventsOf(body);
    // A sender id becomes the conversation's key: only a plain string may.
    if (events.some(({ event }) => typeof event !== 'object' || event === null || (event.sender?.id !== undefined && !isPlainId(event.sender.id)))) {
      sendJsonError(res, 400, 'InvalidActivity', 'every sender id must be a non-empty string');
      return;
    }
    res.send(200);
    const now = Date.now();
    for (const { event, entryTime } of events) {
      const message = incomingOf(event);
      if (!message) continue; // echoes, deliveries, reads
      const time = event.timestamp ?? entryTime;
      if (!isFreshEvent(time, now, maxAgeMs)) {
        const ageSeconds = typeof time === 'number' ? Math.round((now - time) / 1000) : undefined;
        logger.warn({ channel: CHANNEL_ID, ageSeconds }, 'messenger event outside the time window acknowledged, not answered');
        continue;
      }
      // Checked in the user's queue (so the user's messages keep their order); a repeat is one Meta sent again.
      void enqueue(message.userId, async () => {
        if (await redeliveries.isFirst(message.id)) await deliver(message.userId, await runMessage(message));
      });
    }
  });
  return { settled: () => enqueue.settled() };
}
