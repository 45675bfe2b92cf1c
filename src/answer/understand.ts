// Decides what to do with a citizen's message: answer an entry, ask "did you
// mean…?", abstain, start feedback, or reply to small talk. Pure: no I/O, no
// Bot Framework; the bot, the CLI and the evaluation all call this.
import type { ActionValue } from '../render/answerView.js';
import type { AskedDay } from '../calendar/askedDay.js';
import type { Practical, PracticalReader } from './practical.js';
import type { PendingOffer, ReportOffer } from './offers.js';
import type { MessageAct, Opener, ReportReader, ReportReading } from './reports.js';
import type { Smalltalk } from '../search/analyze.js';
import type { Lang } from '../common/lang.js';
import type { Facet } from '../knowledge/lexiconSchema.js';
import type { Candidate, KnowledgeIndex, SearchResult } from '../search/knowledgeIndex.js';

export interface ConversationContext {
  /** The entry the last answer was about, for follow-ups ("а колко струва?"). */
  lastEntryId?: string;
  /** The conversation's language, used when a message's words do not tell. */
  lang?: Lang;
  /** The buttons of the last reply, so that typing "2" on a text-only channel picks the second. */
  lastActions?: ActionValue[];
  /** The offer the last reply made (register a report, "Имате предвид X?"), answered by yes or no. */
  pending?: PendingOffer;
  /** The candidates of the last "did you mean": a follow-up before a choice asks which one is meant. */
  clarified?: string[];
  /** The problem the last "did you mean" offered to register instead, taken with one tap on the next turn. */
  reportable?: ReportOffer;
}

/** What one tap reaches after a decision: the entries of a "did you mean", and `feedback` when registering the problem is offered too. */
export function optionsOf(decision: Decision): string[] {
  if (decision.type !== 'clarify') return [];
  return decision.report ? [...decision.options, 'feedback'] : decision.options;
}

export type Decision =
  /**
   * `practical`: the question asks when the service will be ready or what one speed costs. `asked`:
   * the content words (search keys) of a question whether something holds, which may point at the
   * detail of the entry it asks about; empty for any other message.
   */
  | { type: 'answer'; entryId: string; facets: Facet[]; asked: string[]; followUp: boolean; practical?: Practical }
  /** "Отворено ли е сега?": answered from the opening hours and the calendar; `entryId` is the matching topic, if any. */
  | { type: 'hours'; day: AskedDay; entryId?: string }
  /**
   * Feedback the message asks to give; `opener` when it only opens the matter ("Искам да подам жалба"),
   * `framed` when it also says whom or what about ("…от служител на гишето"), kept with the account.
   */
  | { type: 'feedback'; opener: boolean; framed?: boolean }
  /** A problem reported in the citizen's own words, recognised with its category (signals/). */
  | { type: 'report'; report: ReportReading }
  /**
   * "Did you mean…?" with the ids of the candidates, and the parts of a service the question asked about;
   * `report` when the message also tells a problem, so that registering it is one of the choices.
   */
  | { type: 'clarify'; options: string[]; facets: Facet[]; report?: ReportReading }
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

/**
 * When the top candidate is answered outright. Coverage is the share of the message's informative
 * words (weighted by how rare they are in the knowledge base) that the candidate explains. A short
 * question is answered when most of it is explained; a long, chatty message explains little of
 * itself whatever it asks, so it is answered when the candidate stands far ahead of the rest or
 * holds one of the candidate's own key phrases. Tuned on real messages (eval: real-dev) as well as
 * on the project's own questions.
 */
