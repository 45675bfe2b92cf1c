// Decides what to do with a citizen's message: answer an entry, ask "did you
// mean…?", abstain, start feedback, or reply to small talk. Pure: no I/O, no
// Bot Framework; the bot, the CLI and the evaluation all call this.
import type { ActionValue } from '../render/answerView.js';
import type { AskedDay, Practical, PracticalReader } from './practical.js';
import type { Lang, Smalltalk } from '../search/analyze.js';
import type { Facet } from '../knowledge/lexiconSchema.js';
import type { Candidate, KnowledgeIndex, SearchResult } from '../search/knowledgeIndex.js';

export interface ConversationContext {
  /** The entry the last answer was about, for follow-ups ("а колко струва?"). */
  lastEntryId?: string;
  /** The conversation's language, used when a message's words do not tell. */
  lang?: Lang;
  /** The buttons of the last reply, so that typing "2" on a text-only channel picks the second. */
  lastActions?: ActionValue[];
}

export type Decision =
  /** `practical`: the question asks when the service will be ready or what one speed costs. */
  | { type: 'answer'; entryId: string; facets: Facet[]; followUp: boolean; practical?: Practical }
  /** "Отворено ли е сега?": answered from the opening hours and the calendar; `entryId` is the matching topic, if any. */
  | { type: 'hours'; day: AskedDay; entryId?: string }
  | { type: 'feedback' }
  | { type: 'clarify'; options: Candidate[] }
  | { type: 'abstain' }
  | { type: 'smalltalk'; kind: Smalltalk }
  | { type: 'help' };

export interface Understanding {
  question: string;
  lang: Lang;
  decision: Decision;
  /** Calibrated confidence of the top candidate, 0–1. */
  confidence: number;
  search: SearchResult;
}

export interface Thresholds {
  /** Below this coverage the bot does not even suggest a candidate. */
  suggest: number;
  /** The top candidate needs this coverage to be answered directly… */
  answerCoverage: number;
  /** A runner-up explaining as much of the question within this share of the top score makes it ambiguous. */
  tieRatio: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { suggest: 0.34, answerCoverage: 0.5, tieRatio: 0.9 };

/**
 * Confidence from the two signals that hold across knowledge bases: how much of
 * the question the top candidate explains (coverage) and how far ahead of the
 * runner-up it is. Raw BM25 scores are not comparable between questions.
 */
export function confidenceOf(candidates: Candidate[]): number {
  const [top, second] = candidates;
  if (!top) return 0;
  const lead = second ? Math.max(0, (top.score - second.score) / top.score) : 1;
  const rivalCovers = second ? second.coverage >= top.coverage : false;
  const leadFactor = rivalCovers ? 0.6 + 0.4 * Math.min(1, lead / 0.3) : 1;
  return Math.round(top.coverage * leadFactor * 1000) / 1000;
}

export interface UnderstandOptions {
  /** The practical questions of the same knowledge base's word lists. */
  practical: PracticalReader;
  thresholds?: Thresholds;
  /** True when the message uses a word of a complaint, signal, proposal or praise. */
  feedbackCue?: (question: string) => boolean;
  /** The municipality's name, whose words may appear in an opening-hours question ("Община Петрич"). */
  ownNames?: string[];
}

export function understand(index: KnowledgeIndex, question: string, context: ConversationContext, options: UnderstandOptions): Understanding {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const search = index.search(question, { fallbackLang: context.lang });
  const lang = search.langCertain ? search.lang : context.lang ?? search.lang;
  const confidence = confidenceOf(search.candidates);
  const result = (decision: Decision): Understanding => ({ question, lang, decision, confidence, search });
  const practical = options.practical.practicalOf(question, search.facets);
  const answer = (entryId: string, followUp: boolean): Understanding =>
    result({ type: 'answer', entryId, facets: search.facets, followUp, ...(practical ? { practical } : {}) });
  const followUp = (): Understanding => answer(context.lastEntryId!, true);

  const smalltalk = index.pipeline.smalltalkOf(question);
  if (smalltalk) return result({ type: 'smalltalk', kind: smalltalk });
  const [top, second] = search.candidates;
  const hoursDay = options.practical.hoursQuestionOf(question, options.ownNames);
  if (hoursDay) {
    // Link the answer to the topic about opening hours when the search found one ("office-hours").
    const topic = top && top.kind === 'topic' && top.coverage >= thresholds.suggest ? top.id : undefined;
    return result({ type: 'hours', day: hoursDay, ...(topic ? { entryId: topic } : {}) });
  }
  // "колко струва експресната услуга?" after a service: "услуга" names no service, so it is a follow-up.
  if (practical && context.lastEntryId && options.practical.namesNoService(question, lang)) return followUp();
  if (search.contentWords === 0) {
    if (search.facets.length > 0 && context.lastEntryId) return followUp();
    return result({ type: 'help' });
  }

  // A long description of a problem spreads over many words that no entry covers; its complaint
  // or signal words still say what it is, when no service matches it well.
  const feedbackCue = () => options.feedbackCue?.(question) ?? false;
  if (!top || top.coverage < thresholds.suggest) {
    if (search.facets.length > 0 && context.lastEntryId) return followUp();
    return result(feedbackCue() ? { type: 'feedback' } : { type: 'abstain' });
  }
  const tie = second !== undefined && second.coverage >= top.coverage && second.score >= top.score * thresholds.tieRatio;
  // One word of two is not enough to be sure: "добър ресторант" is not a question about categorising restaurants.
  const enoughWords = search.contentWords === 1 || top.matchedWords >= 2;
  if (top.coverage >= thresholds.answerCoverage && enoughWords && !tie) {
    if (top.kind === 'intent') return result({ type: 'feedback' });
    return answer(top.id, false);
  }
  if (feedbackCue()) return result({ type: 'feedback' });
  const choices = search.candidates
    .filter((c) => c.coverage >= thresholds.suggest && c.score >= top.score * 0.5)
    .slice(0, 3);
  return result({ type: 'clarify', options: choices });
}
