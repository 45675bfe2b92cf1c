// The day by which the municipality must answer a record, by the rule feedback.yaml gives for its
// kind (АПК: 2 months for a proposal or a signal, counted from the day it was received). An
// anonymous proposal or signal is not examined (АПК чл. 111, ал. 4), so it has no due day; a kind
// no rule covers (praise, a complaint about the service) has none either, and neither has a report of a
// matter another body deals with (a category `handled_by: other`): the municipality only forwards it. Pure.
import { addDays, addMonths, sofiaTime, type IsoDate } from '../dates/sofiaTime.js';
import type { FeedbackSettings } from '../knowledge/schema.js';
import type { FeedbackRecord } from './types.js';

export type AnswerDue =
  | { kind: 'due'; date: IsoDate; overdue: boolean }
  /** A proposal or signal without the citizen's name: the law does not examine it. */
  | { kind: 'anonymous' }
  /** No rule sets a deadline for this kind. */
  | { kind: 'none' }
  /** A report of a matter another body deals with: the municipality forwards it and owes no answer of its own. */
  | { kind: 'forwarded' };

const OPEN = new Set(['received', 'in_progress']);

/**
 * `forwarded` holds the ids of the report categories another body deals with (signals/ `handled_by: other`).
 */
export function answerDue(
  record: Pick<FeedbackRecord, 'kind' | 'status' | 'createdAt' | 'contact' | 'anonymisedAt' | 'category'>,
  settings: FeedbackSettings,
  today: IsoDate,
  forwarded: ReadonlySet<string> = new Set(),
): AnswerDue {
  const rule = settings.kinds[record.kind]?.response;
  if (!rule) return { kind: 'none' };
  if (record.category !== undefined && forwarded.has(record.category)) return { kind: 'forwarded' };
  // Erased on request or after closing: the citizen had given a name, so the deadline still stands.
  if (!record.contact && !record.anonymisedAt) return { kind: 'anonymous' };
  const received = sofiaTime(new Date(record.createdAt)).date;
  const date = rule.unit === 'months' ? addMonths(received, rule.amount) : addDays(received, rule.amount);
  return { kind: 'due', date, overdue: OPEN.has(record.status) && today > date };
}

/** Records ordered by due day, the earliest first; those without one after them, newest first. */
export function byDueDate<T extends { due: AnswerDue; record: Pick<FeedbackRecord, 'createdAt'> }>(rows: readonly T[]): T[] {
  const day = (r: T) => (r.due.kind === 'due' ? r.due.date : '9999');
  return [...rows].sort((a, b) => day(a).localeCompare(day(b)) || b.record.createdAt.localeCompare(a.record.createdAt));
}
