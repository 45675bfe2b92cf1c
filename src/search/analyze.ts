// The text pipeline shared by the index and the question side:
// tokenize → canonical key → stop words → stem, one pipeline per language.
import { canonical, tokenize } from './canonical.js';
import { FACETS, FACET_WORDS, type Facet } from './facets.js';
import { stemBulgarian, stemEnglish } from './stem.js';
import { BULGARIAN_STOPWORDS, ENGLISH_STOPWORDS, GREETING_WORDS, THANKS_WORDS, words } from './stopwords.js';

export type Lang = 'bg' | 'en';

/** The English spelling key: lower-case with Latin accents removed. */
export function englishKey(token: string): string {
  return token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const spelling: Record<Lang, (token: string) => string> = { bg: canonical, en: englishKey };
const stemmer: Record<Lang, (key: string) => string> = { bg: stemBulgarian, en: stemEnglish };

// Stop words pass through the same spelling function, so "kak" typed in Latin is caught like "как".
const STOP: Record<Lang, Set<string>> = {
  bg: new Set([...words(BULGARIAN_STOPWORDS), ...words(ENGLISH_STOPWORDS)].map(canonical)),
  en: new Set(words(ENGLISH_STOPWORDS).map(englishKey)),
};

const smalltalkKeys = (list: string) => new Set(words(list).flatMap((w) => [canonical(w), englishKey(w)]));
const GREETINGS = smalltalkKeys(GREETING_WORDS);
const THANKS = smalltalkKeys(THANKS_WORDS);

const FACET_OF: Record<Lang, Map<string, Facet>> = { bg: new Map(), en: new Map() };
for (const facet of FACETS) {
  for (const w of FACET_WORDS[facet].bg) FACET_OF.bg.set(stemBulgarian(canonical(w)), facet);
  for (const w of FACET_WORDS[facet].en) FACET_OF.en.set(stemEnglish(englishKey(w)), facet);
}

/** The search key of one token, or null for a stop word. */
export function termKey(token: string, lang: Lang): string | null {
  const key = spelling[lang](token);
  if (!key || STOP[lang].has(key)) return null;
  return stemmer[lang](key);
}

/** All search keys of a text, in order, stop words removed. */
export function analyzeText(text: string, lang: Lang): string[] {
  return tokenize(text)
    .map((t) => termKey(t, lang))
    .filter((k): k is string => k !== null);
}

export interface QueryToken {
  raw: string;
  /** Stemmed search key; empty for a stop word. */
  key: string;
  stop: boolean;
  facet?: Facet;
}

export function analyzeQuery(text: string, lang: Lang): QueryToken[] {
  return tokenize(text).map((raw) => {
    const spelled = spelling[lang](raw);
    const stem = stemmer[lang](spelled);
    const facet = FACET_OF[lang].get(stem);
    const stop = STOP[lang].has(spelled);
    return { raw, key: stop ? '' : stem, stop, ...(facet ? { facet } : {}) };
  });
}

export type Smalltalk = 'hello' | 'thanks';

/** Recognises a message made only of greetings and thanks ("Здравейте!", "Благодаря ви"). */
export function smalltalkOf(text: string): Smalltalk | null {
  const tokens = tokenize(text);
  const inSet = (set: Set<string>, t: string) => set.has(canonical(t)) || set.has(englishKey(t));
  if (tokens.length === 0 || !tokens.every((t) => inSet(GREETINGS, t) || inSet(THANKS, t))) return null;
  return tokens.some((t) => inSet(THANKS, t)) ? 'thanks' : 'hello';
}
