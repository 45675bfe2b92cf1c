// Practical questions that the calendar answers rather than a knowledge entry: "Отворено ли е
// сега?", "работите ли в събота?", "ако подам днес, кога ще е готово?", "колко струва
// експресно?". Recognised from their words alone (pure, no clock); the answers are rendered in
// render/practicalViews.ts at the time of the reply.
//
// An opening-hours question must consist only of words about opening hours, days and the
// municipality itself: "what time does the bank open" names something else and is not one.
// The words are data (knowledge/lexicon/practical.yaml); this module compiles them once per
// knowledge base.
import type { AskedDay } from '../calendar/askedDay.js';
import type { HolidayId } from '../dates/holidays.js';
import type { Facet, PracticalFile, WordList } from '../knowledge/lexiconSchema.js';
import { SPEEDS, WEEKDAYS, type Speed, type Weekday } from '../knowledge/schema.js';
import { canonical, englishKey, tokenize } from '../search/canonical.js';
import { stemKey, type TextPipeline } from '../search/analyze.js';
import type { Message } from '../search/message.js';
import type { Lang } from '../common/lang.js';

/** A practical question about a service: when it will be ready, what one speed costs. */
export type Practical = { kind: 'readyDate' } | { kind: 'speedFee'; speed: Speed };

/** A word list compiled for lookups: Bulgarian words stemmed (or only spelled), English words spelled. */
interface Compiled {
  bg: Set<string>;
  en: Set<string>;
}

const spelled = (words: WordList): Compiled => ({ bg: new Set(words.bg.map(canonical)), en: new Set(words.en.map(englishKey)) });

/** A word of a message in the forms the lists are compared with (taken from the Message). */
interface Word {
  stem: string;
  spelled: string;
  english: string;
  stop: boolean;
}
/** The words of a message, leaving out those inside the spans already taken (a date, a holiday). */
const wordsOf = (message: Message, taken: Array<[number, number]> = []): Word[] =>
  message.spans.flatMap((span, i) =>
    taken.some(([s, e]) => span.start >= s && span.end <= e) ? [] : [{ stem: message.form.bg[i], spelled: message.key.bg[i], english: message.key.en[i], stop: message.stop.bg[i] || message.stop.en[i] }],
  );
const inSet = (sets: Compiled, w: Word) => sets.bg.has(w.stem) || sets.en.has(w.english);
const inSpelled = (sets: Compiled, w: Word) => sets.bg.has(w.spelled) || sets.en.has(w.english);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A phrase of several words as a pattern that allows any spacing between them. */
const phrasePattern = (phrase: string) => phrase.trim().split(/\s+/).map(escapeRegExp).join('\\s+');

type DatePattern = [RegExp, (m: RegExpExecArray) => AskedDay];

/** Recognises the practical questions, with the word lists of one knowledge base. */
export class PracticalReader {
  private readonly state: Compiled;
  private readonly hours: Compiled;
  private readonly self: Compiled;
  private readonly filler: Compiled;
  private readonly until: Compiled;
  private readonly howLate: Compiled;
  private readonly when: Array<{ day: AskedDay; words: Compiled }>;
  private readonly weekdays: Array<{ weekday: Weekday; words: Compiled }>;
  /** Holidays named by one word ("Коледа"), matched by stem. */
  private readonly holidayWords: Array<{ holiday: HolidayId; words: Compiled }>;
  /** Holidays named by a phrase ("нова година"), matched as a whole before the words are read. */
  private readonly holidayPhrases: Array<{ holiday: HolidayId; pattern: RegExp }>;
  private readonly datePatterns: DatePattern[];
  private readonly speeds: Array<{ speed: Speed; words: Compiled }>;
  private readonly price: Compiled;
  private readonly ready: Compiled;
  private readonly apply: Compiled;
  private readonly whichDay: Compiled;
  private readonly generic: Compiled;

