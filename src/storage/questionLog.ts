// The question log in a lowdb file, written behind: an append is in memory at once and reaches
// the file within a second.
import type { Low } from 'lowdb';
import { entriesOfRecord, loggedQuestion, type LoggedQuestion, type NewLoggedQuestion, type QuestionLog } from '../insights/questionLog.js';
import { openJsonStore } from './jsonStore.js';
import { WriteBehind } from './writeBehind.js';

export interface QuestionsFile {
  questions: LoggedQuestion[];
}

export class LowdbQuestionLog implements QuestionLog {
  private readonly writer: WriteBehind;

  private constructor(
    private readonly db: Low<QuestionsFile>,
    private readonly salt: string,
    private readonly now: () => Date,
  ) {
    this.writer = new WriteBehind(db);
  }

  static async open(file: string, salt: string, now: () => Date = () => new Date()): Promise<LowdbQuestionLog> {
    return new LowdbQuestionLog(await openJsonStore<QuestionsFile>(file, { questions: [] }), salt, now);
  }

  async append(q: NewLoggedQuestion): Promise<LoggedQuestion> {
    const record = loggedQuestion(q, this.salt, this.now());
    this.db.data.questions.push(record);
    this.writer.schedule(); // written within a second (write-behind)
    return record;
  }

  async markRegistered(id: string, reference: string): Promise<void> {
    const q = this.db.data.questions.find((x) => x.id === id);
    if (!q) return;
    q.registered = { reference, at: this.now().toISOString() };
    this.writer.schedule();
  }

  async eraseRecord(reference: string, conversation: string): Promise<string[]> {
    const erased = new Set(entriesOfRecord(this.db.data.questions, reference, conversation));
    if (erased.size === 0) return [];
    this.db.data.questions = this.db.data.questions.filter((q) => !erased.has(q));
    this.writer.schedule();
    await this.writer.flush(); // an erasure is on disk when the clerk is told it is done
    return [...new Set([...erased].map((q) => q.conversation))];
  }

  async pruneBefore(cutoff: Date): Promise<number> {
    const at = cutoff.toISOString();
    // Appended in time order: the entries to prune are at the front.
    const keepFrom = this.db.data.questions.findIndex((q) => q.time >= at);
    const pruned = keepFrom === -1 ? this.db.data.questions.length : keepFrom;
    if (pruned === 0) return 0;
    this.db.data.questions = this.db.data.questions.slice(pruned);
    this.writer.schedule();
    return pruned;
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  async list(): Promise<readonly LoggedQuestion[]> {
    return this.db.data.questions;
  }
}
