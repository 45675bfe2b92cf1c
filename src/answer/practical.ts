// Practical questions that the calendar answers rather than a knowledge entry: "Отворено ли е
// сега?", "работите ли в събота?", "ако подам днес, кога ще е готово?", "колко струва
// експресно?". Recognised from their words alone (pure, no clock); the answers are rendered in
// render/practicalViews.ts at the time of the reply.
//
// An opening-hours question must consist only of words about opening hours, days and the
// municipality itself: "what time does the bank open" names something else and is not one.
import type { HolidayId } from '../calendar/holidays.js';
import type { Speed, Weekday } from '../knowledge/schema.js';
import { canonical, tokenize } from '../search/canonical.js';
import { analyzeQuery, englishKey, termKey, type Lang } from '../search/analyze.js';
import type { Facet } from '../search/facets.js';
import { stemBulgarian } from '../search/stem.js';

/** The day an opening-hours question asks about; resolved against the clock when answering. */
export type AskedDay =
  | { kind: 'now' }
  | { kind: 'today' }
  | { kind: 'tomorrow' }
  | { kind: 'weekday'; weekday: Weekday }
  | { kind: 'date'; month: number; day: number; year?: number }
  | { kind: 'holiday'; holiday: HolidayId };

/** A practical question about a service: when it will be ready, what one speed costs. */
export type Practical = { kind: 'readyDate' } | { kind: 'speedFee'; speed: Speed };

const list = (s: string) => s.split(/\s+/).filter(Boolean);
const bgStem = (w: string) => stemBulgarian(canonical(w));
const bgStems = (s: string) => new Set(list(s).map(bgStem));
const enKeys = (s: string) => new Set(list(s).map(englishKey));
const bgKeys = (s: string) => new Set(list(s).map(canonical));

/** Being open or closed: on its own it asks about now ("Отворено ли е?"). */
const STATE = { bg: bgStems('отворено отворена отворен отворени отваря отварят отваряте затворено затворена затворен затворени затваря затварят затваряте'), en: enKeys('open opens opened closed close closes') };

/** Opening hours in general: needs a day to become a question about one ("работите ли в събота?"). */
const HOURS = {
  bg: bgStems('работи работите работят работим работа работно работното работен работна време часа час часове часът обедна обедната почивка почивката почивки приемно приемното'),
  en: enKeys('opening hours hour working work works time lunch break'),
};

/** Words for the municipality and its offices. */
const SELF = {
  bg: bgStems('общината община общински кметството кметство администрацията администрация цао центъра центърът център гише гишето гишетата гишета офис офиса деловодството деловодство касата каса касите'),
  en: enKeys('municipality municipal office offices centre center council desk counter service services administration town hall'),
};

/** Words that may appear without changing the question ("по празниците", "on holidays"). */
const FILLER = { bg: bgStems('празници празник празниците празника'), en: enKeys('holiday holidays day days') };

const WHEN: Array<{ day: AskedDay; bg: Set<string>; en: Set<string> }> = [
  { day: { kind: 'now' }, bg: bgKeys('сега момента'), en: enKeys('now') },
  { day: { kind: 'today' }, bg: bgKeys('днес'), en: enKeys('today tonight') },
  { day: { kind: 'tomorrow' }, bg: bgKeys('утре'), en: enKeys('tomorrow') },
];

const WEEKDAY_WORDS: Array<[Weekday, string, string]> = [
  ['mon', 'понеделник понеделника понеделници понеделниците', 'monday mondays'],
  ['tue', 'вторник вторника вторници вторниците', 'tuesday tuesdays'],
  ['wed', 'сряда срядата среда среди средите', 'wednesday wednesdays'],
  ['thu', 'четвъртък четвъртъка четвъртъци четвъртъците chetvurtuk', 'thursday thursdays'],
  ['fri', 'петък петъка петъци петъците petuk', 'friday fridays'],
  // Latin spellings with u for ъ ("subota") are common in Bulgarian typed in Latin letters.
  ['sat', 'събота съботата съботи съботите subota subotata уикенд уикенда уикендите', 'saturday saturdays weekend weekends'],
  ['sun', 'неделя неделята недели неделите', 'sunday sundays'],
];
const WEEKDAYS = WEEKDAY_WORDS.map(([weekday, bg, en]) => ({ weekday, bg: bgStems(bg), en: enKeys(en) }));

