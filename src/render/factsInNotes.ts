// Which sentences of an entry state a deadline or a fee, so that a question about that part ("до
// кога се плаща?", "колко струва?") is answered from every place the entry holds the fact, and the
// card never says a fact is unknown while another of its sections gives it. Pure; the words are the
// facet words and month names of knowledge/lexicon/.
import type { KnowledgeEntry } from '../knowledge/types.js';
import type { Lexicon } from '../knowledge/lexiconSchema.js';
import { stemKey } from '../search/analyze.js';
import type { Lang } from '../common/lang.js';
import { tokenize } from '../search/canonical.js';

export type FactFacet = 'fee' | 'deadline';

/** "30 дни", "2 месеца", "3 години", "10 working days": a number and a unit of time. */
const DURATION = /\d+\s*(?:работни\s+|календарни\s+|working\s+|calendar\s+)?(?:дн|ден|седмиц|месец|годин|час|day|week|month|year|hour)/iu;
/** "5,50 лв.", "12 евро", "€ 3": an amount of money. (A share, "97,6 % от територията", is not one; "5 % отстъпка" is told by its word.) */
const MONEY = /(?:\d+(?:[.,]\d+)?\s*(?:лв|лева|евро|eur|bgn|€))|(?:€\s*\d)/iu;

export class FactFinder {
  private readonly words: Record<FactFacet, Record<Lang, Set<string>>>;
  /** Every card asks, so the answer is kept per entry (the knowledge objects live as long as this finder). */
  private readonly found = new WeakMap<object, Map<string, string[]>>();

  constructor(lexicon: Lexicon) {
    const stems = (list: string[], lang: Lang) => new Set(list.map((w) => stemKey(w, lang)));
    const months = lexicon.practical.hours.months;
    this.words = {
      fee: { bg: stems(lexicon.facets.fee.bg, 'bg'), en: stems(lexicon.facets.fee.en, 'en') },
      deadline: { bg: stems([...lexicon.facets.deadline.bg, ...months.bg], 'bg'), en: stems([...lexicon.facets.deadline.en, ...months.en], 'en') },
    };
  }

  /** Whether a sentence states a fact of this kind. */
  states(text: string, facet: FactFacet, lang: Lang): boolean {
    if ((facet === 'deadline' ? DURATION : MONEY).test(text)) return true;
    return tokenize(text).some((w) => this.words[facet][lang].has(stemKey(w, lang)));
  }

  /** The notes of an entry that state a fact of this kind, in the language asked. */
  notesAbout(entry: KnowledgeEntry, facet: FactFacet, lang: Lang): string[] {
    const notes = entry.kind === 'service' ? entry.notes ?? [] : entry.body ?? [];
    let byFacet = this.found.get(notes);
    if (!byFacet) this.found.set(notes, (byFacet = new Map()));
    const key = `${facet}/${lang}`;
    let texts = byFacet.get(key);
    if (!texts) byFacet.set(key, (texts = notes.flatMap((n) => ('fact' in n ? [] : [n[lang]])).filter((text) => this.states(text, facet, lang))));
    return texts;
  }
}
