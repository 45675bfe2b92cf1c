// Word patterns from the word lists (lexicon/reports.yaml, signals/), found in a message in one pass:
// - a word matches the words that share its stem ("дупка" finds "дупките");
// - a word ending in * matches every word that starts with it ("счупен*" finds "счупената");
// - a phrase matches when its words come in order with at most PHRASE_GAP other words between them
//   ("не извоз*" finds "не се извозват").
// Bulgarian patterns are compared in the canonical Latin spelling, so they also match Bulgarian typed
// in Latin letters; English ones in English spelling. Nothing is dropped as a stop word: "не", "няма"
// and "без" matter here. Pure.
import type { WordList } from '../knowledge/lexiconSchema.js';
import { canonical, englishKey, letterCount } from '../search/canonical.js';
import { stemKey } from '../search/analyze.js';
import type { Message } from '../search/message.js';
import type { Lang } from '../common/lang.js';

/** How many other words may stand between two words of a phrase ("не се извозват" for "не извоз*"). */
export const PHRASE_GAP = 2;

/** A prefix pattern shorter than this would catch unrelated words ("кол*" would catch "колко"). */
const MIN_PREFIX_LETTERS = 3;

/** One word of a pattern: its stem, or (written with a trailing *) the start of the word. */
interface PatternWord {
  key: string;
  prefix: boolean;
}

/** A word or phrase of a list, with what the caller wants to know when it is found. */
interface Pattern<T> {
  text: string;
  lang: Lang;
  words: PatternWord[];
  tag: T;
}

/** A message as the patterns read it: every word's spelling key and stem in both languages. */
export type MessageWords = Pick<Message, 'raw' | 'key' | 'form'>;

/** A pattern found in a message: its text, its tag, and the index of its last word. */
export interface Found<T> {
  text: string;
  tag: T;
  end: number;
}

function compileWord(word: string, lang: Lang, exact: boolean): PatternWord | undefined {
  const prefix = word.endsWith('*');
  const bare = prefix ? word.slice(0, -1) : word;
  const spelled = lang === 'bg' ? canonical(bare) : englishKey(bare);
  if (!spelled) return undefined;
  if (prefix) return letterCount(spelled) >= MIN_PREFIX_LETTERS ? { key: spelled, prefix: true } : undefined;
  return { key: exact ? spelled : stemKey(bare, lang), prefix: false };
}

/** The bucket a prefix pattern's first word sits in: its first two letters of spelling. */
const bucketOf = (key: string) => key.slice(0, 2);

/** Many patterns, indexed by their first word so that a message is read once, not once per pattern. */
export class PatternSet<T> {
  private readonly byStem: Record<Lang, Map<string, Array<Pattern<T>>>> = { bg: new Map(), en: new Map() };
  private readonly byPrefix: Record<Lang, Map<string, Array<Pattern<T>>>> = { bg: new Map(), en: new Map() };

  /**
   * `exact`: words match only as they are spelled, not their inflections: the interrogative "кое" is
   * not the relative "което", which the stemmer would make of it.
   */
  constructor(private readonly exact = false) {}

  /** Adds the words and phrases of a list, each found with `tag`. */
  add(list: WordList, tag: T): this {
    for (const lang of ['bg', 'en'] as const) {
      for (const text of list[lang]) {
        const words = text.split(/[\s-]+/).filter(Boolean).map((w) => compileWord(w, lang, this.exact));
        if (words.length === 0 || words.some((w) => w === undefined)) continue;
        const pattern: Pattern<T> = { text, lang, words: words as PatternWord[], tag };
        const first = pattern.words[0];
        const index = first.prefix ? this.byPrefix[lang] : this.byStem[lang];
        const key = first.prefix ? bucketOf(first.key) : first.key;
        index.set(key, [...(index.get(key) ?? []), pattern]);
      }
    }
    return this;
  }

  /** Every place a pattern occurs in the message. */
  find(message: MessageWords): Array<Found<T>> {
    const out: Array<Found<T>> = [];
    const n = message.raw.length;
    for (const lang of ['bg', 'en'] as const) {
      const words = this.exact ? message.key[lang] : message.form[lang];
      const matches = (w: PatternWord, i: number) => (w.prefix ? message.key[lang][i].startsWith(w.key) : words[i] === w.key);
      for (let start = 0; start < n; start += 1) {
        const candidates = [...(this.byStem[lang].get(words[start]) ?? []), ...(this.byPrefix[lang].get(bucketOf(message.key[lang][start])) ?? [])];
        for (const pattern of candidates) {
          if (!matches(pattern.words[0], start)) continue;
          let at = start;
          for (const w of pattern.words.slice(1)) {
            let next = -1;
            for (let j = at + 1; j <= Math.min(n - 1, at + 1 + PHRASE_GAP); j += 1) {
              if (matches(w, j)) {
                next = j;
                break;
              }
            }
            at = next;
            if (at < 0) break;
          }
          if (at >= 0) out.push({ text: pattern.text, tag: pattern.tag, end: at });
        }
      }
    }
    return out;
  }
}
