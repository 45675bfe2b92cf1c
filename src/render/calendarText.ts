// Days, ready dates and filing rules in the reader's language: dates with Intl (bg-BG, en-GB),
// sentences from locales/ (calendar.*). The days are Sofia calendar days (calendar/sofiaTime.ts),
// formatted at noon UTC so that no zone can move them.
import type { Period, WeeklyHours } from '../calendar/openingHours.js';
import type { Filing, ReadyWindow } from '../calendar/readyDate.js';
import { addDays, clockText, minutesOf, sofiaTime, yearOf, type IsoDate } from '../dates/sofiaTime.js';
import type { DayStatus, WorkingCalendar } from '../calendar/workingCalendar.js';
import { WEEKDAYS, type Weekday } from '../knowledge/schema.js';
import { LOCALE, type Lang } from '../common/lang.js';
import type { RenderContext } from './renderContext.js';
import { dateTimeFormat, listFormat } from './formatters.js';


const noon = (date: IsoDate) => new Date(`${date}T12:00:00Z`);
const format = (lang: Lang, options: Intl.DateTimeFormatOptions) => dateTimeFormat(LOCALE[lang], { ...options, timeZone: 'UTC' });

/** Today on the municipality's clock. */
export function todayOf(ctx: RenderContext): IsoDate {
  return sofiaTime(ctx.now).date;
}

export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase(LOCALE.bg) + text.slice(1);
}

/** "30 ноември (понеделник)", "Monday 30 November"; with the year when it is not this year. */
export function dayLabel(date: IsoDate, ctx: RenderContext): string {
  const withYear = yearOf(date) !== yearOf(todayOf(ctx));
  const dayMonth = format(ctx.lang, { day: 'numeric', month: 'long', ...(withYear ? { year: 'numeric' } : {}) }).format(noon(date));
  const weekday = format(ctx.lang, { weekday: 'long' }).format(noon(date));
  return ctx.t('calendar.dayLabel', { date: dayMonth, weekday });
}

/** "днес", "утре" or "на 30 ноември (понеделник)". */
export function whenLabel(date: IsoDate, ctx: RenderContext): string {
  const today = todayOf(ctx);
  if (date === today) return ctx.t('calendar.today');
  if (date === addDays(today, 1)) return ctx.t('calendar.tomorrow');
  return ctx.t('calendar.on', { date: dayLabel(date, ctx) });
}

const SHORT: Record<Lang, Intl.DateTimeFormatOptions> = {
  bg: { weekday: 'short', day: 'numeric', month: 'numeric' },
  en: { weekday: 'short', day: 'numeric', month: 'short' },
};

const RANGE: Record<Lang, Intl.DateTimeFormatOptions> = {
  bg: { day: 'numeric', month: 'numeric' },
  en: { day: 'numeric', month: 'short' },
};

/** "пн, 30.11", "Mon 30 Nov": for table cells. */
export function shortDay(date: IsoDate, lang: Lang): string {
  return format(lang, SHORT[lang]).format(noon(date));
}

/** A ready window as a sentence part ("9 декември (сряда)", "ориентировъчно между … и …") or a table cell. */
export function readyText(window: ReadyWindow, ctx: RenderContext, style: 'long' | 'short'): string {
  const { t, lang } = ctx;
  const day = (d: IsoDate) => (style === 'long' ? dayLabel(d, ctx) : shortDay(d, lang));
  if (!window.estimate) return day(window.earliest);
  if (style === 'short') {
    // A narrow cell: "≈ 9.12 – 15.12", the weekdays left out of a range; the note under the table explains "≈".
    const range = window.earliest === window.latest ? day(window.earliest) : format(lang, RANGE[lang]).formatRange(noon(window.earliest), noon(window.latest));
    return t('calendar.ready.aboutShort', { date: range });
  }
  if (window.earliest === window.latest) return t('calendar.ready.about', { date: day(window.earliest) });
  return t('calendar.ready.between', { from: day(window.earliest), to: day(window.latest) });
}

