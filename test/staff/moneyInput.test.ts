// Amounts of money as clerks type them: every amount from 0.00 to 99.99 € in each spelling is read
// into exactly its cents; leva are converted at 1.95583 and rounded to the cent; every other text is
// refused with the reason, which has its sentence in both languages.
import { describe, expect, it } from '@jest/globals';
import { createI18n, translator } from '../../src/common/i18n.js';
import { BGN_PER_EUR, MAX_FEE_CENTS, centsOf, centsText, levaToEuroCents, parseMoney, type MoneyError } from '../../src/staff/moneyInput.js';
import { paths } from '../support/paths.js';

const EVERY_CENT = Array.from({ length: 10_000 }, (_, cents) => cents);
const parts = (cents: number) => [String(Math.trunc(cents / 100)), String(cents % 100).padStart(2, '0')] as const;

describe('every amount from 0.00 to 99.99 €', () => {
  it.each([
    ['with a decimal comma', (w: string, f: string) => `${w},${f}`],
    ['with a decimal point', (w: string, f: string) => `${w}.${f}`],
    ['after €', (w: string, f: string) => `€${w},${f}`],
    ['before " €"', (w: string, f: string) => `${w},${f} €`],
    ['before " EUR"', (w: string, f: string) => `${w}.${f} EUR`],
    ['with spaces around', (w: string, f: string) => `  ${w},${f} `],
  ])('is read into exactly its cents %s', (_spelling, spell) => {
    const wrong = EVERY_CENT.filter((cents) => {
      const read = parseMoney(spell(...parts(cents)));
      return !(read.ok && read.cents === cents && read.levaCents === undefined);
    });
    expect(wrong).toEqual([]);
  });

  it('is shown in the form as it is read back: "12,50" → 1250 → "12,50"', () => {
    const wrong = EVERY_CENT.filter((cents) => {
      const read = parseMoney(centsText(cents));
      return centsText(cents) !== parts(cents).join(',') || !read.ok || read.cents !== cents;
    });
    expect(wrong).toEqual([]);
  });

  it('keeps its cents through the number the YAML file holds (cents / 100 and back)', () => {
    expect(EVERY_CENT.filter((cents) => centsOf(Number(String(cents / 100))) !== cents)).toEqual([]);
  });
});

describe('other spellings', () => {
  it.each([
    ['5', 500],
    ['5,1', 510],
    ['5.1', 510],
    ['0,00', 0],
    ['0', 0],
    [',50', 50],
    ['5 €', 500],
    ['EUR 5', 500],
    ['5 евро', 500],
    ['1 234,56', 123_456],
    ['1 234.56', 123_456],
    ['1\u00a0234,56', 123_456], // a no-break space, as numbers are printed in Bulgarian
    ['1\u202f234,56', 123_456],
    ['1.234,56', 123_456],
    ['1,234.56', 123_456],
    ['12.345,67', 1_234_567],
    ['1 234', 123_400],
    ['100000', MAX_FEE_CENTS],
    ['100 000,00 €', MAX_FEE_CENTS],
  ])('%j → %i cents', (text, cents) => {
    expect(parseMoney(text)).toEqual({ ok: true, cents });
  });
});

describe('leva', () => {
  it.each([
    ['10 лв', 1000, 511],
    ['10 лв.', 1000, 511],
    ['10 лева', 1000, 511],
    ['10 ЛВ', 1000, 511],
    ['10лв', 1000, 511],
    ['BGN 10', 1000, 511],
    ['лв 10,00', 1000, 511],
    ['5,00 лв.', 500, 256], // as services/tree-felling-farmland.yaml gives them: 5.00 лв = 2.56 €
    ['20 лв', 2000, 1023],
    ['30 лв', 3000, 1534],
    ['40 лв', 4000, 2045],
    ['1,96 лв', 196, 100],
    ['1 лв', 100, 51],
    ['0,01 лв', 1, 1],
    ['0 лв', 0, 0],
    ['195 583 лв', 19_558_300, MAX_FEE_CENTS],
  ])('%j is %i stotinki, %i euro cents', (text, levaCents, cents) => {
    expect(parseMoney(text)).toEqual({ ok: true, cents, levaCents });
  });

  it('are converted at 1.95583 and rounded to the nearest cent, for every amount from 0.00 to 99.99 лв', () => {
    expect(BGN_PER_EUR).toBe(1.95583);
    const wrong = EVERY_CENT.filter((leva) => {
      const exact = (leva * 100_000) / 195_583; // in cents; never exactly half a cent for these
      return levaToEuroCents(leva) !== Math.round(exact) || Math.abs(levaToEuroCents(leva) - exact) > 0.5;
    });
    expect(wrong).toEqual([]);
  });
});

describe('refused, with the reason', () => {
  it.each<[string, MoneyError]>([
    ['abc', 'notNumber'],
    ['десет лева', 'notNumber'],
    ['', 'notNumber'],
    ['5,', 'notNumber'],
    ['1.2.3', 'notNumber'],
    ['5 11', 'notNumber'],
    ['1e3', 'notNumber'],
    ['0x10', 'notNumber'],
    ['1,23.45', 'notNumber'],
    ['1,5.3,2', 'notNumber'],
    ['--5', 'notNumber'],
    ['€5 лв', 'notNumber'],
    ['5 € 10 лв', 'notNumber'],
    ['1 234.567,8', 'notNumber'],
    ['-5', 'negative'],
    ['−5,00', 'negative'],
    ['- 0,50 лв', 'negative'],
    ['0,123', 'decimals'],
    ['5,1234', 'decimals'],
    ['1234,567', 'decimals'],
    ['1 234,567', 'decimals'],
    ['100000,01', 'tooLarge'],
    ['1000000', 'tooLarge'],
    ['99999999999999999999', 'tooLarge'],
    ['195584 лв', 'tooLarge'],
    ['1.234', 'ambiguous'],
    ['12,345', 'ambiguous'],
    ['100.000', 'ambiguous'],
    ['5 USD', 'currency'],
    ['5 долара', 'currency'],
    ['5usd', 'currency'],
  ])('%j: %s', (text, error) => {
    expect(parseMoney(text)).toEqual({ ok: false, error });
  });

  it('each reason has its sentence in Bulgarian and in English', () => {
    const i18n = createI18n(paths.localesDir);
    for (const lang of ['bg', 'en'] as const) {
      const t = translator(i18n, lang);
      for (const error of ['notNumber', 'negative', 'decimals', 'tooLarge', 'ambiguous', 'currency'] satisfies MoneyError[]) {
        const key = `staff.facts.money.${error}`;
        expect(t(key, { max: centsText(MAX_FEE_CENTS) })).not.toBe(key);
      }
      expect(t('staff.facts.money.tooLarge', { max: centsText(MAX_FEE_CENTS) })).toContain('100000,00');
    }
  });
});
