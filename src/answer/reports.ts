// Recognises a problem report from a citizen's own narrative, not from the word "жалба": an
// object of a category of signals/ ("контейнерите", "уличната лампа") together with a fault
// ("не са извозени", "не свети"), a request to act ("моля да се", "кога ще"), a word of
// indignation ("безобразие") or a duration of neglect ("от два месеца"); or a phrase that is a
// report on its own ("паднало дърво"). Pure: the word lists come from knowledge/lexicon/reports.yaml
// and knowledge/signals/, compiled once per knowledge base.
import type { ReportsFile, WordList } from '../knowledge/lexiconSchema.js';
import type { FeedbackKind, SignalCategory } from '../knowledge/schema.js';
import { canonical, letterCount } from '../search/canonical.js';
import { englishKey, stemKey, type Lang } from '../search/analyze.js';
import { findPlace } from './place.js';

/** One word of a pattern: its stem, or (written with a trailing *) the start of the word. */
interface PatternWord {
  key: string;
  prefix: boolean;
}

/** A word or phrase of a list, ready to be looked for in a message. */
interface Pattern {
  text: string;
  lang: Lang;
  words: PatternWord[];
}

/** How many other words may stand between two words of a phrase ("не се извозват" for "не извоз*"). */
const PHRASE_GAP = 2;

/** A prefix pattern shorter than this would catch unrelated words ("кол*" would catch "колко"). */
const MIN_PREFIX_LETTERS = 3;

function compileWord(word: string, lang: Lang): PatternWord | undefined {
  const prefix = word.endsWith('*');
  const bare = prefix ? word.slice(0, -1) : word;
  const spelled = lang === 'bg' ? canonical(bare) : englishKey(bare);
  if (!spelled) return undefined;
  if (prefix) return letterCount(spelled) >= MIN_PREFIX_LETTERS ? { key: spelled, prefix: true } : undefined;
  return { key: stemKey(bare, lang), prefix: false };
}

function compileList(list: WordList): Pattern[] {
  return (['bg', 'en'] as const).flatMap((lang) =>
    list[lang]
      .map((text) => ({ text, lang, words: text.split(/[\s-]+/).filter(Boolean).map((w) => compileWord(w, lang)) }))
      .filter((p): p is Pattern => p.words.length > 0 && p.words.every((w) => w !== undefined)),
  );
}

/** A message as the patterns read it: every word's spelling key and stem in both languages. */
export interface MessageWords {
  raw: string[];
  key: Record<Lang, string[]>;
  stem: Record<Lang, string[]>;
}

export function messageWords(text: string): MessageWords {
  const raw = text.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const bgKeys = raw.map(canonical);
  const enKeys = raw.map(englishKey);
  return {
    raw,
    key: { bg: bgKeys, en: enKeys },
    stem: { bg: raw.map((w) => stemKey(w, 'bg')), en: raw.map((w) => stemKey(w, 'en')) },
  };
}

const wordMatches = (w: PatternWord, message: MessageWords, lang: Lang, i: number) =>
  w.prefix ? message.key[lang][i].startsWith(w.key) : message.stem[lang][i] === w.key;

/** Where a pattern occurs in the message: the index of its last word at each place it is found. */
function endsOf(pattern: Pattern, message: MessageWords): number[] {
  const ends: number[] = [];
  const n = message.raw.length;
  for (let start = 0; start < n; start += 1) {
    if (!wordMatches(pattern.words[0], message, pattern.lang, start)) continue;
    let at = start;
    for (const w of pattern.words.slice(1)) {
      let next = -1;
      for (let j = at + 1; j <= Math.min(n - 1, at + 1 + PHRASE_GAP); j += 1) {
        if (wordMatches(w, message, pattern.lang, j)) {
          next = j;
          break;
        }
      }
      at = next;
      if (at < 0) break;
    }
    if (at >= 0) ends.push(at);
  }
  return ends;
}

const occurs = (pattern: Pattern, message: MessageWords) => endsOf(pattern, message).length > 0;

const found = (patterns: Pattern[], message: MessageWords) => patterns.filter((p) => occurs(p, message)).map((p) => p.text);

/** What in a message made it a report: the phrases found, by the role they play. */
export interface ReportEvidence {
  reports: string[];
  objects: string[];
  faults: string[];
  requests: string[];
  complaints: string[];
  durations: string[];
  /** The message also names a kind of feedback ("сигнал", "жалба"). */
  kindWord: boolean;
}

/**
 * How sure the bot is that a message reports a problem:
 * - `strong`: a report phrase, or an object with a fault typical of its category, a request to act
 *   or a word of indignation;
 * - `weak`: an object with only a general fault, a duration ("опасно дърво", "от два месеца") or a
 *   word of a complaint or signal, which a question about a service may share ("искам да отсека
 *   опасно дърво в двора"); and anything about the citizen's own yard or plot.
 */
export type ReportStrength = 'strong' | 'weak';

export interface ReportReading {
  category: SignalCategory;
  /** The kind the message names ("предложение", "благодаря"), else the category's (a signal, a complaint). */
  kind: FeedbackKind;
  strength: ReportStrength;
  evidence: ReportEvidence;
  /** The place named in the message ("ул. „Рила“ 5"), if any. */
  place?: string;
}

interface CompiledCategory {
  category: SignalCategory;
  objects: Pattern[];
  faults: Pattern[];
  reports: Pattern[];
}

export class ReportReader {
  private readonly categories: CompiledCategory[];
  private readonly faults: Pattern[];
  private readonly requests: Pattern[];
  private readonly requestForms: Pattern[];
  private readonly actions: Pattern[];
  private readonly ownProperty: Pattern[];
  private readonly complaints: Pattern[];
  private readonly openers: Pattern[];
  private readonly units: Pattern[];
  private readonly numbers: Pattern[];
  private readonly placeMarkers: { bg: Set<string>; en: Set<string> };

