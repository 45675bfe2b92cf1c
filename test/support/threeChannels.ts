// The real bot (createBot: remembered understanding, the main dialog, the activity handler, the
// in-process adapter) over fresh lowdb stores, and a citizen on each of its three channels: the web
// chat (the Bot Framework activities the self-hosted Direct Line passes on, as Web Chat shows them),
// Viber and Messenger (the messages their renderers make). Each channel says what it shows of a turn
// and what a tap on one of its buttons sends back, as the channel itself would.
import { MemoryStorage, type Activity, type ChannelAccount, type ConversationAccount } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { Assistant } from '../../src/answer/assistant.js';
import { messengerMessagesOf } from '../../src/channels/messenger/messengerChannel.js';
import type { IncomingMessage } from '../../src/channels/message.js';
import { fromPayload, textReplyOf } from '../../src/channels/textReply.js';
import { viberMessagesOf } from '../../src/channels/viber/viberChannel.js';
import { LOCALE, type Lang } from '../../src/common/lang.js';
import { createBot, type Bot } from '../../src/createBot.js';
import { createHarness, type Harness } from './dialogHarness.js';
import { visibleText } from './cards.js';

export const CHANNELS = ['web', 'viber', 'messenger'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** What the citizen does in one turn: types, taps (a button's text or value), or opens the chat. */
export type CitizenInput = { text: string } | { value: unknown } | { start: true };

export interface ShownButton {
  /** The title as the channel shows it (cut to its limit when it had to be). */
  title: string;
  /** What a tap sends back to the bot. */
  sends: CitizenInput;
}

/** One message as the channel shows it. */
export interface ShownMessage {
  text: string;
  buttons: ShownButton[];
  /** On Viber and Messenger: the whole text of the reply this message is a piece of. */
  replyText?: string;
}

export interface ChannelCitizen {
  readonly channel: ChannelName;
  /** Sends one input and resolves with every message of the bot's turn, as this channel shows them. */
  send(input: CitizenInput): Promise<ShownMessage[]>;
}

export interface ThreeChannelBot {
  /** The temporary stores the bot writes to (feedback records among them). */
  harness: Harness;
  /** A new conversation on the channel, with a person whose language (as the channel reports it, if it does) is `lang`. */
  citizen(channel: ChannelName, lang?: Lang): ChannelCitizen;
}

const SENDER = { name: 'Община' };
/** What each channel reports of a person's language: the web page its own locale, Viber the phone's language, Messenger nothing. */
const LOCALE_ON: Record<ChannelName, (lang: Lang) => string | undefined> = { web: (lang) => LOCALE[lang], viber: (lang) => lang, messenger: () => undefined };

/** The bot as app.ts assembles it, over the harness's temporary stores and an in-memory conversation state. */
export async function threeChannelBot(assistant: Assistant): Promise<ThreeChannelBot> {
  const harness = await createHarness(assistant);
  const { questions, ratings, usage, feedback, onFeedbackSaved, accessLimiter, retentionDays, logger } = harness.services;
  const bot = createBot({
    config: { microsoftAppId: '', microsoftAppPassword: '', microsoftAppType: 'MultiTenant', microsoftAppTenantId: '', hashSalt: 'salt', serviceUrlTimeoutSeconds: 10 },
    assistant,
    storage: new MemoryStorage(),
    services: { questions, ratings, usage, feedback, onFeedbackSaved, accessLimiter, retentionDays, logger },
    logger,
  });
  return {
    harness,
    citizen: (channel, lang = 'bg') => (channel === 'web' ? webCitizen(bot, LOCALE_ON.web(lang)) : textCitizen(bot, channel, LOCALE_ON[channel](lang))),
  };
}

/** Web Chat over the self-hosted Direct Line: answers as cards or text, suggested actions, choice cards. */
function webCitizen(bot: Bot, locale: string | undefined): ChannelCitizen {
  const conversationId = randomUUID();
  const user = { id: `dl_${conversationId}` } as ChannelAccount;
  return {
    channel: 'web',
    async send(input) {
      const base: Partial<Activity> = {
        channelId: 'directline',
        id: randomUUID(),
        timestamp: new Date(),
        from: user,
        recipient: { id: 'bot' } as ChannelAccount,
        conversation: { id: conversationId } as ConversationAccount,
        ...(locale ? { locale } : {}),
      };
      const activity: Partial<Activity> = 'start' in input ? { ...base, type: 'conversationUpdate', membersAdded: [user] } : { ...base, type: 'message', ...input };
      return (await bot.runActivity(activity)).filter((a) => a.type === 'message').map(webShown);
    },
  };
}

interface CardAction {
  type: string;
  title?: string;
  data?: unknown;
}

/** An activity as Web Chat shows it: its text or its card's text blocks, and every button a tap of which reaches the bot. */
function webShown(activity: Partial<Activity>): ShownMessage {
  const suggested = (activity.suggestedActions?.actions ?? []).map((a): ShownButton => ({
    title: a.title ?? '',
    // imBack is sent as the citizen's text; postBack as the value.
    sends: a.type === 'imBack' ? { text: String(a.value) } : { value: a.value },
  }));
  const cardActions = (activity.attachments ?? []).flatMap((a) => ((a.content as { actions?: CardAction[] } | undefined)?.actions ?? []));
  // Web Chat sends an Action.Submit whose data is a string as typed text, any other data as the value.
  const submits = cardActions
    .filter((a) => a.type === 'Action.Submit')
    .map((a): ShownButton => ({ title: a.title ?? '', sends: typeof a.data === 'string' ? { text: a.data } : { value: a.data } }));
  return { text: visibleText(activity), buttons: [...submits, ...suggested] };
}

/** Viber or Messenger: the bot's replies through the channel's own renderer; a tap sends its payload back. */
function textCitizen(bot: Bot, channel: 'viber' | 'messenger', locale: string | undefined): ChannelCitizen {
  const userId = randomUUID();
  return {
    channel,
    async send(input) {
      const base: IncomingMessage = {
        channel,
        userId,
        conversationId: `${channel}:${userId}`,
        kind: 'start' in input ? 'start' : 'message',
        id: randomUUID(),
        timestamp: new Date(),
        ...(locale ? { locale } : {}),
      };
      const replies = await bot.runMessage('start' in input ? base : { ...base, ...input });
      return replies.flatMap((view) => {
        const reply = textReplyOf(view);
        if (!reply) return [];
        const button = (title: string, payload: string): ShownButton => ({ title, sends: fromPayload(payload) as CitizenInput });
        return channel === 'viber'
          ? viberMessagesOf(reply, SENDER).map((m) => ({ text: m.text, buttons: (m.keyboard?.Buttons ?? []).map((b) => button(b.Text, b.ActionBody)), replyText: reply.text }))
          : messengerMessagesOf(reply).map((m) => ({ text: m.text, buttons: (m.quick_replies ?? []).map((q) => button(q.title, q.payload)), replyText: reply.text }));
      });
    },
  };
}