/** "работите ли на Коледа?": the next time that holiday comes. */
const HOLIDAY_WORDS: Array<{ holiday: HolidayId; bg: Set<string>; en: Set<string> }> = [
  { holiday: 'christmas', bg: bgStems('коледа коледата рождество'), en: enKeys('christmas xmas') },
  { holiday: 'christmasEve', bg: bgStems('бъдни'), en: enKeys('') },
  { holiday: 'easter', bg: bgStems('великден великдена'), en: enKeys('easter') },
];
const NEW_YEAR = /нова\s+година|new\s+year/iu;

const MONTHS_BG = list('януари февруари март април май юни юли август септември октомври ноември декември');
const MONTHS_EN = list('january february march april may june july august september october november december');
const MONTH_NAME = `(${[...MONTHS_BG, ...MONTHS_EN, ...MONTHS_EN.map((m) => m.slice(0, 3))].join('|')})`;
const ORDINAL = '(?:-?(?:ви|ри|ти|ми|st|nd|rd|th))?';

function monthOf(name: string): number {
  const lower = name.toLocaleLowerCase('bg');
  const bg = MONTHS_BG.indexOf(lower);
  return bg >= 0 ? bg + 1 : MONTHS_EN.findIndex((m) => m.startsWith(lower)) + 1;
}

/** "24 май", "24.05", "24.05.2027", "May 24th", with the text that was taken up removed. */
function takeDate(text: string): { day?: AskedDay; rest: string } {
  const patterns: Array<[RegExp, (m: RegExpExecArray) => AskedDay]> = [
    [/(?<![\d.])(\d{1,2})[./](\d{1,2})(?:[./](\d{4}))?(?![\d.]*\d)/u, (m) => ({ kind: 'date', day: Number(m[1]), month: Number(m[2]), ...(m[3] ? { year: Number(m[3]) } : {}) })],
    [new RegExp(`(?<!\\d)(\\d{1,2})${ORDINAL}\\s+(?:of\\s+)?${MONTH_NAME}(?:\\s+(\\d{4}))?(?![\\p{L}])`, 'iu'), (m) => ({ kind: 'date', day: Number(m[1]), month: monthOf(m[2]), ...(m[3] ? { year: Number(m[3]) } : {}) })],
    [new RegExp(`(?<![\\p{L}])${MONTH_NAME}\\s+(\\d{1,2})${ORDINAL}(?:,?\\s+(\\d{4}))?(?!\\d)`, 'iu'), (m) => ({ kind: 'date', day: Number(m[2]), month: monthOf(m[1]), ...(m[3] ? { year: Number(m[3]) } : {}) })],
  ];
  for (const [pattern, read] of patterns) {
    const m = pattern.exec(text);
    if (!m) continue;
    const day = read(m) as Extract<AskedDay, { kind: 'date' }>;
    if (day.month >= 1 && day.month <= 12 && day.day >= 1 && day.day <= 31) return { day, rest: text.slice(0, m.index) + ' ' + text.slice(m.index + m[0].length) };
  }
  return { rest: text };
}

/** "до" is "do" in the canonical spelling. */
const UNTIL = new Set(['do', 'until', 'till']);
const HOW_LATE = new Set(['kolko', 'when', 'what']);

const isStop = (token: string) => termKey(token, 'bg') === null || termKey(token, 'en') === null;
const inSet = (sets: { bg: Set<string>; en: Set<string> }, token: string) => sets.bg.has(bgStem(token)) || sets.en.has(englishKey(token));

/**
 * The day an opening-hours question asks about, or null when the message is not one.
 * `ownNames` are words of the municipality's name ("Петрич"), which may appear too.
 */
