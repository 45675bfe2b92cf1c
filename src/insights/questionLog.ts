// Questions the bot could not answer outright, for staff to review: what was asked, in which
// language and channel, and what the bot considered. The conversation is identified only by a
// salted hash, never by user ids. Storage implements the log (lowdb file or PostgreSQL).
import { randomUUID } from 'node:crypto';
import { hashConversation } from '../common/conversationHash.js';

/** Why a message is in the log: the bot abstained, asked "did you mean", or recognised a problem report. */
export type LogReason = 'abstain' | 'clarify' | 'feedback' | 'report';

export interface LoggedQuestion {
  id: string;
  time: string;
  text: string;
  lang: string;
  channel: string;
  conversation: string;
  reason: LogReason;
  candidates: Array<{ id: string; score: number; coverage: number }>;
  /** For a report: the category the bot recognised (signals/). */
  category?: string;
  /** Set once the message became a feedback record, by the citizen or by staff. */
  registered?: { reference: string; at: string };
}

/** A question to log; its id may be chosen beforehand (an offer in the reply names it before it is written). */
export type NewLoggedQuestion = Omit<LoggedQuestion, 'id' | 'time' | 'conversation' | 'registered'> & { conversationId: string; id?: string };

export interface QuestionLog {
  append(q: NewLoggedQuestion): Promise<LoggedQuestion>;
  /** Marks a logged message as registered as a feedback record, so staff no longer see it as open. */
  markRegistered(id: string, reference: string): Promise<void>;
  /** Every logged question, oldest first (the log only grows, so a reader may take in just the new ones). */
  list(): Promise<readonly LoggedQuestion[]>;
  /** Writes what is pending (at stop, and for tests). */
  flush(): Promise<void>;
}

/** The question as it is kept: with its id, time and the conversation's hash. */
export function loggedQuestion(q: NewLoggedQuestion, salt: string, now: Date): LoggedQuestion {
  const { conversationId, id, ...rest } = q;
  return { id: id ?? randomUUID(), time: now.toISOString(), conversation: hashConversation(salt, q.channel, conversationId), ...rest };
}