/** What the dates assume about when the application is made. */
export function filingSentence(filing: Filing, calendar: WorkingCalendar, ctx: RenderContext): string {
  const { t } = ctx;
  const date = dayLabel(filing.day, ctx);
  switch (filing.reason) {
    case 'open':
    case 'laterToday':
      return t('calendar.filing.today', { date });
    case 'todayHoursUnknown':
      return t('calendar.filing.todayHoursUnknown', { date, next: dayLabel(calendar.nextWorkingDay(filing.day), ctx) });
    case 'afterHours':
      return t('calendar.filing.afterHours', { date });
    case 'dayOff':
      return t('calendar.filing.dayOff', { date });
  }
}

/** "Днес, 29 ноември (неделя),", "28 ноември (събота)": the subject of a sentence about a day. */
function daySubject(date: IsoDate, ctx: RenderContext): string {
  return capitalize(date === todayOf(ctx) ? ctx.t('calendar.todayIs', { date: dayLabel(date, ctx) }) : dayLabel(date, ctx));
}

/**
 * That a Saturday or Sunday is not worked: said only where the hours are unknown, since known
 * weekly hours may open on a Saturday (and then say so themselves).
 */
export function weekendSentence(date: IsoDate, ctx: RenderContext): string {
  return ctx.t('calendar.day.weekend', { date: daySubject(date, ctx) });
}

/** Why a day is special: a holiday, a moved day off, a declared day off or working day; else undefined. */
export function dayStatusSentence(date: IsoDate, status: DayStatus, ctx: RenderContext): string | undefined {
  const { t, lang } = ctx;
  const label = daySubject(date, ctx);
  if (status.working) return status.declared ? t('calendar.day.declaredWorking', { date: label, name: status.declared.name[lang] }) : undefined;
  switch (status.reason) {
    case 'weekend':
      return undefined;
    case 'holiday':
      return t(status.holiday.moved ? 'calendar.day.moved' : 'calendar.day.holiday', { date: label, name: t(`calendar.holiday.${status.holiday.holiday}`) });
    case 'declared':
      return t('calendar.day.declaredOff', { date: label, name: status.declared.name[lang] });
  }
}

/** "08:00–12:00 и 13:00–17:00". */
export function periodsText(periods: Period[], lang: Lang): string {
  return listFormat(LOCALE[lang], { type: 'conjunction' }).format(periods.map((p) => `${clockText(p.from)}–${clockText(p.to)}`));
}

/** 2024-01-01 was a Monday: weekday names come from Intl rather than from a list of our own. */
export function weekdayName(day: Weekday, lang: Lang): string {
  return format(lang, { weekday: 'long' }).format(noon(addDays('2024-01-01', WEEKDAYS.indexOf(day))));
}

/** The weekly hours as lines, consecutive days with the same hours together: "понеделник – петък: 08:00–17:00". */
export function weeklyLines(weekly: WeeklyHours, ctx: RenderContext): string[] {
  const { t, lang } = ctx;
  const textOf = (day: Weekday) => {
    const periods = weekly[day];
    return periods ? periodsText(periods.map(([from, to]) => ({ from: minutesOf(from), to: minutesOf(to) })), lang) : t('calendar.hours.closed');
  };
  const groups: Array<{ first: Weekday; last: Weekday; text: string }> = [];
  for (const day of WEEKDAYS) {
    const text = textOf(day);
    const previous = groups.at(-1);
    if (previous && previous.text === text) previous.last = day;
    else groups.push({ first: day, last: day, text });
  }
  return groups.map((g) => {
    const days = g.first === g.last ? weekdayName(g.first, lang) : `${weekdayName(g.first, lang)} – ${weekdayName(g.last, lang)}`;
    return t('calendar.hours.weeklyLine', { days: capitalize(days), periods: g.text });
  });
}