  constructor(
    words: PracticalFile,
    private readonly pipeline: TextPipeline,
  ) {
    const stemmed = (list: WordList): Compiled => ({ bg: new Set(list.bg.map((w) => stemKey(w, 'bg'))), en: new Set(list.en.map(englishKey)) });
    const h = words.hours;
    this.state = stemmed(h.state);
    this.hours = stemmed(h.hours);
    this.self = stemmed(h.self);
    this.filler = stemmed(h.filler);
    this.until = spelled(h.until);
    this.howLate = spelled(h.how_late);
    this.when = [
      { day: { kind: 'now' }, words: spelled(h.now) },
      { day: { kind: 'today' }, words: spelled(h.today) },
      { day: { kind: 'tomorrow' }, words: spelled(h.tomorrow) },
    ];
    this.weekdays = WEEKDAYS.map((weekday) => ({ weekday, words: stemmed(h.weekdays[weekday]) }));
    const holidays = Object.entries(h.holidays) as Array<[HolidayId, WordList]>;
    const single = (ws: string[]) => ws.filter((w) => !/\s/.test(w.trim()));
    const multi = (ws: string[]) => ws.filter((w) => /\s/.test(w.trim()));
    this.holidayWords = holidays.map(([holiday, list]) => ({ holiday, words: stemmed({ bg: single(list.bg), en: single(list.en) }) }));
    this.holidayPhrases = holidays
      .map(([holiday, list]) => ({ holiday, phrases: [...multi(list.bg), ...multi(list.en)] }))
      .filter((p) => p.phrases.length > 0)
      .map(({ holiday, phrases }) => ({ holiday, pattern: new RegExp(`(?<![\\p{L}])(?:${phrases.map(phrasePattern).join('|')})(?![\\p{L}])`, 'iu') }));
    this.datePatterns = datePatterns(h.months, h.ordinals);
    const s = words.service;
    this.speeds = SPEEDS.map((speed) => ({ speed, words: stemmed(s.speeds[speed]) }));
    this.price = stemmed(s.price);
    this.ready = stemmed(s.ready);
    this.apply = stemmed(s.apply);
    this.whichDay = spelled(s.which_day);
    this.generic = stemmed(s.generic);
  }

  /** "24 май", "24.05", "24.05.2027", "May 24th", and where in the text it stands. */
  private dateIn(text: string): { day: AskedDay; span: [number, number] } | undefined {
    for (const [pattern, read] of this.datePatterns) {
      const m = pattern.exec(text);
      if (!m) continue;
      const day = read(m) as Extract<AskedDay, { kind: 'date' }>;
      if (day.month >= 1 && day.month <= 12 && day.day >= 1 && day.day <= 31) return { day, span: [m.index, m.index + m[0].length] };
    }
    return undefined;
  }

  /** A holiday named by a phrase, and where in the text it stands. */
  private holidayPhraseIn(text: string): { day: AskedDay; span: [number, number] } | undefined {
    for (const { holiday, pattern } of this.holidayPhrases) {
      const m = pattern.exec(text);
      if (m) return { day: { kind: 'holiday', holiday }, span: [m.index, m.index + m[0].length] };
    }
    return undefined;
  }

