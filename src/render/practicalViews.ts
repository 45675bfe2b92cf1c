// Answers to the practical questions of answer/practical.ts: "is it open now?", "when will it be
// ready?", "how much is express?". Built from the knowledge (hours, speeds, fees), the working
// calendar and the reply's clock. Where the knowledge lacks a fact (Petrich's opening hours), the
// answer says so and gives the phone instead of guessing.
import { nextOpening, openingStatus, periodsOn } from '../calendar/openingHours.js';
import { clockText, sofiaTime, type IsoDate } from '../dates/sofiaTime.js';
import { workingCalendarOf, type DayStatus } from '../calendar/workingCalendar.js';
import type { Source, Speed, SpeedOption } from '../knowledge/schema.js';
import { sourcesOf, type KnowledgeEntry } from '../knowledge/types.js';
import { resolveDay, type AskedDay } from '../calendar/askedDay.js';
import {
  contactsSection,
  entryAction,
  entryView,
  formatDate,
  formatDeadline,
  formatFee,
  formatMoney,
  mainPhone,
  speedsReady,
  speedsSection,
  type AnswerView,
  type RenderContext,
  type ViewAction,
  type ViewSection,
} from './answerView.js';
import { capitalize, dayLabel, dayStatusSentence, periodsText, readyText, weekendSentence, weeklyLines, whenLabel } from './calendarText.js';
import { listFormat } from './formatters.js';

/** The sources a day's status rests on: the Labour Code for holidays, the declaration for declared days. */
function statusSources(status: DayStatus, ctx: RenderContext): Source[] {
  const calendar = ctx.kb.calendar;
  const m = ctx.kb.municipality;
  if (status.working && status.declared && calendar) return sourcesOf(calendar, status.declared.source);
  if (status.working) return [];
  if (status.reason === 'declared' && calendar) return sourcesOf(calendar, status.declared.source);
  if (status.reason === 'holiday') {
    if (calendar) return sourcesOf(calendar, calendar.public_holidays.source);
    if (m.holidays) return sourcesOf(m, m.holidays.source);
  }
  return [];
}

function withSources(view: Omit<AnswerView, 'sources' | 'footer'>, sources: Source[], ctx: RenderContext): AnswerView {
  const unique = [...new Map(sources.map((s) => [s.id, s])).values()];
  const oldest = unique.map((s) => s.checked).sort()[0];
  return {
    ...view,
    ...(oldest ? { footer: ctx.t('answer.checked', { date: formatDate(oldest, ctx.lang) }) } : {}),
    sources: unique.map((s) => ({ title: s.title, ...(s.url ? { url: s.url } : {}) })),
    sourcesLabel: ctx.t('answer.sourcesToggle', { count: unique.length }),
  };
}

/** "Отворено ли е сега?", "работите ли в събота?", "до колко часа сте днес?". */
export function hoursView(day: AskedDay, topicId: string | undefined, ctx: RenderContext): AnswerView {
  const { t, lang, kb } = ctx;
  const m = kb.municipality;
  const calendar = workingCalendarOf(kb.calendar);
  const now = sofiaTime(ctx.now);
  const date = resolveDay(day, now.date);
  const aboutNow = day.kind === 'now' || day.kind === 'today';
  const status = calendar.statusOf(date);
  const special = dayStatusSentence(date, status, ctx);
  const closedByCalendar = !status.working && status.reason !== 'weekend';
  const sentences: string[] = special ? [special] : [];
  const sections: ViewSection[] = [];
  let sources = statusSources(status, ctx);

  const topic = topicId ? kb.byId.get(topicId) : undefined;
  const actions: ViewAction[] = topic ? [entryAction(topic, lang)] : [];

  if (!m.hours) {
    // Without confirmed hours only the working calendar is certain: a weekend, a holiday or a declared
    // day off is closed, and the next working day is known; the hours of a working day go to the phone.
    if (!status.working) {
      if (status.reason === 'weekend') sentences.push(weekendSentence(date, ctx));
      sentences.push(t('calendar.hours.nextWorkingDay', { date: dayLabel(calendar.nextWorkingDay(date), ctx) }), t('calendar.hours.unknownOtherDays'));
    } else {
      sentences.push(aboutNow ? t('calendar.hours.unknownNow', { municipality: m.name[lang] }) : t('calendar.hours.unknownDay', { municipality: m.name[lang], when: whenLabel(date, ctx) }));
    }
    sections.push(contactsSection(ctx));
    if (m.holidays) {
      sections.push({ id: 'holidays', heading: t('calendar.hours.holidays'), lines: [m.holidays[lang]] });
      sources = [...sources, ...sourcesOf(m, m.holidays.source)];
    }
    return withSources({ title: t('calendar.hours.title'), text: sentences.join(' '), sections, actions }, sources, ctx);
  }

  const weekly = m.hours.weekly;
  const periods = periodsOn(date, weekly, calendar);
  const opensText = (at: { date: IsoDate; minutes: number } | undefined, key: 'calendar.hours.opens' | 'calendar.hours.opensAgain') =>
    at ? t(key, { when: whenLabel(at.date, ctx), time: clockText(at.minutes) }) : t('calendar.hours.noOpening');
  if (aboutNow) {
    const open = openingStatus(now, weekly, calendar);
    if (open.open) {
      sentences.push(t('calendar.hours.openNow', { time: clockText(open.until) }));
      if (open.later.length > 0) sentences.push(t('calendar.hours.laterToday', { periods: periodsText(open.later, lang) }));
    } else {
      if (!closedByCalendar) sentences.push(t('calendar.hours.closedNow'));
      if (periods.length > 0) sentences.push(t('calendar.hours.todayPeriods', { periods: periodsText(periods, lang) }));
      sentences.push(opensText(open.next, 'calendar.hours.opens'));
    }
  } else if (periods.length > 0) {
    sentences.push(t('calendar.hours.dayOpen', { when: whenLabel(date, ctx), periods: periodsText(periods, lang) }));
  } else {
    if (!closedByCalendar) sentences.push(t('calendar.hours.dayClosed', { when: whenLabel(date, ctx) }));
    sentences.push(opensText(nextOpening({ date, minutes: 24 * 60 }, weekly, calendar), 'calendar.hours.opensAgain'));
  }

  const weeklySection = [...weeklyLines(weekly, ctx), ...(m.holidays ? [m.holidays[lang]] : [])];
  sections.push({ id: 'hours', heading: t('calendar.hours.weekly'), lines: weeklySection });
  sources = [...sourcesOf(m, m.hours.source), ...sources];
  return withSources({ title: t('calendar.hours.title'), text: sentences.map(capitalize).join(' '), sections, actions }, sources, ctx);
}

