// Colloquial ↔ official phrases (synonyms.yaml). A phrase found in a question adds
// the other phrases of its group as extra search terms, each tied back to the
// question words it stands for, so coverage can count it.
import type { TextPipeline } from './analyze.js';
import type { Lang } from '../common/lang.js';

/** Groups of phrases, each phrase as its search keys in one language. */
export type SynonymTable = string[][][];

export function compileSynonyms(groups: string[][], lang: Lang, pipeline: TextPipeline): SynonymTable {
  return groups
    .map((group) => group.map((phrase) => pipeline.analyzeText(phrase, lang)).filter((keys) => keys.length > 0))
    .filter((group) => group.length > 1);
}

export interface Expansion {
  /** Indexes of the question keys the phrase was found at. */
  covers: number[];
  keys: string[];
}

/** Finds every phrase of the table in a sequence of question keys. */
export function expandSynonyms(keys: string[], table: SynonymTable): Expansion[] {
  const out: Expansion[] = [];
  for (const group of table) {
    for (const phrase of group) {
      for (let start = 0; start + phrase.length <= keys.length; start += 1) {
        if (!phrase.every((k, j) => keys[start + j] === k)) continue;
        const covers = phrase.map((_, j) => start + j);
        const others = group.filter((p) => p !== phrase).flat();
        out.push({ covers, keys: [...new Set(others)].filter((k) => !keys.includes(k)) });
      }
    }
  }
  return out;
}
