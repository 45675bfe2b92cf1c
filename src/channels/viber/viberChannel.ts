// Viber: the webhook at POST /api/viber. Every call must carry a valid X-Viber-Content-Signature.
// A message becomes an incoming message for the bot, which runs in-process, and its replies go
// back through send_message as text with a reply keyboard. Viber only needs a quick 200, so a message's
// turn runs after the answer, one turn at a time per user (a turn reads and writes that user's
// conversation state). The welcome for conversation_started travels in the response body, the
// one message Viber lets a bot send to someone who has not written yet. An event naming a user whose
// id is not a plain string is refused with 400; one older than the window (config) is acknowledged
// with 200, since Viber resends what is not, but not answered.
import type * as restify from 'restify';
import { isPlainId } from '../../common/activityIdentity.js';
import type { ViberConfig } from '../../config/config.js';
import { sendJsonError } from '../../http/jsonError.js';
import type { Logger } from '../../common/logger.js';
import { isFreshEvent } from '../eventAge.js';
import type { IncomingMessage, MessageRunner, Reply } from '../message.js';
import { createRedeliveryFilter, type RedeliveryFilter } from '../redeliveries.js';
import { createTurnQueue, type RunningTurns } from '../turnQueue.js';
import { fromPayload, layOut, shorten, textReplyOf, type TextReply } from '../textReply.js';
import { ViberApi, ViberApiError, type ViberKeyboard, type ViberSender, type ViberTextMessage } from './viberApi.js';
import { isValidViberSignature } from './viberSignature.js';

export const VIBER_PATH = '/api/viber';
/** Viber's longest text message. */
export const VIBER_TEXT_MAX = 7000;
/** Viber's most buttons in one keyboard; the rest are listed in the text. */
export const VIBER_BUTTONS_MAX = 24;
const ACTION_BODY_MAX = 4096;
/** A full-width button shows one line of about this many characters. */
export const VIBER_BUTTON_TEXT_MAX = 40;
const SENDER_NAME_MAX = 28;
const MIN_API_VERSION = 7;
const CHANNEL_ID = 'viber';

interface ViberUser {
  /** A string from Viber; anything else is refused before it is used. */
  id?: unknown;
  language?: string;
}

/** The fields of Viber's callbacks that the bot reads. */
interface ViberEvent {
  event?: string;
  timestamp?: number;
  message_token?: number | string;
  /** message */
  sender?: ViberUser;
  /** conversation_started, subscribed */
  user?: ViberUser;
  message?: { type?: string; text?: string; location?: { lat?: unknown; lon?: unknown; address?: unknown } };
  desc?: string;
}

const VIBER_LIMITS = { textMax: VIBER_TEXT_MAX, buttonsMax: VIBER_BUTTONS_MAX, titleMax: VIBER_BUTTON_TEXT_MAX, payloadMax: ACTION_BODY_MAX };

/** One reply as Viber text messages: split to Viber's limit, the keyboard on the last piece. */
export function viberMessagesOf(reply: TextReply, sender: ViberSender): ViberTextMessage[] {
  const { pieces, buttons } = layOut(reply, VIBER_LIMITS);
  const keyboard: ViberKeyboard | undefined =
    buttons.length > 0
      ? {
          Type: 'keyboard',
          DefaultHeight: false,
          Buttons: buttons.map((b) => ({
            ActionType: 'reply',
            ActionBody: b.payload,
            Text: b.label,
            Columns: 6,
            Rows: 1,
            // A JSON payload would otherwise show up in the chat as the citizen's message.
            ...(fromPayload(b.payload).value !== undefined ? { Silent: true } : {}),
          })),
        }
      : undefined;
  return pieces.map((piece, i) => ({
    min_api_version: MIN_API_VERSION,
    sender,
    type: 'text',
    text: piece,
    ...(keyboard && i === pieces.length - 1 ? { keyboard } : {}),
  }));
}

/** Viber's message token as text; undefined when there is none or it is not a number or a string. */
function tokenOf(event: ViberEvent): string | undefined {
  const token = event.message_token;
  return typeof token === 'number' || isPlainId(token) ? String(token) : undefined;
}

function baseMessage(user: ViberUser & { id: string }, event: ViberEvent): Omit<IncomingMessage, 'kind'> {
  const token = tokenOf(event);
  return {
    channel: CHANNEL_ID,
    userId: user.id,
    conversationId: `viber:${user.id}`,
    ...(token !== undefined ? { id: token } : {}),
    timestamp: typeof event.timestamp === 'number' ? new Date(event.timestamp) : new Date(),
    ...(typeof user.language === 'string' && user.language ? { locale: user.language } : {}),
  };
}

/** A message event as a message for the bot; undefined when it names no user. */
function incomingOf(event: ViberEvent): IncomingMessage | undefined {
  const user = event.sender;
  if (!isPlainId(user?.id) || !event.message) return undefined;
  const base: IncomingMessage = { ...baseMessage({ ...user, id: user.id }, event), kind: 'message' };
  const { type, text, location } = event.message;
  if (type === 'location' && typeof location?.lat === 'number' && typeof location.lon === 'number') {
    // The address Viber read for the pin is what staff can find the place by; the coordinates back it up.
    const address = typeof location.address === 'string' ? location.address.trim() : '';
    return { ...base, location: { lat: location.lat, lon: location.lon, ...(address ? { address } : {}) } };
  }
  // A tapped keyboard button arrives as text equal to its ActionBody.
  if (type === 'text' && typeof text === 'string') return { ...base, ...fromPayload(text) };
  return base; // pictures, stickers, files: no text, and the bot says what it can read
}

