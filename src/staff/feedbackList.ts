// The feedback list as a clerk asked for it, from the records the store filtered: those about the
// place asked for, newest first or by the day the answer is due, and grouped by category, place or
// status with the largest group first. The page and the CSV export both take it from here. Pure:
// what a place's words are comes from the caller (ReportReader).
import { byDueDate, type AnswerDue } from '../feedback/answerDue.js';
import type { FeedbackRecord, FeedbackStatus } from '../feedback/types.js';
import type { SignalCategory } from '../knowledge/schema.js';
import { canonical, tokenize } from '../search/canonical.js';
import type { FeedbackGrouping, FeedbackListQuery } from './feedbackQuery.js';

export interface ListedRecord {
  record: FeedbackRecord;
  due: AnswerDue;
}

export interface RecordGroup<T> {
  key: string;
  label: string;
  rows: T[];
}

/** How groups are named. */
export interface GroupNaming {
  categoryTitle(id: string): string;
  statusName(status: FeedbackStatus): string;
  /** The words that name a place, as typed, each with its key (ReportReader.placeWords). */
  placeWords(location: string): Array<{ word: string; key: string }>;
  noCategory: string;
  noPlace: string;
}

/** What the list needs beside the records and the query. */
export interface ListContext {
  /** The day each record's answer is due. */
  due(record: FeedbackRecord): AnswerDue;
  naming: GroupNaming;
  /** Whether a word only says what kind of place it is (ReportReader.isPlaceMarker). */
  isPlaceMarker(word: string): boolean;
}

export interface FeedbackList {
  /** The records in the order shown: group after group when grouped. */
  rows: ListedRecord[];
  grouped?: { by: FeedbackGrouping; groups: Array<RecordGroup<ListedRecord>> };
}

/** A category's title as the console shows it; the id of one no longer in the knowledge. */
export const categoryTitleOf =
  (signals: readonly SignalCategory[]) =>
  (id: string): string =>
    signals.find((c) => c.id === id)?.title.bg ?? id;

/**
 * Whether a place has every word asked for, in any script, spelling and case, each word the start
 * of one of the place's ("ул. Рила" and "Rila" find "улица „Рила“ 12"); a number must be the place's
 * number. Words that only say what kind of place it is ("улица", "кв.") are not asked for when a
 * name is, so "улица Рила" finds "ул. Рила" too.
 */
export function placeMatches(location: string | undefined, asked: string, isPlaceMarker: (word: string) => boolean): boolean {
  const words = tokenize(asked);
  const named = words.filter((w) => !isPlaceMarker(w));
  const wanted = (named.length ? named : words).map(canonical);
  if (wanted.length === 0) return true;
  const have = tokenize(location ?? '').map(canonical);
  return wanted.every((w) => have.some((word) => (/^\d+$/.test(w) ? word === w : word.startsWith(w))));
}

/** Each record's group, its key and its name. */
function groupOf(record: FeedbackRecord, by: FeedbackGrouping, naming: GroupNaming): { key: string; label: string } {
  if (by === 'status') return { key: record.status, label: naming.statusName(record.status) };
  if (by === 'category') return record.category ? { key: record.category, label: naming.categoryTitle(record.category) } : { key: '', label: naming.noCategory };
  const words = record.location ? naming.placeWords(record.location) : [];
  if (words.length === 0) return { key: '', label: naming.noPlace };
  // The same words in any order are the same place; the group is named as its first record typed it.
  return { key: words.map((w) => w.key).sort().join(' '), label: words.map((w) => w.word).join(' ') };
}

/** Rows in groups, the largest first (then by name); within a group in the order given. */
export function groupRecords<T extends { record: FeedbackRecord }>(rows: readonly T[], by: FeedbackGrouping, naming: GroupNaming): Array<RecordGroup<T>> {
  const groups = new Map<string, RecordGroup<T>>();
  for (const row of rows) {
    const { key, label } = groupOf(row.record, by, naming);
    const group = groups.get(key);
    if (group) group.rows.push(row);
    else groups.set(key, { key, label, rows: [row] });
  }
  return [...groups.values()].sort((a, b) => b.rows.length - a.rows.length || a.label.localeCompare(b.label, 'bg'));
}

/** `records` as the store gives them: filtered, in the order made. */
export function listFeedback(records: readonly FeedbackRecord[], query: Pick<FeedbackListQuery, 'place' | 'sort' | 'group'>, context: ListContext): FeedbackList {
  const { place, sort, group } = query;
  const found = [...records].reverse().filter((r) => place === undefined || placeMatches(r.location, place, context.isPlaceMarker));
  const rows = found.map((record) => ({ record, due: context.due(record) }));
  const ordered = sort === 'due' ? byDueDate(rows) : rows;
  if (!group) return { rows: ordered };
  const groups = groupRecords(ordered, group, context.naming);
  return { rows: groups.flatMap((g) => g.rows), grouped: { by: group, groups } };
}
