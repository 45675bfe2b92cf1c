// Questions the bot could not answer outright, for staff to review: what was
// asked, in which language and channel, and what the bot considered. The
// conversation is identified only by a salted hash, never by user ids.
import { createHash, randomUUID } from 'node:crypto';
import type { Low } from 'lowdb';
import { openJsonStore } from './jsonStore.js';
import { WriteBehind } from './writeBehind.js';

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

export function hashConversation(salt: string, channel: string, conversationId: string): string {
  return createHash('sha256').update(`${salt}\u0000${channel}\u0000${conversationId}`).digest('hex').slice(0, 16);
}

export class QuestionLog {
  private readonly writer: WriteBehind;

  private constructor(
    private readonly db: Low<{ questions: LoggedQuestion[] }>,
    private readonly salt: string,
    private readonly now: () => Date,
  ) {
    this.writer = new WriteBehind(db);
  }

  static async open(file: string, salt: string, now: () => Date = () => new Date()): Promise<QuestionLog> {
    return new QuestionLog(await openJsonStore(file, { questions: [] as LoggedQuestion[] }), salt, now);
  }

  async append(q: NewLoggedQuestion): Promise<LoggedQuestion> {
    const { conversationId, id, ...rest } = q;
    const record: LoggedQuestion = {
      id: id ?? randomUUID(),
      time: this.now().toISOString(),
      conversation: hashConversation(this.salt, q.channel, conversationId),
      ...rest,
    };
    this.db.data.questions.push(record);
    this.writer.schedule(); // written within a second (write-behind)
    return record;
  }

  /** Marks a logged message as registered as a feedback record, so staff no longer see it as open. */
  async markRegistered(id: string, reference: string): Promise<void> {
    const q = this.db.data.questions.find((x) => x.id === id);
    if (!q) return;
    q.registered = { reference, at: this.now().toISOString() };
    this.writer.schedule();
  }

  /** Writes what is pending (at stop, and for tests). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  list(): readonly LoggedQuestion[] {
    return this.db.data.questions;
  }
}