export function hoursQuestionOf(question: string, ownNames: string[] = []): AskedDay | null {
  const { day: date, rest: withoutDate } = takeDate(question);
  const newYear = NEW_YEAR.exec(withoutDate);
  const rest = newYear ? withoutDate.replace(NEW_YEAR, ' ') : withoutDate;
  const own = new Set(ownNames.flatMap((n) => tokenize(n)).map(bgStem));
  let state = false;
  let hours = false;
  let until = false;
  let day: AskedDay | undefined = date ?? (newYear ? { kind: 'holiday', holiday: 'newYear' } : undefined);
  const tokens = tokenize(rest);
  for (const [i, token] of tokens.entries()) {
    const when = WHEN.find((w) => w.bg.has(canonical(token)) || w.en.has(englishKey(token)));
    const weekday = WEEKDAYS.find((w) => inSet(w, token));
    const holiday = HOLIDAY_WORDS.find((h) => inSet(h, token));
    if (when || weekday || holiday) {
      day ??= when ? when.day : weekday ? { kind: 'weekday', weekday: weekday.weekday } : { kind: 'holiday', holiday: holiday!.holiday };
      continue;
    }
    // "до колко часа", "until when", "till what time": today's closing time.
    if (UNTIL.has(canonical(token)) || UNTIL.has(englishKey(token))) {
      const next = tokens[i + 1] ?? '';
      if (HOW_LATE.has(canonical(next)) || HOW_LATE.has(englishKey(next))) until = true;
      continue;
    }
    if (inSet(STATE, token)) state = true;
    else if (inSet(HOURS, token)) hours = true;
    else if (inSet(SELF, token) || inSet(FILLER, token) || own.has(bgStem(token)) || isStop(token)) continue;
    else return null;
  }
  if (!state && !hours) return null;
  if (day) return day;
  if (until) return { kind: 'today' };
  return state ? { kind: 'now' } : null;
}

const SPEED_WORDS: Array<{ speed: Speed; bg: Set<string>; en: Set<string> }> = [
  { speed: 'express', bg: bgStems('експресно експресна експресната експресен експресния експрес спешно спешна спешната'), en: enKeys('express urgent urgently') },
  { speed: 'fast', bg: bgStems('бърза бързата бързо бърз бързия'), en: enKeys('fast faster quick quickly quicker') },
  { speed: 'regular', bg: bgStems('обикновена обикновената обикновено обикновен обикновения стандартна стандартно'), en: enKeys('regular normal standard ordinary') },
];

/** Words of price that are not fee facet words ("по-скъпо"; "much" is an English stop word). */
const PRICE = { bg: bgStems('скъпо скъпа скъп скъпи евтино евтина'), en: enKeys('much expensive cheaper dearer') };
/** "готово", "ready". */
const READY = { bg: bgStems('готово готов готова готови'), en: enKeys('ready') };
/** "ако подам", "if I apply". */
const APPLY = { bg: bgStems('подам подадем подадете подаде подавам'), en: enKeys('apply file submit') };
/** Asking for a day: "кога", "when", "на коя дата". */
const WHICH_DAY = { bg: bgKeys('кога дата датата днес утре'), en: enKeys('when date today tomorrow') };

/** A question about when a service will be ready or what one of its speeds costs, or null. */
export function practicalOf(question: string, facets: Facet[]): Practical | null {
  const tokens = tokenize(question);
  const has = (sets: { bg: Set<string>; en: Set<string> }) => tokens.some((t) => inSet(sets, t));
  const asksDay = tokens.some((t) => WHICH_DAY.bg.has(canonical(t)) || WHICH_DAY.en.has(englishKey(t)));

  // The first speed named other than the regular one is the one asked about ("експресно спрямо обикновено").
  const named = SPEED_WORDS.filter((s) => has(s)).map((s) => s.speed);
  const speed = named.find((s) => s !== 'regular') ?? named[0];
  if (speed && (facets.includes('fee') || has(PRICE))) return { kind: 'speedFee', speed };

  if (asksDay && (has(READY) || (has(APPLY) && facets.includes('deadline')))) return { kind: 'readyDate' };
  return null;
}

/** Words that name no particular service: "експресната услуга", "the express option". */
const GENERIC = { bg: bgStems('услуга услугата услуги вариант варианта вариантът поръчка'), en: enKeys('service services option version one') };

/** True when every content word of a question is generic, so it can only be about the last service. */
export function namesNoService(question: string, lang: Lang): boolean {
  return analyzeQuery(question, lang)
    .filter((t) => !t.stop && !t.facet)
    .every((t) => inSet(GENERIC, t.raw));
}
