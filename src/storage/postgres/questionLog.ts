// The question log in PostgreSQL: each question is a row, written when it is appended (inside a turn,
// with its commit: turnWriter.ts).
import { loggedQuestion, type LoggedQuestion, type NewLoggedQuestion, type QuestionLog } from '../../insights/questionLog.js';
import type { Database } from './database.js';
import { poolWriter, type LogWriter } from './turnWriter.js';
import { storableJson } from '../../common/storableText.js';

export class PostgresQuestionLog implements QuestionLog {
  constructor(
    private readonly db: Database,
    private readonly salt: string,
    private readonly now: () => Date = () => new Date(),
    private readonly write: LogWriter = poolWriter(db),
  ) {}

  async append(q: NewLoggedQuestion): Promise<LoggedQuestion> {
    const record = loggedQuestion(q, this.salt, this.now());
    await this.write('INSERT INTO unanswered_questions (id, question) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO NOTHING', [record.id, storableJson(record)]);
    return record;
  }

  async markRegistered(id: string, reference: string): Promise<void> {
    const registered = { reference, at: this.now().toISOString() };
    // Through the same writer as append: inside a turn, after the question's own row.
    await this.write("UPDATE unanswered_questions SET question = jsonb_set(question, '{registered}', $2::jsonb) WHERE id = $1", [id, storableJson(registered)]);
  }

  async list(): Promise<readonly LoggedQuestion[]> {
    const { rows } = await this.db.query<{ question: LoggedQuestion }>('SELECT question FROM unanswered_questions ORDER BY position');
    return rows.map((r) => r.question);
  }

  async eraseRecord(reference: string, conversation: string): Promise<string[]> {
    // One statement: the entries of entriesOfRecord (insights/questionLog.ts), and their conversations.
    const { rows } = await this.db.query<{ conversation: string }>(
      `WITH registered AS (SELECT question->>'conversation' AS conversation FROM unanswered_questions WHERE question->'registered'->>'reference' = $1)
       DELETE FROM unanswered_questions
       WHERE question->'registered'->>'reference' = $1 OR question->>'conversation' = $2 OR question->>'conversation' IN (SELECT conversation FROM registered)
       RETURNING question->>'conversation' AS conversation`,
      [reference, conversation],
    );
    return [...new Set(rows.map((r) => r.conversation))];
  }

  async pruneBefore(cutoff: Date): Promise<number> {
    // Times are ISO strings in UTC, so they compare as text.
    const { rowCount } = await this.db.query("DELETE FROM unanswered_questions WHERE question->>'time' < $1", [cutoff.toISOString()]);
    return rowCount ?? 0;
  }

  /** Nothing is pending: every append is written before it resolves, or with its turn's commit. */
  async flush(): Promise<void> {}
}
