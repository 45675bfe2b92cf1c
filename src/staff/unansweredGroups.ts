// Questions the bot could not answer, grouped so that staff see each need once: questions whose
// search keys (the same pipeline as the search) are the same set, or nearly, form one group.
// Grouping is incremental: the log only grows, so each question is analysed and placed once, and a
// question looks for its group among those sharing one of its keys (an index), never among all.
import type { TextPipeline } from '../search/analyze.js';
import type { Lang } from '../common/lang.js';
import type { LoggedQuestion } from '../insights/questionLog.js';

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

export interface UnansweredPage {
  groups: UnansweredGroup[];
  /** Groups in all (dismissed ones left out). */
  total: number;
  page: number;
  pages: number;
}

const SIMILAR = 0.75;
/** Groups shown on one page of the console. */
export const GROUPS_PER_PAGE = 25;

export function groupKey(text: string, lang: string, pipeline: TextPipeline): string {
  const keys = pipeline.analyzeText(text, (lang === 'en' ? 'en' : 'bg') as Lang);
  return [...new Set(keys)].sort().join(' ') || text.trim().toLowerCase();
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared += 1;
  return shared / (a.size + b.size - shared || 1);
}

interface Building {
  key: string;
  terms: Set<string>;
  questions: LoggedQuestion[];
  first: string;
  last: string;
  langs: Set<string>;
  channels: Set<string>;
  tally: Map<string, number>;
  /** Order of creation, so that among equally similar groups the first keeps winning. */
  order: number;
}

/** Groups kept up to date as the log grows: `update` reads only the questions added since the last call. */
export class UnansweredGroups {
  private readonly groups: Building[] = [];
  private readonly byKey = new Map<string, Building>();
  /** Search key → groups whose terms contain it. */
  private readonly byTerm = new Map<string, Building[]>();
  private seen = 0;
  /** The id of the last question taken in. */
  private lastSeenId: string | undefined;
  /** The text pipeline the keys were made with; a reloaded knowledge base brings a new one. */
  private pipeline: TextPipeline | undefined;

  constructor(private readonly currentPipeline: () => TextPipeline) {}

  /**
   * Takes in the questions of `log` past those already seen. The log grows at its end; when entries
   * were removed (an erasure, the retention), the last one seen is no longer where it was, and the
   * groups are made again, so an erased message is not shown from here.
   */
  update(log: readonly LoggedQuestion[]): void {
    const pipeline = this.currentPipeline();
    if (log.length < this.seen || (this.seen > 0 && log[this.seen - 1].id !== this.lastSeenId) || pipeline !== this.pipeline) this.reset();
    this.pipeline = pipeline;
    for (; this.seen < log.length; this.seen += 1) this.place(log[this.seen], pipeline);
    this.lastSeenId = this.seen > 0 ? log[this.seen - 1].id : undefined;
  }

  private reset(): void {
    this.groups.length = 0;
    this.byKey.clear();
    this.byTerm.clear();
    this.seen = 0;
  }

  private place(q: LoggedQuestion, pipeline: TextPipeline): void {
    // Feedback and recognised reports have their own pages.
    if (q.reason === 'feedback' || q.reason === 'report') return;
    const key = groupKey(q.text, q.lang, pipeline);
    const terms = new Set(key.split(' '));
    let home = this.byKey.get(key);
    if (!home) {
      // Only a group that shares a term can reach the similarity; the earliest such group wins.
      for (const term of terms) {
        for (const g of this.byTerm.get(term) ?? []) {
          if ((!home || g.order < home.order) && jaccard(g.terms, terms) >= SIMILAR) home = g;
        }
      }
    }
    if (!home) {
      home = { key, terms, questions: [], first: q.time, last: q.time, langs: new Set(), channels: new Set(), tally: new Map(), order: this.groups.length };
      this.groups.push(home);
      this.byKey.set(key, home);
      for (const term of terms) {
        const list = this.byTerm.get(term);
        if (list) list.push(home);
        else this.byTerm.set(term, [home]);
      }
    }
    home.questions.push(q);
    if (q.time < home.first) home.first = q.time;
    if (q.time > home.last) home.last = q.time;
    home.langs.add(q.lang);
    home.channels.add(q.channel);
    for (const c of q.candidates.slice(0, 1)) home.tally.set(c.id, (home.tally.get(c.id) ?? 0) + 1);
  }

  private visible(dismissed: ReadonlySet<string>): Building[] {
    return this.groups
      .filter((g) => !dismissed.has(g.key))
      .sort((a, b) => b.questions.length - a.questions.length || b.last.localeCompare(a.last));
  }

  /** One page of the groups, largest first (page 1 is the first). */
  page(page: number, dismissed: ReadonlySet<string> = new Set(), perPage = GROUPS_PER_PAGE): UnansweredPage {
    const all = this.visible(dismissed);
    const pages = Math.max(1, Math.ceil(all.length / perPage));
    const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
    return { groups: all.slice((current - 1) * perPage, current * perPage).map(viewOf), total: all.length, page: current, pages };
  }

  /** The group with this key, dismissed or not. */
  find(key: string): UnansweredGroup | undefined {
    const g = this.byKey.get(key);
    return g ? viewOf(g) : undefined;
  }

  /** Every group, largest first. */
  all(dismissed: ReadonlySet<string> = new Set()): UnansweredGroup[] {
    return this.visible(dismissed).map(viewOf);
  }
}

function viewOf(g: Building): UnansweredGroup {
  return {
    key: g.key,
    questions: g.questions,
    count: g.questions.length,
    first: g.first,
    last: g.last,
    langs: [...g.langs],
    channels: [...g.channels],
    candidates: [...g.tally].sort((a, b) => b[1] - a[1]).map(([id, n]) => ({ id, times: n })),
  };
}

export function groupUnanswered(questions: readonly LoggedQuestion[], pipeline: TextPipeline, dismissed: ReadonlySet<string> = new Set()): UnansweredGroup[] {
  const groups = new UnansweredGroups(() => pipeline);
  groups.update(questions);
  return groups.all(dismissed);
}
