// Questions the bot could not answer, grouped so that staff see each need once: questions whose
// search keys (the same pipeline as the search) are the same set, or nearly, form one group.
import type { Lang, TextPipeline } from '../search/analyze.js';
import type { LoggedQuestion } from '../storage/questionLog.js';

export interface UnansweredGroup {
  /** Stable id: the sorted search keys of the group's first question. */
  key: string;
  questions: LoggedQuestion[];
  count: number;
  first: string;
  last: string;
  langs: string[];
  channels: string[];
  /** The candidates the bot considered most often, best first. */
  candidates: Array<{ id: string; times: number }>;
}

const SIMILAR = 0.75;

export function groupKey(text: string, lang: string, pipeline: TextPipeline): string {
  const keys = pipeline.analyzeText(text, (lang === 'en' ? 'en' : 'bg') as Lang);
  return [...new Set(keys)].sort().join(' ') || text.trim().toLowerCase();
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared += 1;
  return shared / (a.size + b.size - shared || 1);
}

export function groupUnanswered(questions: readonly LoggedQuestion[], pipeline: TextPipeline, dismissed: ReadonlySet<string> = new Set()): UnansweredGroup[] {
  const groups: Array<{ key: string; terms: Set<string>; questions: LoggedQuestion[] }> = [];
  for (const q of questions) {
    // Feedback and recognised reports have their own pages.
    if (q.reason === 'feedback' || q.reason === 'report') continue;
    const key = groupKey(q.text, q.lang, pipeline);
    const terms = new Set(key.split(' '));
    const home = groups.find((g) => g.key === key || jaccard(g.terms, terms) >= SIMILAR);
    if (home) home.questions.push(q);
    else groups.push({ key, terms, questions: [q] });
  }
  return groups
    .filter((g) => !dismissed.has(g.key))
    .map((g) => {
      const times = g.questions.map((q) => q.time).sort();
      const tally = new Map<string, number>();
      for (const q of g.questions) for (const c of q.candidates.slice(0, 1)) tally.set(c.id, (tally.get(c.id) ?? 0) + 1);
      return {
        key: g.key,
        questions: g.questions,
        count: g.questions.length,
        first: times[0],
        last: times[times.length - 1],
        langs: [...new Set(g.questions.map((q) => q.lang))],
        channels: [...new Set(g.questions.map((q) => q.channel))],
        candidates: [...tally].sort((a, b) => b[1] - a[1]).map(([id, n]) => ({ id, times: n })),
      };
    })
    .sort((a, b) => b.count - a.count || b.last.localeCompare(a.last));
}
