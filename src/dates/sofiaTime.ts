// Dates and times as the municipality's clock shows them: Europe/Sofia, EET in winter and EEST
// (UTC+3) from the last Sunday of March to the last Sunday of October. A calendar day is an ISO
// string "YYYY-MM-DD" without a zone; arithmetic on it goes through UTC midnight, where no
// daylight-saving change can move it. Only the conversion of an instant uses the zone, through
// the time-zone data built into Intl, so the rules need no copy here.
/** The days of the week as the knowledge files write them, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const TIME_ZONE = 'Europe/Sofia';

/** A calendar day, "YYYY-MM-DD". */
export type IsoDate = string;

/** A moment on the local clock: the day and the minutes since its midnight. */
export interface LocalTime {
  date: IsoDate;
  minutes: number;
}

const MS_PER_DAY = 86_400_000;
const WEEKDAY_OF_UTC_DAY: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const clockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const utcDay = (date: IsoDate): Date => new Date(`${date}T00:00:00Z`);
const isoOf = (d: Date): IsoDate => d.toISOString().slice(0, 10);

export function isoDate(year: number, month: number, day: number): IsoDate {
  return isoOf(new Date(Date.UTC(year, month - 1, day)));
}

/** What the clock on the wall in Sofia shows at an instant. */
export function sofiaTime(instant: Date): LocalTime {
  const part: Record<string, string> = {};
  for (const p of clockFormat.formatToParts(instant)) part[p.type] = p.value;
  return { date: `${part.year}-${part.month}-${part.day}`, minutes: Number(part.hour) * 60 + Number(part.minute) };
}

/** An instant as "2026-11-29 14:35" on Sofia's clock, for lists and exports people read. */
export function sofiaDateTime(instant: Date): string {
  const local = sofiaTime(instant);
  return `${local.date} ${clockText(local.minutes)}`;
}

/** Minutes Sofia is ahead of UTC at an instant: 120 in winter, 180 in summer. */
export function utcOffsetMinutes(instant: Date): number {
  const local = sofiaTime(instant);
  const asUtc = utcDay(local.date).getTime() + local.minutes * 60_000;
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant at which Sofia's clock shows a local time. A time skipped when the clocks go
 * forward (03:30 on the last Sunday of March) is taken an hour later, as the clock would show it;
 * a time that happens twice in October is the first one.
 */
export function sofiaInstant(local: LocalTime): Date {
  const wall = utcDay(local.date).getTime() + local.minutes * 60_000;
  // The answer lies 2 or 3 hours before the wall time read as UTC; the offset in force 3 hours
  // before is the right one except in the skipped hour, where it gives the time an hour later.
  return new Date(wall - utcOffsetMinutes(new Date(wall - 180 * 60_000)) * 60_000);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoOf(new Date(utcDay(date).getTime() + days * MS_PER_DAY));
}

/** The same day of the month n months later; the 31st of a shorter month becomes its last day. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return isoOf(new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))));
}

export function weekdayOf(date: IsoDate): Weekday {
  return WEEKDAY_OF_UTC_DAY[utcDay(date).getUTCDay()];
}

export function isWeekend(date: IsoDate): boolean {
  const day = weekdayOf(date);
  return day === 'sat' || day === 'sun';
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** The last Sunday of a month (1–12): the days the clocks change in March and October. */
export function lastSundayOf(year: number, month: number): IsoDate {
  const last = new Date(Date.UTC(year, month, 0));
  return isoOf(new Date(last.getTime() - last.getUTCDay() * MS_PER_DAY));
}

/** "08:30" → 510. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** 510 → "08:30". */
export function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
