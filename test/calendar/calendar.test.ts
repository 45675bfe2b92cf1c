// The working calendar as pure functions: holidays by the Labour Code's rule, Orthodox Easter,
// Sofia's clock across daylight-saving changes, opening hours, and ready dates.
import { describe, expect, it } from '@jest/globals';
import { orthodoxEaster, publicDaysOff } from '../../src/dates/holidays.js';
import { nextOpening, openingStatus, type WeeklyHours } from '../../src/calendar/openingHours.js';
import { filingOf, readyWindow } from '../../src/calendar/readyDate.js';
import { lastSundayOf, sofiaInstant, sofiaTime, utcOffsetMinutes, weekdayOf, type LocalTime } from '../../src/dates/sofiaTime.js';
import { WorkingCalendar } from '../../src/calendar/workingCalendar.js';
import type { CalendarSettings } from '../../src/knowledge/schema.js';

const law = new WorkingCalendar();
const weekdays: WeeklyHours = { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] };
const withBreak: WeeklyHours = { ...weekdays, wed: [['08:00', '12:00'], ['13:00', '17:00']] };
const at = (date: string, hhmm: string): LocalTime => ({ date, minutes: Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) });
const declared = (extra: Partial<CalendarSettings>): CalendarSettings => ({
  public_holidays: { source: 'labour-code' },
  days_off: [],
  working_days: [],
  sources: [{ id: 'labour-code', title: 'Кодекс на труда', checked: '2026-11-25', scope: 'national' }],
  ...extra,
});

describe('Orthodox Easter', () => {
  it.each([
    [2024, '2024-05-05'],
    [2025, '2025-04-20'],
    [2026, '2026-04-12'],
    [2027, '2027-05-02'],
    [2030, '2030-04-28'],
  ])('%i: %s, always a Sunday', (year, easter) => {
    expect(orthodoxEaster(year)).toBe(easter);
    expect(weekdayOf(easter)).toBe('sun');
  });

  it('gives the four days off from Good Friday to Easter Monday', () => {
    const easter2026 = publicDaysOff(2026).filter((d) => ['goodFriday', 'holySaturday', 'easter', 'easterMonday'].includes(d.holiday));
    expect(easter2026.map((d) => d.date)).toEqual(['2026-04-10', '2026-04-11', '2026-04-12', '2026-04-13']);
  });

  it('adds the 13 days between the calendars from 1900 to 2099, and 14 from 2100', () => {
    expect(weekdayOf(orthodoxEaster(2100))).toBe('sun');
    expect(orthodoxEaster(2100)).toBe('2100-05-02'); // Julian 18 April + 14
    expect(() => orthodoxEaster(1500)).toThrow(RangeError);
  });
});

describe('official holidays (Кодекс на труда, чл. 154)', () => {
  it('a holiday on a Sunday makes the next Monday a day off: 24 May 2026', () => {
    expect(weekdayOf('2026-05-24')).toBe('sun');
    expect(law.statusOf('2026-05-24')).toMatchObject({ working: false, reason: 'holiday', holiday: { holiday: 'culture', moved: false } });
    expect(law.statusOf('2026-05-25')).toMatchObject({ working: false, reason: 'holiday', holiday: { holiday: 'culture', moved: true } });
    expect(law.isWorkingDay('2026-05-26')).toBe(true);
  });

  it('a holiday on a Saturday moves to Monday too: 6 September 2025', () => {
    expect(publicDaysOff(2025).filter((d) => d.moved).map((d) => d.date)).toEqual(['2025-05-26', '2025-09-08']);
  });

  it('two Christmas days on a weekend give the first two working days after them: 2022', () => {
    const moved = publicDaysOff(2022).filter((d) => d.moved && d.date.startsWith('2022-12'));
    expect(moved.map((d) => d.date)).toEqual(['2022-12-27', '2022-12-28']);
  });

  it('a weekend holiday skips Easter Monday: 1 May 2021 on Holy Saturday gives Tuesday 4 May', () => {
    expect(publicDaysOff(2021).find((d) => d.moved && d.holiday === 'labour')?.date).toBe('2021-05-04');
  });

  it('Easter days on a weekend do not move', () => {
    expect(publicDaysOff(2026).filter((d) => d.moved).map((d) => d.holiday)).toEqual(['culture', 'unification', 'christmas']);
  });

  it('1 November is a day off for schools only, not for the administration', () => {
    expect(law.isWorkingDay('2027-11-01')).toBe(true);
  });
});

