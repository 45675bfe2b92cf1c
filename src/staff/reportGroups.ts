// Messages in the question log that report a problem, grouped by category for staff: the ones
// the bot recognised as reports but the citizen did not register, and unanswered ones that the
// current word lists read as reports. One click turns one into a feedback record.
import type { ReportReader } from '../answer/reports.js';
import type { SignalCategory } from '../knowledge/schema.js';
import type { LoggedQuestion } from '../insights/questionLog.js';

export interface OpenReport {
  question: LoggedQuestion;
  /** The place named in the message, if any. */
  place?: string;
}

export interface ReportGroup {
  category: SignalCategory;
  reports: OpenReport[];
}

/** Unanswered messages read again are the latest this many: the log of a busy year stays cheap to show. */
export const REREAD_LIMIT = 1000;

/** The dismissal key of one logged message (kept with the unanswered groups' keys). */
export const reportKey = (id: string) => `report:${id}`;

export function groupReports(questions: readonly LoggedQuestion[], reader: ReportReader, categories: SignalCategory[], dismissed: ReadonlySet<string> = new Set()): ReportGroup[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const groups = new Map<string, OpenReport[]>();
  const open = questions.filter((q) => !q.registered && !dismissed.has(reportKey(q.id)));
  const unanswered = open.filter((q) => q.reason === 'abstain' || q.reason === 'clarify').slice(-REREAD_LIMIT);
  const add = (categoryId: string, report: OpenReport) => groups.set(categoryId, [...(groups.get(categoryId) ?? []), report]);
  for (const q of open) {
    if (q.reason !== 'report' || !q.category || !byId.has(q.category)) continue;
    const { place } = reader.readText(q.text);
    add(q.category, { question: q, ...(place ? { place } : {}) });
  }
  for (const q of unanswered) {
    const reading = reader.readText(q.text).report;
    if (reading) add(reading.category.id, { question: q, ...(reading.place ? { place: reading.place } : {}) });
  }
  return [...groups]
    .map(([id, reports]) => ({ category: byId.get(id)!, reports: reports.sort((a, b) => b.question.time.localeCompare(a.question.time)) }))
    .sort((a, b) => b.reports.length - a.reports.length || a.category.id.localeCompare(b.category.id));
}
