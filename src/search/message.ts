// A citizen's message as the bot reads it, once (TextPipeline.read): every reader takes its words
// from here instead of tokenising the text again, so they all see the same words in the same forms.
import type { Lang } from '../common/lang.js';

export type SentenceType = 'question' | 'exclamation' | 'statement';

/** A word of the text and where it stands in it. */
export interface TokenSpan {
  text: string;
  start: number;
  end: number;
}

export interface Message {
  text: string;
  /** The words (letters and digits), in order. */
  raw: string[];
  /** Where each word stands in the text. */
  spans: TokenSpan[];
  /** Each word's spelling key: Bulgarian in one canonical Latin spelling, English folded. */
  key: Record<Lang, string[]>;
  /** Each word's search key: its lemma (Bulgarian, from the dictionary), stemmed; stop words included. */
  stem: Record<Lang, string[]>;
  /**
   * Each word's own form, only lightly stemmed: what the word lists of reports and practical questions
   * are matched with, since their forms matter ("премахнете!" asks, "премахнаха" tells; both are "премахна").
   */
  form: Record<Lang, string[]>;
  /** Whether each word is a stop word of the language. */
  stop: Record<Lang, boolean[]>;
  /** Written in Cyrillic: certainly Bulgarian. */
  cyrillic: boolean;
  sentences: Array<{ text: string; type: SentenceType }>;
  /** The place the message names ("ул. „Рила“ 5"), if any. */
  place?: string;
}
