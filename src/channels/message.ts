// What the project's text channels (Viber, Messenger) exchange with the bot, free of any bot
// framework: an incoming message in the channel's own terms, and the channel-neutral replies
// (render/answerView.ts) that each channel renders its own way.
import type { AnswerView } from '../render/answerView.js';

export interface IncomingMessage {
  channel: string;
  /** The person, in the channel's own ids. */
  userId: string;
  conversationId: string;
  /** 'start': a newcomer opened the conversation (Viber's conversation_started, Messenger's Get Started). */
  kind: 'message' | 'start';
  /** The channel's id of the message, for logs and de-duplication. */
  id?: string;
  timestamp?: Date;
  /** The person's language as the channel reports it ("bg", "en-GB"). */
  locale?: string;
  text?: string;
  /** A tapped button's value. */
  value?: unknown;
  /** A shared location, with the address the channel read for it when it gives one. */
  location?: { lat: number; lon: number; address?: string };
}

/** One reply of the bot: the same view the web chat renders as a card. */
export type Reply = AnswerView;

/** Runs the bot for one message and resolves with its replies, in order. */
export type MessageRunner = (message: IncomingMessage) => Promise<Reply[]>;
