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
  /**
   * Every logged question, oldest first. The log grows at its end; an erasure or the retention
   * removes entries, so a reader that takes in just the new ones checks that what it saw is still there.
   */
  list(): Promise<readonly LoggedQuestion[]>;
  /**
   * Removes the entries of an erased feedback record (entriesOfRecord); resolves with the hashed
   * conversations they were in, whose transcripts go too.
   */
  eraseRecord(reference: string, conversation: string): Promise<string[]>;
  /** Removes the entries logged before `cutoff` (the retention); resolves with how many. */
  pruneBefore(cutoff: Date): Promise<number>;
  /** Writes what is pending (at stop, and for tests). */
  flush(): Promise<void>;
}

/** The question as it is kept: with its id, time and the conversation's hash. */
export function loggedQuestion(q: NewLoggedQuestion, salt: string, now: Date): LoggedQuestion {
  const { conversationId, id, ...rest } = q;
  return { id: id ?? randomUUID(), time: now.toISOString(), conversation: hashConversation(salt, q.channel, conversationId), ...rest };
}

/**
 * The entries that hold an erased record's words: the one registered as the record, and every entry
 * of its conversation or of the registered entry's (a record staff made from the log carries a hash
 * of the log's conversation hash, so only that entry leads to the citizen's conversation).
 */
export function entriesOfRecord(log: readonly LoggedQuestion[], reference: string, conversation: string): LoggedQuestion[] {
  const conversations = new Set([conversation, ...log.filter((q) => q.registered?.reference === reference).map((q) => q.conversation)]);
  return log.filter((q) => q.registered?.reference === reference || conversations.has(q.conversation));
}
