// Which language a question is in: Cyrillic is Bulgarian; Latin text is English
// or Bulgarian typed in Latin letters, told apart by which vocabulary its words
// belong to (the knowledge base's own words plus the stop words of each language).
import { canonical, englishKey, tokenize } from './canonical.js';
import type { StopwordsFile } from '../knowledge/lexiconSchema.js';
import type { Message } from './message.js';
import type { Lang } from '../common/lang.js';

export interface Vocabulary {
  bg: Set<string>;
  en: Set<string>;
}

export function buildVocabulary(bgTexts: string[], enTexts: string[], stopwords: StopwordsFile): Vocabulary {
  const bg = new Set(stopwords.bg.map(canonical));
  const en = new Set(stopwords.en.map(englishKey));
  for (const t of bgTexts) for (const w of tokenize(t)) bg.add(canonical(w));
  for (const t of enTexts) for (const w of tokenize(t)) en.add(englishKey(w));
  return { bg, en };
}

/** The language of a message, or undefined when the words do not tell. */
export function detectLanguage(message: Message, vocabulary: Vocabulary): Lang | undefined {
  if (message.cyrillic) return 'bg';
  let bg = 0;
  let en = 0;
  for (const [i, token] of message.raw.entries()) {
    if (/^\d+$/.test(token)) continue;
    const inEn = vocabulary.en.has(message.key.en[i]);
    const inBg = vocabulary.bg.has(message.key.bg[i]);
    if (inEn && !inBg) en += 1;
    if (inBg && !inEn) bg += 1;
  }
  if (en === bg) return undefined;
  return en > bg ? 'en' : 'bg';
}
