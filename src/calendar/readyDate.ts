// When a document asked for now will be ready: the day the application counts as filed, then the
// service's deadline counted from it as the knowledge says.
//
// The rules, as the citizen is told them (calendar.ready.* strings):
// - A deadline in days or months runs from the day after filing (so "3 days" from a Monday ends
//   on Thursday); working days skip weekends and days off.
// - A document is collected on a working day, so an end that falls on a day off moves to the next
//   working day.
// - An application made after closing time, or on a day off, is filed on the next opening day.
//   Without known opening hours the closing time is unknown: a working day counts as the filing
//   day, and the citizen is told that after closing the dates move by one working day.
// - When the knowledge does not say whether working or calendar days count, the answer is the
//   range between the two readings and is marked as an estimate.
import type { Deadline } from '../knowledge/schema.js';
import { openingStatus, periodsOn, type WeeklyHours } from './openingHours.js';
import { addDays, addMonths, sofiaInstant, sofiaTime, type IsoDate, type LocalTime } from '../dates/sofiaTime.js';
import type { WorkingCalendar } from './workingCalendar.js';

export type FilingReason =
  /** Open now (known hours). */
  | 'open'
  /** Opens later today (known hours). */
  | 'laterToday'
  /** Today's hours are over (known hours). */
  | 'afterHours'
  /** Today is not a working day. */
  | 'dayOff'
  /** Today is a working day, and the closing time is not known. */
  | 'todayHoursUnknown';

export interface Filing {
  /** The day the application counts as filed; deadlines run from the day after. */
  day: IsoDate;
  /** The moment counting starts, for deadlines in hours. */
  at: LocalTime;
  reason: FilingReason;
}

/** When an application made at `now` counts as filed. */
export function filingOf(now: LocalTime, calendar: WorkingCalendar, weekly?: WeeklyHours): Filing {
  if (weekly) {
    const status = openingStatus(now, weekly, calendar);
    if (status.open) return { day: now.date, at: now, reason: 'open' };
    if (status.next?.date === now.date) return { day: now.date, at: status.next, reason: 'laterToday' };
    if (status.next) {
      const openedToday = periodsOn(now.date, weekly, calendar).length > 0;
      return { day: status.next.date, at: status.next, reason: openedToday ? 'afterHours' : 'dayOff' };
    }
    // No opening in the weeks ahead (an incomplete weekly table): fall back on the working calendar.
  }
  if (calendar.isWorkingDay(now.date)) return { day: now.date, at: now, reason: 'todayHoursUnknown' };
  const day = calendar.nextWorkingDay(now.date);
  return { day, at: { date: day, minutes: 0 }, reason: 'dayOff' };
}

export interface ReadyWindow {
  /** Earliest and latest ready day; the same day unless the kind of days is unknown. */
  earliest: IsoDate;
  latest: IsoDate;
  /** True when the knowledge does not say whether working or calendar days count. */
  estimate: boolean;
}

/** The ready day(s) for a deadline counted from a filing. */
export function readyWindow(filing: Filing, deadline: Deadline, calendar: WorkingCalendar): ReadyWindow {
  const exact = (day: IsoDate): ReadyWindow => ({ earliest: day, latest: day, estimate: false });
  const amount = deadline.amount ?? 0;
  switch (deadline.unit) {
    case 'immediately':
      return exact(filing.day);
    case 'hours': {
      const done = sofiaTime(new Date(sofiaInstant(filing.at).getTime() + amount * 3_600_000));
      return exact(calendar.firstWorkingDayFrom(done.date));
    }
    case 'months':
      return exact(calendar.firstWorkingDayFrom(addMonths(filing.day, amount)));
    case 'days': {
      const byCalendar = calendar.firstWorkingDayFrom(addDays(filing.day, amount));
      const byWorking = calendar.addWorkingDays(filing.day, amount);
      if (deadline.days === 'calendar') return exact(byCalendar);
      if (deadline.days === 'working') return exact(byWorking);
      return { earliest: byCalendar, latest: byWorking, estimate: true };
    }
  }
}