describe('declared days (calendar.yaml)', () => {
  const calendar = new WorkingCalendar(
    declared({
      days_off: [{ date: '2026-01-02', name: { bg: 'Неработен ден', en: 'Day off' }, source: 'labour-code' }],
      working_days: [{ date: '2026-12-12', name: { bg: 'Работна събота', en: 'Working Saturday' }, source: 'labour-code' }],
    }),
  );

  it('a declared day off is not a working day', () => {
    expect(calendar.statusOf('2026-01-02')).toMatchObject({ working: false, reason: 'declared' });
    expect(calendar.firstWorkingDayFrom('2026-01-01')).toBe('2026-01-05');
  });

  it('a declared working Saturday counts as a working day and opens with the weekday hours', () => {
    expect(calendar.isWorkingDay('2026-12-12')).toBe(true);
    expect(calendar.addWorkingDays('2026-12-11', 1)).toBe('2026-12-12');
    expect(law.addWorkingDays('2026-12-11', 1)).toBe('2026-12-14');
    expect(openingStatus(at('2026-12-12', '09:00'), weekdays, calendar)).toEqual({ open: true, until: 17 * 60, later: [] });
    expect(openingStatus(at('2026-12-12', '09:00'), weekdays, law)).toMatchObject({ open: false, next: at('2026-12-14', '08:00') });
  });
});