export interface Thresholds {
  /** Below this coverage the bot does not even suggest a candidate. */
  suggest: number;
  /** The top candidate needs this coverage to be answered directly… */
  answerCoverage: number;
  /** A runner-up explaining as much of the question within this share of the top score makes it ambiguous. */
  tieRatio: number;
  /** …or this much, with a key phrase of its own that no runner-up shares ("акт 16", "данък кола")… */
  keyPhraseCoverage: number;
  /** …or this much, with the runner-up's score at most `leadRatio` of its own and two words that carry an answer. */
  leadCoverage: number;
  leadRatio: number;
  /** A question that explains too little of itself for `suggest` still offers the entries that explain this share of its rarest words… */
  focusSuggest: number;
  /** …or this share of the whole question. */
  questionSuggest: number;
  /** A report that also asks a question is answered with a service that explains this much of it ("Трябва да разкопая тротоара, какво разрешение ми трябва?"). */
  serviceOverReport: number;
  /** Another body's matter that leads the candidates is answered when it explains this much of the message (above 1: never)… */
  redirectLead: number;
  /** …or this much of the question's rarest words ("пенсия", "болничен" in a long story), with the runner-up at most `redirectRival` of its score. */
  redirectFocus: number;
  redirectRival: number;
}

/** The fitted numbers of one knowledge base (lexicon/decisions.yaml). */
export interface Decisions {
  thresholds: Thresholds;
  /** How many kinds of narrative cue make a message a report that no category names. */
  narrativeCues: number;
  /** How many content words make a question long enough to be offered entries that explain little of it. */
  longQuestionWords: number;
  /** How many content words, and kinds of narrative cue, make a statement that nothing answers a report (see decide). */
  statementWords: number;
  statementCues: number;
  /** How many kinds of narrative cue make a "did you mean" offer to register the message as a problem too. */
  reportOptionCues: number;
}

/** Whether the top candidate is answered outright rather than offered as "did you mean". */
export function answersOutright(search: SearchResult, t: Thresholds): boolean {
  const [top, second] = search.candidates;
  if (!top || !top.carried) return false;
  const tie = second !== undefined && second.coverage >= top.coverage && second.score >= top.score * t.tieRatio;
  // One word of two is not enough to be sure: "добър ресторант" is not a question about categorising restaurants.
  const enoughWords = search.contentWords === 1 || top.matchedWords >= 2;
  if (top.coverage >= t.answerCoverage && enoughWords && !tie) return true;
  if (top.keyPhrase && !second?.keyPhrase && top.coverage >= t.keyPhraseCoverage) return true;
  return top.coverage >= t.leadCoverage && top.carriers >= 2 && (!second || second.score <= top.score * t.leadRatio);
}

/** Whether the top candidate is another body's matter that leads the message enough to be answered (see decide). */
function redirectLeads(search: SearchResult, t: Thresholds): boolean {
  const [top, second] = search.candidates;
  if (!top || top.kind !== 'redirect' || !top.carried) return false;
  return top.coverage >= t.redirectLead || (top.focus >= t.redirectFocus && (!second || second.score <= top.score * t.redirectRival));
}

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

/** The readers of one knowledge base that a message is read with. */
export interface MessageReaders {
  index: KnowledgeIndex;
  /** The practical questions of the same knowledge base's word lists. */
  practical: PracticalReader;
  /** Problem reports told as a narrative. */
  reports: ReportReader;
  /** The municipality's name, whose words may appear in an opening-hours question ("Община Петрич"). */
  ownNames: string[];
}

/**
 * Everything a message says by itself, before the conversation is taken into account: the search
 * and what each reader found. It depends only on the text and the conversation's language, so a
 * host may remember it for repeated texts; it is shared, so nobody may change it.
 */
export interface MessageReading {
  question: string;
  search: SearchResult;
  smalltalk: Smalltalk | null;
  hoursDay: AskedDay | null;
  practical: Practical | null;
  /** Every content word is generic ("експресната услуга"): it can only be about the last service. */
  namesNoService: boolean;
  /** The message only opens a complaint or a signal ("Искам да подам жалба срещу служител"). */
  opener?: Opener;
  /** The message names a kind of feedback ("жалба", "сигнал", "похвала"). */
  feedbackCue: boolean;
  report?: ReportReading;
  /** What the message does: whether it asks, and how it tells a problem. */
  act: MessageAct;
  /** The report of the fallback category the message makes if it is told as a narrative of a problem. */
  narrativeReport?: ReportReading;
}

