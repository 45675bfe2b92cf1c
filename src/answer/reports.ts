// Recognises a problem report from a citizen's own narrative, not from the word "жалба": an
// object of a category of signals/ ("контейнерите", "уличната лампа") together with a fault
// ("не са извозени", "не свети"), a request to act ("моля да се", "кога ще"), a word of
// indignation ("безобразие") or a duration of neglect ("от два месеца"); or a phrase that is a
// report on its own ("паднало дърво"). Pure: the word lists come from knowledge/lexicon/reports.yaml
// and knowledge/signals/, compiled once per knowledge base.
import type { ReportsFile } from '../knowledge/lexiconSchema.js';
import type { ReportEvidence, ReportReading, ReportStrength } from '../feedback/reportReading.js';
import type { FeedbackKind, SignalCategory } from '../knowledge/schema.js';
import { canonical, englishKey } from '../search/canonical.js';
import { PatternSet, PHRASE_GAP, type Found } from './patterns.js';
import type { Message } from '../search/message.js';
import type { TextPipeline } from '../search/analyze.js';
import type { Lang } from '../common/lang.js';

export type { ReportEvidence, ReportReading, ReportStrength };

/** What a word or phrase of the lists says when it is found in a message. */
type Role =
  | { of: 'category'; index: number; part: 'objects' | 'faults' | 'reports' }
  | { of: 'general'; part: GeneralPart }
  | { of: 'narrative'; part: NarrativePart };

type GeneralPart = 'faults' | 'requests' | 'complaints' | 'request_forms' | 'actions' | 'own_property' | 'openers' | 'units' | 'numbers';
type NarrativePart = keyof ReportsFile['narrative'];

/**
 * The kinds of cue that tell a problem as a narrative, whatever its topic: a time span, indignation,
 * a request to act, a place, a fault, an exclamation, and the parts of lexicon/reports.yaml `narrative`.
 */
export type NarrativeCue = NarrativePart | 'duration' | 'indignation' | 'request' | 'place' | 'fault' | 'exclamation';

/** The general word lists that are narrative cues too. */
const GENERAL_CUES: Partial<Record<GeneralPart, NarrativeCue>> = { complaints: 'indignation', requests: 'request', faults: 'fault' };

/** What a message does, read from cues that hold across topics. */
export interface MessageAct {
  /** It asks something: an interrogative ("как", "може ли") or a question mark. */
  question: boolean;
  /** It asks whether something holds ("полага ли ми се намаление?", "can I pay by card?"): one detail rather than the whole matter. */
  whether: boolean;
  /** The kinds of narrative cue it shows, each once. */
  narrative: NarrativeCue[];
  /** The kinds of feedback it names ("сигнал", "жалба", "благодаря"). */
  kinds: FeedbackKind[];
}

export class ReportReader {
  private readonly categories: SignalCategory[];
  /** The category of a narrative that no other category names (signals/ `fallback: true`), if the knowledge has one. */
  private readonly fallback?: SignalCategory;
  private readonly patterns = new PatternSet<Role>();
  /** The words of a question, matched as spelled ("кое", not "което"). */
  private readonly questionWords = new PatternSet<true>(true);
  /** Words that ask whether, anywhere ("ли"), and only where a sentence starts ("can I": "where can I…" asks where). */
  private readonly whetherWords = new PatternSet<true>(true);
  private readonly whetherOpenings = new PatternSet<true>(true);

  constructor(
    words: ReportsFile,
    categories: SignalCategory[],
    /** The kinds of feedback a message names ("сигнал", "жалба", "благодаря"): intents/feedback.yaml. */
    private readonly kindsIn: (message: Message) => FeedbackKind[],
    /** The pipeline the messages are read with: its place markers, and reading a logged text again (readText). */
    private readonly pipeline: TextPipeline,
  ) {
    // Emergencies first: when a message could be either, 112 comes before anything else.
    this.categories = categories.filter((c) => !c.fallback).sort((a, b) => Number(b.handled_by === 'emergency') - Number(a.handled_by === 'emergency'));
    this.fallback = categories.find((c) => c.fallback);
    this.categories.forEach((c, index) => {
      for (const part of ['objects', 'faults', 'reports'] as const) this.patterns.add(c[part], { of: 'category', index, part });
    });
    for (const part of ['faults', 'requests', 'complaints', 'request_forms', 'actions', 'own_property', 'openers'] as const) this.patterns.add(words[part], { of: 'general', part });
    this.patterns.add(words.durations.units, { of: 'general', part: 'units' });
    this.patterns.add(words.durations.numbers, { of: 'general', part: 'numbers' });
    for (const part of Object.keys(words.narrative) as NarrativePart[]) this.patterns.add(words.narrative[part], { of: 'narrative', part });
    this.questionWords.add(words.questions, true);
    const opening = (w: string) => w.startsWith('^');
    const split = (lang: 'bg' | 'en', first: boolean) => words.whether[lang].filter((w) => opening(w) === first).map((w) => w.replace(/^\^/, ''));
    this.whetherWords.add({ bg: split('bg', false), en: split('en', false) }, true);
    this.whetherOpenings.add({ bg: split('bg', true), en: split('en', true) }, true);
  }