describe("Sofia's clock", () => {
  it('changes on the last Sunday of March and of October', () => {
    expect(lastSundayOf(2026, 3)).toBe('2026-03-29');
    expect(lastSundayOf(2026, 10)).toBe('2026-10-25');
    expect(utcOffsetMinutes(new Date('2026-03-29T00:59:00Z'))).toBe(120);
    expect(utcOffsetMinutes(new Date('2026-03-29T01:00:00Z'))).toBe(180);
    expect(utcOffsetMinutes(new Date('2026-10-25T00:59:00Z'))).toBe(180);
    expect(utcOffsetMinutes(new Date('2026-10-25T01:00:00Z'))).toBe(120);
  });

  it('reads the wall clock across the change', () => {
    expect(sofiaTime(new Date('2026-03-29T00:59:00Z'))).toEqual(at('2026-03-29', '02:59'));
    expect(sofiaTime(new Date('2026-03-29T01:00:00Z'))).toEqual(at('2026-03-29', '04:00'));
    expect(sofiaTime(new Date('2026-10-25T00:30:00Z'))).toEqual(at('2026-10-25', '03:30'));
    expect(sofiaTime(new Date('2026-10-25T01:30:00Z'))).toEqual(at('2026-10-25', '03:30'));
    expect(sofiaTime(new Date('2026-12-31T22:30:00Z'))).toEqual(at('2027-01-01', '00:30'));
  });

  it('turns a wall time back into an instant: the skipped hour counts as the hour after, a doubled hour as its first', () => {
    expect(sofiaInstant(at('2026-03-29', '03:30')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(sofiaInstant(at('2026-10-25', '03:30')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(sofiaInstant(at('2026-07-01', '10:00')).toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });

  it('the same UTC time is before opening in winter and after it in summer', () => {
    const status = (iso: string) => openingStatus(sofiaTime(new Date(iso)), weekdays, law).open;
    expect(status('2026-03-23T05:30:00Z')).toBe(false); // 07:30 EET
    expect(status('2026-03-30T05:30:00Z')).toBe(true); // 08:30 EEST
    expect(status('2026-10-19T05:30:00Z')).toBe(true); // 08:30 EEST
    expect(status('2026-10-26T05:30:00Z')).toBe(false); // 07:30 EET
  });
});

describe('opening hours', () => {
  it('says until when it is open, and the periods after a lunch break', () => {
    expect(openingStatus(at('2026-11-25', '10:00'), withBreak, law)).toEqual({ open: true, until: 12 * 60, later: [{ from: 13 * 60, to: 17 * 60 }] });
    expect(openingStatus(at('2026-11-25', '12:30'), withBreak, law)).toEqual({ open: false, next: at('2026-11-25', '13:00') });
  });

  it('after a holiday, opens on the first working day: Christmas 2026 to Tuesday 29 December', () => {
    expect(openingStatus(at('2026-12-24', '10:00'), weekdays, law)).toEqual({ open: false, next: at('2026-12-29', '08:00') });
  });

  it('finds no opening in a week without hours', () => {
    expect(nextOpening(at('2026-11-25', '10:00'), {}, law)).toBeUndefined();
  });
});

describe('ready dates', () => {
  it('a request filed on Friday after closing counts from Monday', () => {
    const filing = filingOf(at('2026-11-27', '17:30'), law, weekdays);
    expect(filing).toMatchObject({ day: '2026-11-30', reason: 'afterHours' });
    expect(readyWindow(filing, { unit: 'days', amount: 3, days: 'working' }, law)).toEqual({ earliest: '2026-12-03', latest: '2026-12-03', estimate: false });
    const inTime = filingOf(at('2026-11-27', '16:30'), law, weekdays);
    expect(inTime).toMatchObject({ day: '2026-11-27', reason: 'open' });
    expect(readyWindow(inTime, { unit: 'days', amount: 3, days: 'working' }, law).earliest).toBe('2026-12-02');
  });

  it('before opening, the request is filed the same day; on a day off, on the next working day', () => {
    expect(filingOf(at('2026-11-25', '07:00'), law, weekdays)).toMatchObject({ day: '2026-11-25', reason: 'laterToday' });
    expect(filingOf(at('2026-11-28', '10:00'), law, weekdays)).toMatchObject({ day: '2026-11-30', reason: 'dayOff' });
  });

  it('without known hours, a working day is the filing day and a day off moves it', () => {
    expect(filingOf(at('2026-11-25', '22:00'), law)).toMatchObject({ day: '2026-11-25', reason: 'todayHoursUnknown' });
    expect(filingOf(at('2026-12-25', '10:00'), law)).toMatchObject({ day: '2026-12-29', reason: 'dayOff' });
  });

  it('counts calendar days to a working day, working days over the holidays, and gives the range when the kind is unknown', () => {
    const filing = filingOf(at('2026-12-18', '18:00'), law, weekdays); // Friday after closing → Monday 21 December
    expect(filing.day).toBe('2026-12-21');
    expect(readyWindow(filing, { unit: 'days', amount: 7, days: 'calendar' }, law).earliest).toBe('2026-12-29'); // 28th is the moved day off
    expect(readyWindow(filing, { unit: 'days', amount: 7, days: 'working' }, law).earliest).toBe('2027-01-05');
    expect(readyWindow(filing, { unit: 'days', amount: 7 }, law)).toEqual({ earliest: '2026-12-29', latest: '2027-01-05', estimate: true });
  });

  it('handles immediate service, hours and months', () => {
    const friday = filingOf(at('2026-11-27', '16:00'), law, weekdays);
    expect(readyWindow(friday, { unit: 'immediately' }, law).earliest).toBe('2026-11-27');
    expect(readyWindow(friday, { unit: 'hours', amount: 4 }, law).earliest).toBe('2026-11-27');
    expect(readyWindow(friday, { unit: 'hours', amount: 24 }, law).earliest).toBe('2026-11-30');
    const endOfJanuary = filingOf(at('2027-01-29', '10:00'), law, weekdays);
    expect(readyWindow(endOfJanuary, { unit: 'months', amount: 1 }, law).earliest).toBe('2027-03-01'); // 28 Feb is a Sunday
  });

  it('a working day declared on a Saturday is counted', () => {
    const calendar = new WorkingCalendar(declared({ working_days: [{ date: '2026-12-12', name: { bg: 'Работна събота', en: 'Working Saturday' }, source: 'labour-code' }] }));
    const filing = filingOf(at('2026-12-10', '10:00'), calendar, weekdays);
    expect(readyWindow(filing, { unit: 'days', amount: 2, days: 'working' }, calendar).earliest).toBe('2026-12-12');
    expect(readyWindow(filing, { unit: 'days', amount: 2, days: 'working' }, law).earliest).toBe('2026-12-14');
  });
});
