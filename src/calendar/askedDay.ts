// The day a question asks about ("today", "on Saturday", "on 24 May", "on Christmas Eve"), as
// words name it, and the calendar day it means when the answer is given.
import { publicDaysOff, type HolidayId } from '../dates/holidays.js';
import { addDays, isoDate, weekdayOf, yearOf, type IsoDate, type Weekday } from '../dates/sofiaTime.js';

/** The day an opening-hours question asks about; resolved against the clock when answering. */
export type AskedDay =
  | { kind: 'now' }
  | { kind: 'today' }
  | { kind: 'tomorrow' }
  | { kind: 'weekday'; weekday: Weekday }
  | { kind: 'date'; month: number; day: number; year?: number }
  | { kind: 'holiday'; holiday: HolidayId };

/** The calendar day a question means, on or after today. */
export function resolveDay(day: AskedDay, today: IsoDate): IsoDate {
  switch (day.kind) {
    case 'now':
    case 'today':
      return today;
    case 'tomorrow':
      return addDays(today, 1);
    case 'weekday': {
      let date = today;
      while (weekdayOf(date) !== day.weekday) date = addDays(date, 1);
      return date;
    }
    case 'date': {
      const year = day.year ?? yearOf(today);
      const date = isoDate(year, day.month, day.day);
      // "24 май" asked in December means next year's.
      return day.year === undefined && date < today ? isoDate(year + 1, day.month, day.day) : date;
    }
    case 'holiday': {
      const year = yearOf(today);
      const next = [...publicDaysOff(year), ...publicDaysOff(year + 1)].find((d) => !d.moved && d.holiday === day.holiday && d.date >= today);
      return next?.date ?? today;
    }
  }
}