/** Reads a message once and hands that reading to every reader. */
export function readMessage(readers: MessageReaders, question: string, fallbackLang?: Lang): MessageReading {
  const message = readers.index.pipeline.read(question);
  const search = readers.index.search(message, { fallbackLang });
  const lang = search.langCertain ? search.lang : fallbackLang ?? search.lang;
  const { report, act } = readers.reports.read(message);
  const narrativeReport = report ? undefined : readers.reports.narrativeReport(message, act);
  const opener = readers.reports.openerOf(message, lang);
  return {
    question,
    search,
    smalltalk: readers.index.pipeline.smalltalkOf(message),
    hoursDay: readers.practical.hoursQuestionOf(message, readers.ownNames),
    practical: readers.practical.practicalOf(message, search.facets),
    namesNoService: readers.practical.namesNoService(message, lang),
    ...(opener ? { opener } : {}),
    feedbackCue: act.kinds.length > 0,
    ...(report ? { report } : {}),
    act,
    ...(narrativeReport ? { narrativeReport } : {}),
  };
}

/** The decision about a message that has been read, in the conversation it came in. */
export function decide(reading: MessageReading, context: ConversationContext, decisions: Decisions): Understanding {
  const { thresholds } = decisions;
  const { question, search, practical, report, opener } = reading;
  const lang = search.langCertain ? search.lang : context.lang ?? search.lang;
  const confidence = confidenceOf(search.candidates);
  const result = (decision: Decision): Understanding => ({ question, lang, decision, confidence, search });
  const answer = (entryId: string, followUp: boolean): Understanding =>
    result({ type: 'answer', entryId, facets: search.facets, asked: reading.act.whether ? search.contentKeys : [], followUp, ...(practical ? { practical } : {}) });
  // A follow-up refers to the last service answered; after a "did you mean" that the citizen has not
  // answered yet, it asks again which of the candidates is meant rather than guess an older service.
  const canFollowUp = context.lastEntryId !== undefined || (context.clarified?.length ?? 0) > 0;
  const followUp = (): Understanding =>
    context.lastEntryId ? answer(context.lastEntryId, true) : result({ type: 'clarify', options: context.clarified ?? [], facets: search.facets });

  if (reading.smalltalk) return result({ type: 'smalltalk', kind: reading.smalltalk });
  const [top] = search.candidates;
  if (reading.hoursDay) {
    // Link the answer to the topic about opening hours when the search found one ("office-hours").
    const topic = top && top.kind === 'topic' && top.coverage >= thresholds.suggest ? top.id : undefined;
    return result({ type: 'hours', day: reading.hoursDay, ...(topic ? { entryId: topic } : {}) });
  }
  // "колко струва експресната услуга?" after a service: "услуга" names no service, so it is a follow-up.
  if (practical && canFollowUp && reading.namesNoService) return followUp();
  if (search.contentWords === 0) {
    if (search.facets.length > 0 && canFollowUp) return followUp();
    return result({ type: 'help' });
  }

  // A message that only opens a complaint or a signal starts the dialog; the account comes next.
  const feedback = (): Understanding => result({ type: 'feedback', opener: opener !== undefined, ...(opener === 'framed' ? { framed: true } : {}) });
  // A framed opener that names a problem ("Искам да подам сигнал за дупка") is a report instead.
  if ((opener === 'pure' || (opener === 'framed' && !report)) && reading.feedbackCue) return feedback();
  // A problem told in the citizen's own words: an emergency always comes first; a strong report
  // (a fault typical of its object, a request to act, indignation) wins over a service unless the
  // message also asks a question that a service answers ("Трябва да разкопая тротоара, какво
  // разрешение ми трябва?"); a weak one ("опасно дърво") only when no service is answered outright.
  const outright = top !== undefined && answersOutright(search, thresholds);
  const asksService = outright && reading.act.question && top.kind !== 'intent' && top.coverage >= thresholds.serviceOverReport;
  if (report && report.category.handled_by === 'emergency') return result({ type: 'report', report });
  if (report && report.strength === 'strong' && !asksService) return result({ type: 'report', report });
  // A problem told as a narrative (a state that lasts, indignation, a place, the municipality
  // addressed) is a report whatever its object; one that asks nothing is not a service question.
  const narrative = reading.act.narrative.length >= decisions.narrativeCues;
  const told = report ?? (narrative ? reading.narrativeReport : undefined);
  if (top && outright) {
    if (told && narrative && !reading.act.question) return result({ type: 'report', report: told });
    // The feedback intent's phrasings match many municipal words; a kind of feedback named in the message decides.
    if (top.kind === 'intent') return reading.feedbackCue ? feedback() : result({ type: 'abstain' });
    return answer(top.id, false);
  }
  if (told) return result({ type: 'report', report: told });
  // A question about another body's matter told at length (a pension, sick leave, an apostille)
  // explains little of a long story, yet leads, or explains its rarest words well ahead of the rest:
  // its answer only names the body and how to reach it, so a near match that leads is worth giving
  // rather than a list to choose from. A statement is more likely a problem told to the municipality (below).
  if (reading.act.question && !reading.feedbackCue && redirectLeads(search, thresholds)) return answer(top.id, false);
  // A statement that asks nothing the knowledge answers, long enough to tell something, is most likely
  // a problem told to the municipality: offered for registration rather than met with "I don't know".
  // (A long description spreads over many words that no entry covers; a complaint or signal word in it
  // still says what it is.)
  const statement =
    !reading.act.question && search.contentWords >= decisions.statementWords && reading.act.narrative.length >= decisions.statementCues ? reading.narrativeReport : undefined;
  // A "did you mean" for a message that tells a problem as much as it asks ("И за тази услуга ли ще
  // ни искат двойни данъци?") offers to register it as well: a choice costs one tap, a report typed
  // again costs the citizen their patience.
  const reportable = report ?? reading.narrativeReport;
  const reportOption = reportable && reading.act.narrative.length >= decisions.reportOptionCues ? { report: reportable } : {};
  if (!top || top.coverage < thresholds.suggest) {
    if (search.facets.length > 0 && canFollowUp) return followUp();
    if (reading.feedbackCue) return feedback();
    if (statement) return result({ type: 'report', report: statement });
    // A long question explains little of itself, but its rarest words may all point at a few entries
    // ("…скица на притежавания от мен недвижим имот?"), or a few entries explain some of it: those are
    // offered, since the citizen asked something and a choice costs one tap. A short question that
    // explains this little is about something else ("Кой спечели мача снощи?").
    const pointed = reading.act.question && search.contentWords >= decisions.longQuestionWords
      ? search.candidates.filter((c) => (c.focus >= thresholds.focusSuggest || c.coverage >= thresholds.questionSuggest) && c.carried && c.kind !== 'intent').slice(0, 3)
      : [];
    return pointed.length > 0 ? result({ type: 'clarify', options: pointed.map((c) => c.id), facets: search.facets, ...reportOption }) : result({ type: 'abstain' });
  }
  if (reading.feedbackCue) return feedback();
  // A statement that an entry explains much of is more likely a request for it ("удостоверение, че нямам задължения").
  if (statement && top.coverage < thresholds.answerCoverage) return result({ type: 'report', report: statement });
  const choices = search.candidates
    .filter((c) => c.coverage >= thresholds.suggest && c.score >= top.score * 0.5 && c.carried && c.kind !== 'intent')
    .slice(0, 3)
    .map((c) => c.id);
  if (choices.length === 0) return result({ type: 'abstain' });
  return result({ type: 'clarify', options: choices, facets: search.facets, ...reportOption });
}