function conversationStartedOf(event: ViberEvent): IncomingMessage | undefined {
  const user = event.user;
  if (!isPlainId(user?.id)) return undefined;
  return { ...baseMessage({ ...user, id: user.id }, event), kind: 'start' };
}

/** A message or a welcome is answered only when its event is recent; a stale one is logged by its kind and age only. */
function isFreshOrLogged(event: ViberEvent, maxAgeMs: number, logger: Logger): boolean {
  const now = Date.now();
  if (isFreshEvent(event.timestamp, now, maxAgeMs)) return true;
  const ageSeconds = typeof event.timestamp === 'number' ? Math.round((now - event.timestamp) / 1000) : undefined;
  logger.warn({ channel: CHANNEL_ID, event: event.event, ageSeconds }, 'viber event outside the time window acknowledged, not answered');
  return false;
}

/** The body as an event; undefined when it is not an object, or names a user whose id is not a plain string (it becomes the conversation's key). */
function viberEventOf(body: unknown): ViberEvent | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const event = body as ViberEvent;
  const named = event.event === 'message' ? event.sender : event.user;
  return named?.id === undefined || isPlainId(named.id) ? event : undefined;
}

export function mountViber(server: restify.Server, runMessage: MessageRunner, config: ViberConfig, logger: Logger, redeliveries: RedeliveryFilter = createRedeliveryFilter()): RunningTurns {
  const api = new ViberApi(config);
  const sender: ViberSender = { name: shorten(config.botName, SENDER_NAME_MAX), ...(config.botAvatar ? { avatar: config.botAvatar } : {}) };
  const enqueue = createTurnQueue((err) => logger.error({ err, channel: CHANNEL_ID }, 'viber turn failed'));
  const isFresh = (event: ViberEvent) => isFreshOrLogged(event, config.maxEventAgeSeconds * 1000, logger);

  const messagesOf = (replies: Reply[]): ViberTextMessage[] =>
    replies.flatMap((view) => {
      const reply = textReplyOf(view);
      return reply ? viberMessagesOf(reply, sender) : [];
    });

  /** Sends in order; stops at the first failure so that later pieces never arrive without earlier ones. */
  const deliver = async (receiver: string, messages: ViberTextMessage[]): Promise<void> => {
    for (const message of messages) {
      try {
        await api.sendMessage(receiver, message);
      } catch (err) {
        if (err instanceof ViberApiError) logger.warn({ channel: CHANNEL_ID, status: err.status, statusMessage: err.statusMessage }, 'viber send_message failed');
        else logger.error({ err, channel: CHANNEL_ID }, 'viber send_message failed');
        return;
      }
    }
  };

  server.post(VIBER_PATH, async (req: restify.Request, res: restify.Response) => {
    const rawBody: unknown = req.rawBody;
    const signature = req.header('x-viber-content-signature') || undefined;
    if (!isValidViberSignature(typeof rawBody === 'string' ? rawBody : undefined, signature, config.authToken)) {
      logger.warn({ channel: CHANNEL_ID, signed: Boolean(signature) }, 'viber call refused: missing or wrong signature');
      sendJsonError(res, 401, 'InvalidSignature', 'missing or wrong X-Viber-Content-Signature');
      return;
    }
    const event = viberEventOf(req.body);
    if (!event) {
      sendJsonError(res, 400, 'BadRequest', 'expected a JSON Viber event, whose user id (if any) is a non-empty string');
      return;
    }

    switch (event.event) {
      case 'message': {
        res.send(200);
        if (!isFresh(event)) return;
        const message = incomingOf(event);
        if (!message) return;
        const receiver = message.userId;
        const id = message.id === undefined ? undefined : `${message.userId}:${message.id}`;
        // Checked in the user's queue, so the user's messages keep their order however long the check takes.
        void enqueue(receiver, async () => {
          if (await redeliveries.isFirst(id)) await deliver(receiver, messagesOf(await runMessage(message)));
        });
        return;
      }
      case 'conversation_started': {
        const started = isFresh(event) ? conversationStartedOf(event) : undefined;
        if (!started) {
          res.send(200);
          return;
        }
        const receiver = started.userId;
        let messages: ViberTextMessage[] = [];
        await enqueue(receiver, async () => {
          messages = messagesOf(await runMessage(started));
        });
        const [welcome, ...more] = messages;
        if (welcome) res.json(welcome);
        else res.send(200);
        if (more.length > 0) void enqueue(receiver, () => deliver(receiver, more));
        return;
      }
      case 'subscribed':
      case 'unsubscribed':
        logger.info({ channel: CHANNEL_ID, event: event.event }, `viber user ${event.event}`);
        res.send(200);
        return;
      case 'failed':
        logger.debug({ channel: CHANNEL_ID, desc: event.desc }, 'viber reports a message not delivered');
        res.send(200);
        return;
      default:
        // webhook (Viber's check of the URL), delivered, seen, and events added later
        res.send(200);
    }
  });
  return { settled: () => enqueue.settled() };
}
