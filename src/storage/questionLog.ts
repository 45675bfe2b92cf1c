// The question log in a lowdb file, written behind: an append is in memory at once and reaches
// the file within a second.
import type { Low } from 'lowdb';
import { loggedQuestion, type LoggedQuestion, type NewLoggedQuestion, type QuestionLog } from '../insights/questionLog.js';
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

  flush(): Promise<void> {
    return this.writer.flush();
  }

  async list(): Promise<readonly LoggedQuestion[]> {
    return this.db.data.questions;
  }
}
