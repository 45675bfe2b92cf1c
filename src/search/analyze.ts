// The text pipeline shared by the index and the question side:
// tokenize → canonical key → stop words → stem, one pipeline per language. The word lists come
// from knowledge/lexicon/ (stop words, facet words, greetings), so a pipeline is built once per
// knowledge base and passed to whoever reads text.
import type { Facet, FacetsFile, StopwordsFile } from '../knowledge/lexiconSchema.js';
import { FACETS } from '../knowledge/lexiconSchema.js';
import { canonical, tokenize } from './canonical.js';
import { stemBulgarian, stemEnglish } from './stem.js';

import type { Lang } from '../common/lang.js';

/** The English spelling key: lower-case with Latin accents removed. */
export function englishKey(token: string): string {
  return token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export const spelling: Record<Lang, (token: string) => string> = { bg: canonical, en: englishKey };
export const stemmer: Record<Lang, (key: string) => string> = { bg: stemBulgarian, en: stemEnglish };

/** The stemmed key of one word in a language, with no stop-word check. */
export const stemKey = (word: string, lang: Lang): string => stemmer[lang](spelling[lang](word));

export interface QueryToken {
  raw: string;
  /** Stemmed search key; empty for a stop word. */
  key: string;
  stop: boolean;
  facet?: Facet;
}

export type Smalltalk = 'hello' | 'thanks';

export interface PipelineWords {
  stopwords: StopwordsFile;
  facets: FacetsFile;
}

export class TextPipeline {
  // Stop words pass through the same spelling function, so "kak" typed in Latin is caught like "как".
  private readonly stop: Record<Lang, Set<string>>;
  private readonly facetOf: Record<Lang, Map<string, Facet>> = { bg: new Map(), en: new Map() };
  private readonly greetings: Set<string>;
  private readonly thanks: Set<string>;

  constructor(readonly words: PipelineWords) {
    const { stopwords } = words;
    this.stop = {
      bg: new Set([...stopwords.bg, ...stopwords.en].map(canonical)),
      en: new Set(stopwords.en.map(englishKey)),
    };
    const smalltalkKeys = (list: string[]) => new Set(list.flatMap((w) => [canonical(w), englishKey(w)]));
    this.greetings = smalltalkKeys(stopwords.greetings);
    this.thanks = smalltalkKeys(stopwords.thanks);
    for (const facet of FACETS) {
      for (const lang of ['bg', 'en'] as const) for (const w of words.facets[facet][lang]) this.facetOf[lang].set(stemKey(w, lang), facet);
    }
  }

  /** True when a token is a stop word of the language. */
  isStop(token: string, lang: Lang): boolean {
    return this.stop[lang].has(spelling[lang](token));
  }

  /** The search key of one token, or null for a stop word. */
  termKey(token: string, lang: Lang): string | null {
    const key = spelling[lang](token);
    if (!key || this.stop[lang].has(key)) return null;
    return stemmer[lang](key);
  }

  /** All search keys of a text, in order, stop words removed. */
  analyzeText(text: string, lang: Lang): string[] {
    return tokenize(text)
      .map((t) => this.termKey(t, lang))
      .filter((k): k is string => k !== null);
  }

  analyzeQuery(text: string, lang: Lang): QueryToken[] {
    return tokenize(text).map((raw) => {
      const spelled = spelling[lang](raw);
      const stem = stemmer[lang](spelled);
      const facet = this.facetOf[lang].get(stem);
      const stop = this.stop[lang].has(spelled);
      return { raw, key: stop ? '' : stem, stop, ...(facet ? { facet } : {}) };
    });
  }

  /** Recognises a message made only of greetings and thanks ("Здравейте!", "Благодаря ви"). */
  smalltalkOf(text: string): Smalltalk | null {
    const tokens = tokenize(text);
    const inSet = (set: Set<string>, t: string) => set.has(canonical(t)) || set.has(englishKey(t));
    if (tokens.length === 0 || !tokens.every((t) => inSet(this.greetings, t) || inSet(this.thanks, t))) return null;
    return tokens.some((t) => inSet(this.thanks, t)) ? 'thanks' : 'hello';
  }
}