  /** The report a message makes, or undefined when it makes none, and what the message does. */
  read(message: Message): { report?: ReportReading; act: MessageAct } {
    const found = this.patterns.find(message);
    const act = this.actOf(message, found);
    const report = this.reportOf(message, found, act);
    return { ...(report ? { report } : {}), act };
  }

  /** The report a text makes, read on its own (a logged message read again for staff), and the place it names. */
  readText(text: string): { report?: ReportReading; place?: string } {
    const message = this.pipeline.read(text);
    const { report } = this.read(message);
    return { ...(report ? { report } : {}), ...(message.place ? { place: message.place } : {}) };
  }

  /**
   * A narrative of a problem that no category names, as a report of the fallback category: offered
   * for registration, and staff give it its category.
   */
  narrativeReport(message: Message, act: MessageAct): ReportReading | undefined {
    if (!this.fallback) return undefined;
    const { place } = message;
    const evidence: ReportEvidence = { reports: [], objects: [], faults: [], requests: [], complaints: [], durations: [], kindWord: act.kinds.length > 0, narrative: act.narrative };
    return { category: this.fallback, kind: this.fallback.kind, strength: 'weak', evidence, ...(place ? { place } : {}) };
  }

  private actOf(message: Message, found: Array<Found<Role>>): MessageAct {
    const cues = new Set<NarrativeCue>();
    // A word stands for one cue: "нямаме" is in the faults and in `absence`, and counts once.
    const used = new Set<number>();
    const cueOf = (f: Found<Role>): NarrativeCue | undefined => (f.tag.of === 'narrative' ? f.tag.part : f.tag.of === 'general' ? GENERAL_CUES[f.tag.part] : undefined);
    for (const f of found) {
      const cue = cueOf(f);
      if (!cue || used.has(f.end)) continue;
      used.add(f.end);
      cues.add(cue);
    }
    const general = (part: GeneralPart) => found.filter((f) => f.tag.of === 'general' && f.tag.part === part);
    if (formedRequests(general('request_forms'), general('actions')).length > 0) cues.add('request');
    if (durationsOf(message.raw, general('numbers'), general('units')).length > 0) cues.add('duration');
    if (message.place) cues.add('place');
    if (message.sentences.some((s) => s.type === 'exclamation')) cues.add('exclamation');
    return {
      question: message.sentences.some((s) => s.type === 'question') || this.questionWords.find(message).length > 0,
      whether: this.whetherWords.find(message).length > 0 || this.whetherOpenings.find(message).some((f) => opensSentence(message, f.end - f.text.split(/\s+/).length + 1)),
      narrative: [...cues].sort(),
      kinds: this.kindsIn(message),
    };
  }

  private reportOf(message: Message, found: Array<Found<Role>>, act: MessageAct): ReportReading | undefined {
    const general = (part: GeneralPart) => found.filter((f) => f.tag.of === 'general' && f.tag.part === part);
    const texts = (list: Array<Found<Role>>) => [...new Set(list.map((f) => f.text))];
    const { kinds } = act;
    const requests = [...texts(general('requests')), ...formedRequests(general('request_forms'), general('actions'))];
    const complaints = texts(general('complaints'));
    const faults = texts(general('faults'));
    const durations = durationsOf(message.raw, general('numbers'), general('units'));
    const kindWord = kinds.length > 0;
    // About the citizen's own yard or plot, a matter is more likely a permit than a report.
    const own = general('own_property').length > 0;

    let best: { reading: ReportReading; score: number } | undefined;
    for (const [index, category] of this.categories.entries()) {
      const of = (part: 'objects' | 'faults' | 'reports') => texts(found.filter((f) => f.tag.of === 'category' && f.tag.index === index && f.tag.part === part));
      const [objects, ownFaults, reports] = [of('objects'), of('faults'), of('reports')];
      if (reports.length === 0 && objects.length === 0) continue;
      const strong = !own && (reports.length > 0 || (objects.length > 0 && (ownFaults.length > 0 || requests.length > 0 || complaints.length > 0)));
      // A word of a complaint or signal with an object ("сигнал за кучета в парка") is a report unless a
      // service answers the message ("за колко време отговарят на предложение до общината?").
      // A question that only names an object and a kind of feedback asks about it ("кое е най-високото
      // дърво?"); a question is a report when it also says what is wrong or asks for action.
      const weak = reports.length > 0 || ownFaults.length > 0 || faults.length > 0 || durations.length > 0 || requests.length > 0 || (kindWord && !act.question);
      if (!strong && !weak) continue;
      // What the message says of the category itself decides between categories; the general words are
      // shared by all. An object that only says where ("улица") weighs half as much as one that says what.
      const objectWeight = objects.reduce((sum, o) => sum + (this.isPlaceWord(o) ? 0.5 : 1), 0);
      const score = 3 * reports.length + 2 * ownFaults.length + objectWeight + (strong ? 100 : 0);
      if (best && score <= best.score) continue;
      const evidence: ReportEvidence = { reports, objects, faults: [...ownFaults, ...faults], requests, complaints, durations, kindWord };
      const kind = kinds.length === 1 ? kinds[0] : category.kind;
      best = { reading: { category, kind, strength: strong ? 'strong' : 'weak', evidence }, score };
    }
    if (!best) return undefined;
    const { place } = message;
    return { ...best.reading, ...(place ? { place } : {}) };
  }

