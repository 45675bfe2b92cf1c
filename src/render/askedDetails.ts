// Which lines of an entry answer the detail a question asks beyond naming the entry ("Имам ТЕЛК,
// полага ли ми се намаление на данъка за колата?" → the note on the exemption for ТЕЛК), so that
// the answer leads with them and offers the whole card after. A word of the question counts when
// it does not name the entry (see namingOf), is on one or two of the entry's lines and on few
// entries' lines at all: "ТЕЛК" points at one line, "плащане" at every tax. Pure; the lines are
// read with the knowledge base's own text pipeline, once per entry.
import type { KnowledgeBase, KnowledgeEntry } from '../knowledge/types.js';
import type { Lang } from '../common/lang.js';

/** The search keys of a text, as the pipeline makes them for questions. */
export type Analyze = (text: string, lang: Lang) => string[];

/** A word points at a detail only when at most this share of the entries' lines mention it (and at least 3 entries are allowed). */
const MAX_SPREAD_SHARE = 0.1;
/** …and at most this many lines of the entry itself: a word on every line is the entry's theme. */
const MAX_LINES_IN_ENTRY = 2;
/** At most this many lines lead the answer. */
const MAX_LEAD = 2;

interface Line {
  text: string;
  keys: Set<string>;
}

interface ReadEntry {
  naming: Set<string>;
  /** The keywords' words: what staff said the entry covers, details included. */
  listed: Set<string>;
  lines: Line[];
}

/** The lines a detail can be in, in one language: who may apply, documents, where, online, payment, notes; a topic's or a redirect's paragraphs. */
function linesOf(entry: KnowledgeEntry, lang: Lang): string[] {
  switch (entry.kind) {
    case 'service':
      return [
        ...(entry.who_may_apply?.items ?? []),
        ...entry.documents.items,
        entry.where,
        ...(entry.online ? [entry.online] : []),
        ...(entry.payment ? [entry.payment] : []),
        ...(entry.notes ?? []),
      ].map((l) => l[lang]);
    case 'topic':
      return entry.body.flatMap((p) => ('fact' in p ? [] : [p[lang]]));
    case 'redirect':
      return (entry.body ?? []).map((p) => p[lang]);
  }
}

export class DetailFinder {
  private readonly read = new WeakMap<KnowledgeEntry, Partial<Record<Lang, ReadEntry>>>();
  private readonly words: Partial<Record<Lang, { synonymGroups: string[][]; weak: string[] }>> = {};
  /** How many entries have each key in their lines, per language (counted on first use). */
  private readonly spread: Partial<Record<Lang, Map<string, number>>> = {};

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly analyze: Analyze,
  ) {}

  private readEntry(entry: KnowledgeEntry, lang: Lang): ReadEntry {
    let byLang = this.read.get(entry);
    if (!byLang) this.read.set(entry, (byLang = {}));
    return (byLang[lang] ??= {
      naming: this.namingOf(entry, lang),
      listed: new Set(entry.keywords[lang].flatMap((k) => this.analyze(k, lang))),
      lines: linesOf(entry, lang).map((text) => ({ text, keys: new Set(this.analyze(text, lang)) })),
    });
  }

  /**
   * The words that say which entry a question is about rather than which detail: the title's, their
   * one-word synonyms ("кола" for "автомобил"), and the modifiers and frames of lexicon/weak.yaml. The
   * keywords are not among them: staff list details there too ("ТЕЛК", "бракуване").
   */
  private namingOf(entry: KnowledgeEntry, lang: Lang): Set<string> {
    const title = new Set(this.analyze(entry.title[lang], lang));
    const { synonymGroups, weak } = this.wordsOf(lang);
    const synonyms = synonymGroups.filter((group) => group.some((k) => title.has(k))).flat();
    return new Set([...title, ...synonyms, ...weak]);
  }

  /** The one-word synonyms of each group and the weak words, as keys (read once per language). */
  private wordsOf(lang: Lang): { synonymGroups: string[][]; weak: string[] } {
    return (this.words[lang] ??= {
      synonymGroups: this.kb.synonyms.map((group) => group.map((member) => this.analyze(member, lang)).filter((keys) => keys.length === 1).map(([k]) => k)),
      weak: this.kb.lexicon.weak[lang].flatMap((w) => this.analyze(w, lang)),
    });
  }

  private spreadOf(lang: Lang): Map<string, number> {
    const known = this.spread[lang];
    if (known) return known;
    const counts = new Map<string, number>();
    for (const entry of this.kb.entries) {
      const keys = new Set(this.readEntry(entry, lang).lines.flatMap((l) => [...l.keys]));
      for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return (this.spread[lang] = counts);
  }

  /** The lines of an entry that the question's content words (`asked`, search keys) point at, best first; empty when none does. */
  linesAbout(entry: KnowledgeEntry, asked: string[], lang: Lang): string[] {
    if (asked.length === 0) return [];
    const { naming, listed, lines } = this.readEntry(entry, lang);
    const spread = this.spreadOf(lang);
    const maxSpread = Math.max(3, Math.round(this.kb.entries.length * MAX_SPREAD_SHARE));
    const detail = [...new Set(asked)].filter((k) => {
      if (naming.has(k) || !listed.has(k)) return false;
      const inEntry = lines.filter((l) => l.keys.has(k)).length;
      return inEntry > 0 && inEntry <= MAX_LINES_IN_ENTRY && (spread.get(k) ?? 0) <= maxSpread;
    });
    if (detail.length === 0) return [];
    // Rarer words say more: a line is worth the sum of its detail words' rarity.
    const worth = (l: Line) => detail.reduce((sum, k) => sum + (l.keys.has(k) ? 1 / (spread.get(k) ?? 1) : 0), 0);
    return lines
      .map((l) => ({ text: l.text, worth: worth(l) }))
      .filter((l) => l.worth > 0)
      .sort((a, b) => b.worth - a.worth)
      .slice(0, MAX_LEAD)
      .map((l) => l.text);
  }
}
