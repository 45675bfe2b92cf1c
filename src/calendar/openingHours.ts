// Whether the office is open at a moment, until when, and when it opens next: the weekly hours of
// municipality.yaml on the days the working calendar allows. Only for a municipality whose hours
// are known; without them the answers say so instead (see render/hoursView.ts).
import type { Municipality, Weekday } from '../knowledge/schema.js';
import { addDays, minutesOf, weekdayOf, type IsoDate, type LocalTime } from '../dates/sofiaTime.js';
import type { WorkingCalendar } from './workingCalendar.js';

export type WeeklyHours = NonNullable<Municipality['hours']>['weekly'];

/** An opening period of one day, in minutes since midnight. */
export interface Period {
  from: number;
  to: number;
}

export type OpenStatus =
  | { open: true; until: number; /** Later periods of the same day, after a break. */ later: Period[] }
  | { open: false; next?: LocalTime };

/** How far ahead to look for the next opening. */
const HORIZON_DAYS = 31;

function periodsOf(weekly: WeeklyHours, day: Weekday): Period[] {
  return (weekly[day] ?? []).map(([from, to]) => ({ from: minutesOf(from), to: minutesOf(to) }));
}

/** The opening periods of a date: none on a day off, the weekly ones otherwise. */
export function periodsOn(date: IsoDate, weekly: WeeklyHours, calendar: WorkingCalendar): Period[] {
  const status = calendar.statusOf(date);
  if (!status.working && status.reason !== 'weekend') return [];
  // A Saturday declared a working day is worked like an ordinary weekday.
  if (status.working && status.declared) return periodsOf(weekly, status.declared.hours_like ?? 'mon');
  return periodsOf(weekly, weekdayOf(date));
}

/** The first opening strictly after a moment, within a month. */
export function nextOpening(at: LocalTime, weekly: WeeklyHours, calendar: WorkingCalendar): LocalTime | undefined {
  for (let i = 0; i <= HORIZON_DAYS; i += 1) {
    const date = addDays(at.date, i);
    const period = periodsOn(date, weekly, calendar).find((p) => i > 0 || p.from > at.minutes);
    if (period) return { date, minutes: period.from };
  }
  return undefined;
}

export function openingStatus(at: LocalTime, weekly: WeeklyHours, calendar: WorkingCalendar): OpenStatus {
  const periods = periodsOn(at.date, weekly, calendar);
  const current = periods.find((p) => p.from <= at.minutes && at.minutes < p.to);
  if (current) return { open: true, until: current.to, later: periods.filter((p) => p.from >= current.to) };
  const next = nextOpening(at, weekly, calendar);
  return next ? { open: false, next } : { open: false };
}
