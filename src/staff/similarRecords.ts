// Open records that report the same thing, so that a clerk sees them together and answers them
// once: in the same category (or of the same kind, without one), about the same street or place,
// or, where one names no place, described in nearly the same words. Pure: the words of a place and of a text come from the
// caller (the report reader and the search's text pipeline).
import type { FeedbackRecord, FeedbackStatus } from '../feedback/types.js';
import { jaccard } from './unansweredGroups.js';

export interface RecordWords {
  /** The words that name a place ("ул. „Рила“ 12" → rila), without the kind of place or numbers. */
  place(location: string): string[];
  /** The search keys of a description. */
  text(description: string, lang: string): string[];
}

/** Two reports of one category about places sharing this share of their name words are about the same place. */
const SAME_PLACE = 0.5;
/** Two descriptions sharing this share of their search keys say the same thing. */
const SAME_TEXT = 0.5;
/** Only reports received within this many days of each other are taken for the same matter. */
const WINDOW_DAYS = 60;
/** Each record is compared with at most this many later ones: a flood of reports costs linear time. */
const COMPARED = 300;
const DAY_MS = 86_400_000;

/** The statuses of the records compared: a closed matter needs no answer together with others. */
export const OPEN_STATUSES: readonly FeedbackStatus[] = ['received', 'in_progress'];
const OPEN = new Set<string>(OPEN_STATUSES);

interface Prepared {
  record: FeedbackRecord;
  time: number;
  place: Set<string>;
  text: Set<string>;
}

/** Same category and the same place; or, where a place is missing, nearly the same words. Two places that differ are two matters. */
function sameMatter(a: Prepared, b: Prepared): boolean {
  if (a.place.size > 0 && b.place.size > 0) return a.record.category !== undefined && jaccard(a.place, b.place) >= SAME_PLACE;
  return a.text.size > 0 && jaccard(a.text, b.text) >= SAME_TEXT;
}

/**
 * For each open record that has near-identical ones, the references of the others in its group,
 * oldest first. Records are compared only within their category and a window of days, so the cost
 * stays near-linear in the number of open records.
 */
export function similarRecords(records: readonly FeedbackRecord[], words: RecordWords): Map<string, string[]> {
  const buckets = new Map<string, Prepared[]>();
  for (const record of records) {
    if (!OPEN.has(record.status) || record.anonymisedAt) continue;
    const key = record.category ?? `kind:${record.kind}`;
    const prepared: Prepared = {
      record,
      time: Date.parse(record.createdAt),
      place: new Set(record.location ? words.place(record.location) : []),
      text: new Set(words.text(record.description, record.lang)),
    };
    const bucket = buckets.get(key);
    if (bucket) bucket.push(prepared);
    else buckets.set(key, [prepared]);
  }

  // Union-find over the records of each bucket, in time order.
  const parent = new Map<string, string>();
  const root = (ref: string): string => {
    let r = ref;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(ref, r);
    return r;
  };
  for (const bucket of buckets.values()) {
    bucket.sort((a, b) => a.time - b.time);
    for (const p of bucket) parent.set(p.record.reference, p.record.reference);
    for (let i = 0; i < bucket.length; i += 1) {
      const last = Math.min(bucket.length, i + 1 + COMPARED);
      for (let j = i + 1; j < last && bucket[j].time - bucket[i].time <= WINDOW_DAYS * DAY_MS; j += 1) {
        if (sameMatter(bucket[i], bucket[j])) parent.set(root(bucket[j].record.reference), root(bucket[i].record.reference));
      }
    }
  }

  const groups = new Map<string, Prepared[]>();
  for (const bucket of buckets.values()) {
    for (const p of bucket) {
      const r = root(p.record.reference);
      const group = groups.get(r);
      if (group) group.push(p);
      else groups.set(r, [p]);
    }
  }
  const similar = new Map<string, string[]>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const refs = group.sort((a, b) => a.time - b.time).map((p) => p.record.reference);
    for (const ref of refs) similar.set(ref, refs.filter((r) => r !== ref));
  }
  return similar;
}
