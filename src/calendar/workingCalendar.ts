// Which days the municipality works: Monday to Friday, except the Labour Code's holidays and the
// days declared off in knowledge/calendar.yaml, plus the days declared working there.
import type { CalendarSettings, DeclaredDay, DeclaredWorkingDay } from '../knowledge/schema.js';
import { publicDayOffOn, type PublicDayOff } from '../dates/holidays.js';
import { addDays, isWeekend, type IsoDate } from '../dates/sofiaTime.js';

export type DayStatus =
  | { working: true; declared?: DeclaredWorkingDay }
  | { working: false; reason: 'weekend' }
  | { working: false; reason: 'holiday'; holiday: PublicDayOff }
  | { working: false; reason: 'declared'; declared: DeclaredDay };

/** Far enough to cross any run of days off (Easter with a weekend holiday is five). */
const SEARCH_LIMIT = 60;

export class WorkingCalendar {
  private readonly daysOff: Map<IsoDate, DeclaredDay>;
  private readonly workingDays: Map<IsoDate, DeclaredWorkingDay>;

  constructor(readonly settings?: CalendarSettings) {
    this.daysOff = new Map((settings?.days_off ?? []).map((d) => [d.date, d]));
    this.workingDays = new Map((settings?.working_days ?? []).map((d) => [d.date, d]));
  }

  /** A declared day wins over the law's rule: that is what declaring it is for. */
  statusOf(date: IsoDate): DayStatus {
    const declaredOff = this.daysOff.get(date);
    if (declaredOff) return { working: false, reason: 'declared', declared: declaredOff };
    const declaredWorking = this.workingDays.get(date);
    if (declaredWorking) return { working: true, declared: declaredWorking };
    const holiday = publicDayOffOn(date);
    if (holiday) return { working: false, reason: 'holiday', holiday };
    if (isWeekend(date)) return { working: false, reason: 'weekend' };
    return { working: true };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.statusOf(date).working;
  }

  /** The date itself when it is a working day, else the next one. */
  firstWorkingDayFrom(date: IsoDate): IsoDate {
    let day = date;
    for (let i = 0; i < SEARCH_LIMIT && !this.isWorkingDay(day); i += 1) day = addDays(day, 1);
    return day;
  }

  /** The first working day after a date. */
  nextWorkingDay(date: IsoDate): IsoDate {
    return this.firstWorkingDayFrom(addDays(date, 1));
  }

  /** The n-th working day after a date (the date itself does not count). */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    let day = date;
    for (let i = 0; i < n; i += 1) day = this.nextWorkingDay(day);
    return day;
  }
}

const calendars = new WeakMap<CalendarSettings, WorkingCalendar>();
const lawOnly = new WorkingCalendar();

/** One calendar per loaded calendar.yaml (the law's holidays alone when there is none). */
export function workingCalendarOf(settings: CalendarSettings | undefined): WorkingCalendar {
  if (!settings) return lawOnly;
  let calendar = calendars.get(settings);
  if (!calendar) calendars.set(settings, (calendar = new WorkingCalendar(settings)));
  return calendar;
}