  constructor(
    words: ReportsFile,
    categories: SignalCategory[],
    /** The kinds of feedback a message names ("сигнал", "жалба", "благодаря"): intents/feedback.yaml. */
    private readonly kindsIn: (text: string) => FeedbackKind[],
  ) {
    // Emergencies first: when a message could be either, 112 comes before anything else.
    const ordered = [...categories].sort((a, b) => Number(b.handled_by === 'emergency') - Number(a.handled_by === 'emergency'));
    this.categories = ordered.map((category) => ({
      category,
      objects: compileList(category.objects),
      faults: compileList(category.faults),
      reports: compileList(category.reports),
    }));
    this.faults = compileList(words.faults);
    this.requests = compileList(words.requests);
    this.requestForms = compileList(words.request_forms);
    this.actions = compileList(words.actions);
    this.ownProperty = compileList(words.own_property);
    this.complaints = compileList(words.complaints);
    this.openers = compileList(words.openers);
    this.units = compileList(words.durations.units);
    this.numbers = compileList(words.durations.numbers);
    this.placeMarkers = { bg: new Set(words.place_markers.bg.map(canonical)), en: new Set(words.place_markers.en.map(englishKey)) };
  }

  /** "кога ще почистят", "трябва да се окоси": a question or wish followed closely by an action. */
  private formedRequests(message: MessageWords): string[] {
    const out: string[] = [];
    for (const form of this.requestForms) {
      for (const end of endsOf(form, message)) {
        const action = this.actions.find((a) => endsOf(a, message).some((e) => e > end && e - end <= PHRASE_GAP + 1));
        if (action) out.push(`${form.text} … ${action.text}`);
      }
    }
    return out;
  }

  /** "от два месеца", "3 седмици": a number or number word right before a unit of time. */
  private durations(message: MessageWords): string[] {
    const out: string[] = [];
    for (let i = 0; i + 1 < message.raw.length; i += 1) {
      const isNumber = /^\d+$/.test(message.raw[i]) || this.numbers.some((p) => p.words.length === 1 && wordMatches(p.words[0], message, p.lang, i));
      if (isNumber && this.units.some((p) => p.words.length === 1 && wordMatches(p.words[0], message, p.lang, i + 1))) out.push(`${message.raw[i]} ${message.raw[i + 1]}`);
    }
    return out;
  }

  /** The report a message makes, or undefined when it makes none. */
  read(text: string): ReportReading | undefined {
    const message = messageWords(text);
    const kinds = this.kindsIn(text);
    const general = {
      faults: found(this.faults, message),
      requests: [...found(this.requests, message), ...this.formedRequests(message)],
      complaints: found(this.complaints, message),
      durations: this.durations(message),
      kindWord: kinds.length > 0,
    };
    // About the citizen's own yard or plot, a matter is more likely a permit than a report.
    const own = found(this.ownProperty, message).length > 0;
    let best: { reading: ReportReading; score: number } | undefined;
    for (const c of this.categories) {
      const reports = found(c.reports, message);
      const objects = found(c.objects, message);
      const ownFaults = found(c.faults, message);
      if (reports.length === 0 && objects.length === 0) continue;
      const strong = !own && (reports.length > 0 || (objects.length > 0 && (ownFaults.length > 0 || general.requests.length > 0 || general.complaints.length > 0)));
      // A word of a complaint or signal with an object ("сигнал за кучета в парка") is a report unless a
      // service answers the message ("за колко време отговарят на предложение до общината?").
      const weak = (objects.length > 0 || reports.length > 0) && (reports.length > 0 || ownFaults.length > 0 || general.faults.length > 0 || general.durations.length > 0 || general.requests.length > 0 || general.kindWord);
      if (!strong && !weak) continue;
      // What the message says of the category itself decides between categories; the general words are
      // shared by all. An object that only says where ("улица") weighs half as much as one that says what.
      const objectWeight = objects.reduce((sum, o) => sum + (this.isPlaceWord(o) ? 0.5 : 1), 0);
      const score = 3 * reports.length + 2 * ownFaults.length + objectWeight + (strong ? 100 : 0);
      if (best && score <= best.score) continue;
      const evidence: ReportEvidence = { reports, objects, faults: [...ownFaults, ...general.faults], requests: general.requests, complaints: general.complaints, durations: general.durations, kindWord: general.kindWord };
      const kind = kinds.length === 1 ? kinds[0] : c.category.kind;
      best = { reading: { category: c.category, kind, strength: strong ? 'strong' : 'weak', evidence }, score };
    }
    if (!best) return undefined;
    const place = findPlace(text, this.placeMarkers);
    return { ...best.reading, ...(place ? { place } : {}) };
  }

  /**
   * True when a message only opens a complaint or a signal ("Искам да подам жалба срещу служител"):
   * every word is an opener or a stop word, so the account is still to come.
   */
  isOpener(text: string, isStop: (word: string) => boolean): boolean {
    const message = messageWords(text);
    return message.raw.every((word, i) => isStop(word) || this.openers.some((p) => p.words.length === 1 && wordMatches(p.words[0], message, p.lang, i)));
  }

  private isPlaceWord(pattern: string): boolean {
    return !/\s/.test(pattern) && (this.placeMarkers.bg.has(canonical(pattern.replace(/\*$/, ''))) || this.placeMarkers.en.has(englishKey(pattern.replace(/\*$/, ''))));
  }

  /** The place named in a message, if any ("ул. „Рила“ 5", "с. Мрамор"). */
  placeIn(text: string): string | undefined {
    return findPlace(text, this.placeMarkers);
  }
}