  /**
   * The day an opening-hours question asks about, or null when the message is not one.
   * `ownNames` are words of the municipality's name ("Петрич"), which may appear too.
   */
  hoursQuestionOf(message: Message, ownNames: string[] = []): AskedDay | null {
    const date = this.dateIn(message.text);
    const holidayPhrase = this.holidayPhraseIn(message.text);
    const own = new Set(ownNames.flatMap((n) => tokenize(n)).map((w) => stemKey(w, 'bg')));
    let state = false;
    let hours = false;
    let until = false;
    let day: AskedDay | undefined = date?.day ?? holidayPhrase?.day;
    const tokens = wordsOf(message, [date?.span, holidayPhrase?.span].filter((s): s is [number, number] => s !== undefined));
    for (const [i, token] of tokens.entries()) {
      const when = this.when.find((w) => inSpelled(w.words, token));
      const weekday = this.weekdays.find((w) => inSet(w.words, token));
      const holiday = this.holidayWords.find((h) => inSet(h.words, token));
      if (when || weekday || holiday) {
        day ??= when ? when.day : weekday ? { kind: 'weekday', weekday: weekday.weekday } : { kind: 'holiday', holiday: holiday!.holiday };
        continue;
      }
      if (inSpelled(this.until, token)) {
        const next = tokens[i + 1];
        if (next && inSpelled(this.howLate, next)) until = true;
        continue;
      }
      if (inSet(this.state, token)) state = true;
      else if (inSet(this.hours, token)) hours = true;
      else if (inSet(this.self, token) || inSet(this.filler, token) || own.has(token.stem) || token.stop) continue;
      else return null;
    }
    if (!state && !hours) return null;
    if (day) return day;
    if (until) return { kind: 'today' };
    return state ? { kind: 'now' } : null;
  }

  /** A question about when a service will be ready or what one of its speeds costs, or null. */
  practicalOf(message: Message, facets: Facet[]): Practical | null {
    const tokens = wordsOf(message);
    const has = (sets: Compiled) => tokens.some((t) => inSet(sets, t));
    const asksDay = tokens.some((t) => inSpelled(this.whichDay, t));

    // The first speed named other than the regular one is the one asked about ("експресно спрямо обикновено").
    const named = this.speeds.filter((s) => has(s.words)).map((s) => s.speed);
    const speed = named.find((s) => s !== 'regular') ?? named[0];
    if (speed && (facets.includes('fee') || has(this.price))) return { kind: 'speedFee', speed };

    if (asksDay && (has(this.ready) || (has(this.apply) && facets.includes('deadline')))) return { kind: 'readyDate' };
    return null;
  }

  /** True when every content word of a question is generic, so it can only be about the last service. */
  namesNoService(message: Message, lang: Lang): boolean {
    const words = wordsOf(message);
    return this.pipeline
      .queryTokens(message, lang)
      .every((t, i) => t.stop || t.facet !== undefined || inSet(this.generic, words[i]));
  }
}

/** Date patterns with the month names and ordinal endings of the word lists. */
function datePatterns(months: { bg: string[]; en: string[] }, ordinals: WordList): DatePattern[] {
  const names = [...months.bg, ...months.en, ...months.en.map((m) => m.slice(0, 3))].map(escapeRegExp);
  const monthName = `(${names.join('|')})`;
  const ordinal = `(?:-?(?:${[...ordinals.bg, ...ordinals.en].map(escapeRegExp).join('|')}))?`;
  const monthOf = (name: string): number => {
    const lower = name.toLocaleLowerCase('bg');
    const bg = months.bg.findIndex((m) => m.toLocaleLowerCase('bg') === lower);
    return bg >= 0 ? bg + 1 : months.en.findIndex((m) => m.toLowerCase().startsWith(lower)) + 1;
  };
  const withYear = (y: string | undefined) => (y ? { year: Number(y) } : {});
  return [
    [/(?<![\d.])(\d{1,2})[./](\d{1,2})(?:[./](\d{4}))?(?![\d.]*\d)/u, (m) => ({ kind: 'date', day: Number(m[1]), month: Number(m[2]), ...withYear(m[3]) })],
    [new RegExp(`(?<!\\d)(\\d{1,2})${ordinal}\\s+(?:of\\s+)?${monthName}(?:\\s+(\\d{4}))?(?![\\p{L}])`, 'iu'), (m) => ({ kind: 'date', day: Number(m[1]), month: monthOf(m[2]), ...withYear(m[3]) })],
    [new RegExp(`(?<![\\p{L}])${monthName}\\s+(\\d{1,2})${ordinal}(?:,?\\s+(\\d{4}))?(?!\\d)`, 'iu'), (m) => ({ kind: 'date', day: Number(m[2]), month: monthOf(m[1]), ...withYear(m[3]) })],
  ];
}