/** "ако подам днес, кога ще е готово?": the ready day of each speed, counted as the knowledge says. */
export function readyDateView(entry: KnowledgeEntry, ctx: RenderContext): AnswerView {
  if (entry.kind !== 'service') return entryView(entry, ['deadline'], ctx);
  const view = entryView(entry, ['deadline'], ctx);
  return { ...view, sections: view.sections.map((s) => (s.id === 'speeds' ? speedsSection(entry, ctx, 'ready') : s)) };
}

/** "колко струва експресно?": the fee of that speed and how much more it is than the regular one. */
export function speedFeeView(entry: KnowledgeEntry, speed: Speed, ctx: RenderContext): AnswerView {
  const view = entryView(entry, ['fee', 'speed'], ctx);
  if (entry.kind !== 'service' || !entry.speeds) return view;
  const { t, lang } = ctx;
  const items = entry.speeds.items;
  const option = items.find((o) => o.speed === speed);
  const speedName = (o: SpeedOption | Speed) => t(`calendar.speedName.${typeof o === 'string' ? o : o.speed}`);
  const phone = mainPhone(ctx.kb.municipality);
  const sentences: string[] = [];

  if (!option) {
    const offered = listFormat(lang === 'bg' ? 'bg-BG' : 'en-GB', { type: 'conjunction' }).format(items.map((o) => speedName(o)));
    sentences.push(t('calendar.fee.notOffered', { speed: speedName(speed), title: entry.title[lang], offered }));
  } else if (!option.fee) {
    sentences.push(t('calendar.fee.unknown', { speed: speedName(option), phone }));
  } else {
    sentences.push(t('calendar.fee.is', { speed: t(`answer.speed.${option.speed}`), fee: formatFee(option.fee, ctx) }));
    const regular = items.find((o) => o.speed === 'regular');
    if (option.speed !== 'regular' && regular) {
      const samePer = (regular.fee?.per?.[lang] ?? '') === (option.fee.per?.[lang] ?? '');
      if (!regular.fee) sentences.push(t('calendar.fee.regularUnknown'));
      else if (samePer) sentences.push(differenceSentence(option.fee, regular.fee, ctx));
    }
    const ready = speedsReady(entry, ctx).speeds.find((s) => s.option === option)?.ready;
    if (option.deadline && ready) sentences.push(t('calendar.fee.ready', { deadline: formatDeadline(option.deadline, t), ready: readyText(ready, ctx, 'long') }));
  }
  return { ...view, text: sentences.join(' ') };
}

function differenceSentence(fee: NonNullable<SpeedOption['fee']>, regular: NonNullable<SpeedOption['fee']>, ctx: RenderContext): string {
  const { t, lang } = ctx;
  // The difference of the euro amounts the citizen sees; the leva difference as the source gives it.
  const cents = Math.round(fee.eur * 100) - Math.round(regular.eur * 100);
  if (cents === 0) return t('calendar.fee.same');
  const euro = (value: number) => {
    const eur = formatMoney(value, lang);
    return fee.per ? t('answer.fee.amountPer', { eur, per: fee.per[lang] }) : t('answer.fee.amount', { eur });
  };
  const bgn = fee.bgn !== undefined && regular.bgn !== undefined ? formatMoney(Math.abs(fee.bgn - regular.bgn), lang) : undefined;
  const key = cents > 0 ? 'calendar.fee.more' : 'calendar.fee.less';
  return t(bgn ? `${key}Bgn` : key, { amount: euro(Math.abs(cents) / 100), regular: euro(regular.eur), ...(bgn ? { bgn } : {}) });
}