  /**
   * True when a message only opens a complaint or a signal ("Искам да подам жалба срещу служител"):
   * every word is an opener or a stop word, so the account is still to come.
   */
  openerOf(message: Message, lang: Lang): Opener | undefined {
    const openers = new Set(this.patterns.find(message).filter((f) => f.tag.of === 'general' && f.tag.part === 'openers').map((f) => f.end));
    const others = message.raw.filter((_, i) => !message.stop[lang][i] && !openers.has(i)).length;
    if (others === 0) return 'pure';
    // "Искам да се оплача от служител на гишето": opened in several words, with whom or what it is
    // about, in one clause; after a colon or a full stop comes the account itself.
    const oneClause = message.sentences.length === 1 && !/[:–—]/u.test(message.text);
    return oneClause && openers.size >= MIN_FRAMING_OPENERS && others <= MAX_FRAMED_WORDS ? 'framed' : undefined;
  }

  private isPlaceWord(pattern: string): boolean {
    return !/\s/.test(pattern) && (this.pipeline.placeMarkers.bg.has(canonical(pattern.replace(/\*$/, ''))) || this.pipeline.placeMarkers.en.has(englishKey(pattern.replace(/\*$/, ''))));
  }

  /**
   * The words that name a place, without the words that only say what kind of place it is and
   * without house numbers: "ул. „Рила“ 12" and "улица Рила" both give ["rila"].
   */
  placeName(place: string, isStop: (word: string) => boolean): string[] {
    return this.placeWords(place, isStop).map((w) => w.key);
  }

  /** Whether a word only says what kind of place it is ("ул", "квартал", "street"). */
  isPlaceMarker(word: string): boolean {
    return this.pipeline.placeMarkers.bg.has(canonical(word)) || this.pipeline.placeMarkers.en.has(englishKey(word));
  }

  /** The words of placeName as typed ("Рила"), each with its key, the first spelling of each key. */
  placeWords(place: string, isStop: (word: string) => boolean): Array<{ word: string; key: string }> {
    const words = new Map<string, string>();
    for (const word of place.match(/[\p{L}\p{N}]+/gu) ?? []) {
      if (/^\d/.test(word) || isStop(word)) continue;
      const key = /[\p{sc=Cyrillic}]/u.test(word) ? canonical(word) : englishKey(word);
      if (!words.has(key) && !this.pipeline.placeMarkers.bg.has(key) && !this.pipeline.placeMarkers.en.has(key)) words.set(key, word);
    }
    return [...words].map(([key, word]) => ({ word, key }));
  }
}

/**
 * A message that only opens a complaint or a signal: `pure` when it holds nothing but the words of
 * an opener ("Искам да подам жалба"), `framed` when it also says, in a word or two, whom or what
 * it is about ("…от служител на гишето"); the account comes in the next message either way.
 */
export type Opener = 'pure' | 'framed';
/** Opener words a framed opener needs ("искам … оплача"), and the other words it may hold at most. */
const MIN_FRAMING_OPENERS = 2;
const MAX_FRAMED_WORDS = 2;

/** Whether the word at `i` starts a sentence of the message. */
function opensSentence(message: Message, i: number): boolean {
  return i <= 0 || /[.?!…\n]/u.test(message.text.slice(message.spans[i - 1].end, message.spans[i].start));
}

/** "кога ще почистят", "трябва да се окоси": a question or wish followed closely by an action. */
function formedRequests(forms: Array<Found<Role>>, actions: Array<Found<Role>>): string[] {
  return forms.flatMap((form) => {
    const action = actions.find((a) => a.end > form.end && a.end - form.end <= PHRASE_GAP + 1);
    return action ? [`${form.text} … ${action.text}`] : [];
  });
}

/**
 * "от два месеца", "3 седмици": a number (digits or a word) right before a unit of time. A number of
 * three digits or more is a year or an amount, not a count: "за 2027 година" is no duration.
 */
function durationsOf(words: string[], numbers: Array<Found<Role>>, units: Array<Found<Role>>): string[] {
  const numberAt = new Set(numbers.map((n) => n.end));
  words.forEach((w, i) => /^\d{1,2}$/.test(w) && numberAt.add(i));
  return [...new Set(units.filter((u) => numberAt.has(u.end - 1)).map((u) => `${words[u.end - 1]} ${words[u.end]}`))];
}
