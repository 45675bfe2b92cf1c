// The text pipeline shared by the index and the question side:
// tokenize → canonical key → stop words → lemma → stem, one pipeline per language. The word lists
// come from knowledge/lexicon/ (stop words, facet words, greetings, place markers), so a pipeline is
// built once per knowledge base and passed to whoever reads text. A citizen's message is read once,
// by `read`, into a Message that every reader (search, small talk, practical questions, reports,
// kinds of feedback) takes as it is.
import type { Facet, FacetsFile, ReportsFile, StopwordsFile } from '../knowledge/lexiconSchema.js';
import { FACETS } from '../knowledge/lexiconSchema.js';
import { canonical, englishKey, hasCyrillic, tokenize, tokenSpans } from './canonical.js';
import type { Message, SentenceType } from './message.js';
import { findPlace } from './place.js';
import { stemBulgarian, stemEnglish } from './stem.js';

import type { Lang } from '../common/lang.js';

export { englishKey };

export const spelling: Record<Lang, (token: string) => string> = { bg: canonical, en: englishKey };
export const stemmer: Record<Lang, (key: string) => string> = { bg: stemBulgarian, en: stemEnglish };

/** The stemmed key of one word in a language, with no stop-word check and no dictionary (for lists read without a pipeline). */
export const stemKey = (word: string, lang: Lang): string => stemmer[lang](spelling[lang](word));

export interface QueryToken {
  raw: string;
  /** Stemmed search key; empty for a stop word. */
  key: string;
  stop: boolean;
  facet?: Facet;
}

export type Smalltalk = 'hello' | 'thanks' | 'bye' | 'ack';

export interface PipelineWords {
  stopwords: StopwordsFile;
  facets: FacetsFile;
  reports: Pick<ReportsFile, 'place_markers'>;
}

export class TextPipeline {
  // Stop words pass through the same spelling function, so "kak" typed in Latin is caught like "как".
  private readonly stop: Record<Lang, Set<string>>;
  private readonly facetOf: Record<Lang, Map<string, Facet>> = { bg: new Map(), en: new Map() };
  private readonly greetings: Set<string>;
  private readonly thanks: Set<string>;
  private readonly goodbyes: Set<string>;
  private readonly fillers: Set<string>;
  /** The words that introduce a place ("ул.", "кв.", "street"), as spelling keys. */
  readonly placeMarkers: Readonly<Record<Lang, ReadonlySet<string>>>;

  /**
   * `lemmas` maps a Bulgarian spelling key to its lemma's key (see morphology.ts): built from the
   * knowledge base's vocabulary, so every form of a word the knowledge uses reads as that word.
   */
  constructor(
    readonly words: PipelineWords,
    private readonly lemmas: ReadonlyMap<string, string> = new Map(),
  ) {
    const { stopwords } = words;
    this.stop = {
      bg: new Set([...stopwords.bg, ...stopwords.en].map(canonical)),
      en: new Set(stopwords.en.map(englishKey)),
    };
    const smalltalkKeys = (list: string[]) => new Set(list.flatMap((w) => [canonical(w), englishKey(w)]));
    this.greetings = smalltalkKeys(stopwords.greetings);
    this.thanks = smalltalkKeys(stopwords.thanks);
    this.goodbyes = smalltalkKeys(stopwords.goodbyes);
    this.fillers = smalltalkKeys(stopwords.fillers);
    this.placeMarkers = { bg: new Set(words.reports.place_markers.bg.map(canonical)), en: new Set(words.reports.place_markers.en.map(englishKey)) };
    for (const facet of FACETS) {
      for (const lang of ['bg', 'en'] as const) for (const w of words.facets[facet][lang]) this.facetOf[lang].set(this.stemOf(spelling[lang](w), lang), facet);
    }
  }

  /** The search key of a spelling key: its lemma's, stemmed. */
  private stemOf(spelled: string, lang: Lang): string {
    // A stop word keeps its own key: "би", "било" are forms of "бия" too, and must not become it.
    if (lang !== 'bg' || this.stop.bg.has(spelled)) return stemmer[lang](spelled);
    return stemmer.bg(this.lemmas.get(spelled) ?? spelled);
  }

  /** True when a token is a stop word of the language. */
  isStop(token: string, lang: Lang): boolean {
    return this.stop[lang].has(spelling[lang](token));
  }

  /** The search key of one token, or null for a stop word. */
  termKey(token: string, lang: Lang): string | null {
    const key = spelling[lang](token);
    if (!key || this.stop[lang].has(key)) return null;
    return this.stemOf(key, lang);
  }

  /** All search keys of a text, in order, stop words removed. */
  analyzeText(text: string, lang: Lang): string[] {
    return tokenize(text)
      .map((t) => this.termKey(t, lang))
      .filter((k): k is string => k !== null);
  }

  /** Reads a message once: its words in every form the readers compare, its sentences and the place it names. */
  read(message: string): Message {
    const text = message.normalize('NFC');
    const spans = tokenSpans(text);
    const raw = spans.map((t) => t.text);
    const key = { bg: raw.map(canonical), en: raw.map(englishKey) };
    const stem = { bg: key.bg.map((k) => this.stemOf(k, 'bg')), en: key.en.map((k) => this.stemOf(k, 'en')) };
    const form = { bg: key.bg.map(stemmer.bg), en: key.en.map(stemmer.en) };
    const stop = { bg: key.bg.map((k) => this.stop.bg.has(k)), en: key.en.map((k) => this.stop.en.has(k)) };
    const place = findPlace(text, spans, this.placeMarkers);
    return {
      text,
      raw,
      spans,
      key,
      stem,
      form,
      stop,
      cyrillic: hasCyrillic(text),
      sentences: sentencesOf(text),
      ...(place ? { place } : {}),
    };
  }

  /** The message's words as search keys of a language: stop words marked, facet words named. */
  queryTokens(message: Message, lang: Lang): QueryToken[] {
    return message.raw.map((raw, i) => {
      const stop = message.stop[lang][i];
      const facet = this.facetOf[lang].get(message.stem[lang][i]);
      return { raw, key: stop ? '' : message.stem[lang][i], stop, ...(facet ? { facet } : {}) };
    });
  }

  analyzeQuery(text: string, lang: Lang): QueryToken[] {
    return this.queryTokens(this.read(text), lang);
  }

  /** Recognises a message made only of greetings and thanks ("Здравейте!", "Благодаря ви"). */
  smalltalkOf(message: Message): Smalltalk | null {
    const inSet = (set: Set<string>, i: number) => set.has(message.key.bg[i]) || set.has(message.key.en[i]);
    const all = message.raw.map((_, i) => i);
    const sets = [this.thanks, this.goodbyes, this.greetings, this.fillers];
    if (all.length === 0 || !all.every((i) => sets.some((set) => inSet(set, i)))) return null;
    // Thanks win over a goodbye ("благодаря, довиждане"), a goodbye over a greeting ("чао").
    if (all.some((i) => inSet(this.thanks, i))) return 'thanks';
    if (all.some((i) => inSet(this.goodbyes, i))) return 'bye';
    return all.some((i) => inSet(this.greetings, i)) ? 'hello' : 'ack';
  }
}

/** The sentences of a text and what each does, from its closing mark. */
function sentencesOf(text: string): Array<{ text: string; type: SentenceType }> {
  return text
    .split(/(?<=[.!?…])\s+|\n+/u)
    .map((t) => t.trim())
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .map((t) => ({ text: t, type: /\?[\s!?.)"“”»]*$/u.test(t) ? 'question' : /![\s!.)"“”»]*$/u.test(t) ? 'exclamation' : 'statement' }));
}
