// What the bot read from a citizen's message that reports a problem: the category, how sure it
// is, the words that made it so and the place named. Made by answer/reports.ts, shown by
// render/reportView.ts, and carried into the feedback dialog.
import type { FeedbackKind, SignalCategory } from '../knowledge/schema.js';

/** What in a message made it a report: the phrases found, by the role they play. */
export interface ReportEvidence {
  reports: string[];
  objects: string[];
  faults: string[];
  requests: string[];
  complaints: string[];
  durations: string[];
  /** The message also names a kind of feedback ("сигнал", "жалба"). */
  kindWord: boolean;
  /** The kinds of narrative cue that made it a report of the fallback category, when no category named it. */
  narrative?: string[];
}

/**
 * How sure the bot is that a message reports a problem:
 * - `strong`: a report phrase, or an object with a fault typical of its category, a request to act
 *   or a word of indignation;
 * - `weak`: an object with only a general fault, a duration ("опасно дърво", "от два месеца") or a
 *   word of a complaint or signal, which a question about a service may share ("искам да отсека
 *   опасно дърво в двора"); and anything about the citizen's own yard or plot.
 */
export type ReportStrength = 'strong' | 'weak';

export interface ReportReading {
  category: SignalCategory;
  /** The kind the message names ("предложение", "благодаря"), else the category's (a signal, a complaint). */
  kind: FeedbackKind;
  strength: ReportStrength;
  evidence: ReportEvidence;
  /** The place named in the message ("ул. „Рила“ 5"), if any. */
  place?: string;
}
