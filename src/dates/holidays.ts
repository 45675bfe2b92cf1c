// The official holidays of the Labour Code (Кодекс на труда, чл. 154), computed for any year:
// - ал. 1: 1 January, 3 March, 1 May, 6 May, 24 May, 6 September, 22 September, 24–26 December,
//   and Orthodox Easter from Good Friday to Easter Monday. (1 November is a day off for schools
//   only, so it is not here.)
// - ал. 2: when one of these days, except the Easter days, falls on a Saturday or a Sunday, the
//   first working day after it is a day off too; two such days (24 and 25 December on a weekend)
//   give the first two working days after them.
// What the government or the mayor declares on top of these is in knowledge/calendar.yaml.
import { addDays, isoDate, isWeekend, yearOf, type IsoDate } from './sofiaTime.js';

export const HOLIDAY_IDS = [
  'newYear',
  'liberation',
  'labour',
  'stGeorge',
  'culture',
  'unification',
  'independence',
  'christmasEve',
  'christmas',
  'goodFriday',
  'holySaturday',
  'easter',
  'easterMonday',
] as const;
export type HolidayId = (typeof HOLIDAY_IDS)[number];

export interface PublicDayOff {
  date: IsoDate;
  holiday: HolidayId;
  /** True for the working day given off in place of a holiday that fell on a weekend. */
  moved: boolean;
}

const FIXED: Array<[month: number, day: number, holiday: HolidayId]> = [
  [1, 1, 'newYear'],
  [3, 3, 'liberation'],
  [5, 1, 'labour'],
  [5, 6, 'stGeorge'],
  [5, 24, 'culture'],
  [9, 6, 'unification'],
  [9, 22, 'independence'],
  [12, 24, 'christmasEve'],
  [12, 25, 'christmas'],
  [12, 26, 'christmas'],
];

/**
 * Orthodox Easter Sunday: the Julian computus (Meeus), moved to the Gregorian calendar by adding
 * the days between the two calendars: 13 from 1900 to 2099, one more each century year that is not
 * a leap year in the Gregorian calendar (14 from 2100), so a card rendered in 2099 does not fail.
 */
export function orthodoxEaster(year: number): IsoDate {
  if (!Number.isInteger(year) || year < 1583) throw new RangeError(`Orthodox Easter is computed for Gregorian years, not ${year}`);
  const julianLag = Math.floor(year / 100) - Math.floor(year / 400) - 2;
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  return addDays(isoDate(year, month, day), julianLag);
}

const cache = new Map<number, PublicDayOff[]>();

/** Every official holiday of a year and every day off moved from a weekend, in date order. */
export function publicDaysOff(year: number): PublicDayOff[] {
  const known = cache.get(year);
  if (known) return known;

  const easter = orthodoxEaster(year);
  const fixed = FIXED.map(([m, d, holiday]) => ({ date: isoDate(year, m, d), holiday, moved: false }));
  const easterDays: PublicDayOff[] = (
    [
      [-2, 'goodFriday'],
      [-1, 'holySaturday'],
      [0, 'easter'],
      [1, 'easterMonday'],
    ] as const
  ).map(([offset, holiday]) => ({ date: addDays(easter, offset), holiday, moved: false }));

  // A date can be two holidays at once (1 May on Holy Saturday); it is one day off, named once.
  const official = new Map<IsoDate, PublicDayOff>();
  for (const day of [...fixed, ...easterDays]) if (!official.has(day.date)) official.set(day.date, day);

  // Each weekend holiday, in date order, takes the first working day after it not already taken.
  const taken = new Set(official.keys());
  const moved: PublicDayOff[] = [];
  for (const day of [...fixed].sort((x, y) => x.date.localeCompare(y.date))) {
    if (!isWeekend(day.date)) continue;
    let next = addDays(day.date, 1);
    while (isWeekend(next) || taken.has(next)) next = addDays(next, 1);
    taken.add(next);
    moved.push({ date: next, holiday: day.holiday, moved: true });
  }

  const all = [...official.values(), ...moved].sort((x, y) => x.date.localeCompare(y.date));
  cache.set(year, all);
  return all;
}

/** The official holiday or moved day off on a date, if any. (A day moved from late December stays in December.) */
export function publicDayOffOn(date: IsoDate): PublicDayOff | undefined {
  return publicDaysOff(yearOf(date)).find((d) => d.date === date);
}
