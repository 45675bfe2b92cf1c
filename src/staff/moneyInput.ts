// An amount of money as a clerk types it ("5,11", "5.11", "€5,11", "10 лв.", "1 234,50") read into
// integer euro cents, or the reason it is not one. Cents are integers so that every amount the form
// takes is saved and read back exactly (0.29 is not 29 hundredths in floating point). Leva are
// converted at the fixed rate and rounded to the cent, half up, as the euro changeover law does.
// Pure.

/** Leva to the euro, fixed since 1999 and used for the changeover on 1 January 2026. */
export const BGN_PER_EUR = 1.95583;
/** The same rate as a whole number of hundred-thousandths, for arithmetic on integers. */
const BGN_PER_EUR_E5 = 195_583;

/**
 * The largest fee the form takes: 100 000 €. The largest fees in the municipality's ordinance (a
 * building permit for a large site) are a few thousand euro; a larger number is a typing mistake.
 */
export const MAX_FEE_CENTS = 10_000_000;

/** Why a text is not an amount; each has its sentence in locales (staff.facts.money.*). */
export type MoneyError = 'notNumber' | 'negative' | 'decimals' | 'tooLarge' | 'ambiguous' | 'currency';

export type MoneyReading =
  /** `cents` in euro; `levaCents` when the clerk wrote leva (converted into `cents`). */
  { ok: true; cents: number; levaCents?: number } | { ok: false; error: MoneyError };

const EURO = '€|eur|euro|евро';
const LEVA = 'лв\\.?|лева|лев|bgn|lv\\.?|leva';
const SUFFIX = new RegExp(`\\s*(?:(${EURO})|(${LEVA}))$`, 'u');
const PREFIX = new RegExp(`^(?:(${EURO})|(${LEVA}))\\s*`, 'u');
/** A number followed by a word that is not euro or leva: "5 долара", "5 USD". */
const OTHER_CURRENCY = /^[-−–]?[\d\s.,]*\d[\d\s.,]*\s*\p{L}+\.?$/u;
/** Digits with no more than 9 of them before the decimals: larger is refused before arithmetic. */
const MAX_WHOLE_DIGITS = 9;

/** "1.234.567" with "." between groups of three; undefined when the groups are not that. */
function grouped(text: string, separator: string): string | undefined {
  if (!text.includes(separator)) return /^\d*$/.test(text) ? text : undefined;
  const groups = text.split(separator);
  if (!/^[1-9]\d{0,2}$/.test(groups[0]) || !groups.slice(1).every((g) => /^\d{3}$/.test(g))) return undefined;
  return groups.join('');
}

type NumberReading = { ok: true; whole: string; fraction: string } | { ok: false; error: MoneyError };

/**
 * The whole and fractional digits of an unsigned number. The separator used last is the decimal
 * one when both "." and "," appear; one of them alone, used several times, separates thousands;
 * used once before exactly three digits it could be either ("1.234"), so the clerk is asked.
 */
function readNumber(text: string): NumberReading {
  if (!/^[\d .,]*\d[\d .,]*$/.test(text)) return { ok: false, error: 'notNumber' };
  const marks = [...text.matchAll(/[.,]/g)].map((m) => m[0]);
  const spaced = text.includes(' ');
  let decimal: string | undefined;
  let group = spaced ? ' ' : undefined;
  if (new Set(marks).size === 2) {
    decimal = marks.at(-1);
    if (spaced) return { ok: false, error: 'notNumber' };
    group = decimal === ',' ? '.' : ',';
  } else if (marks.length > 1) {
    if (spaced) return { ok: false, error: 'notNumber' };
    group = marks[0];
  } else if (marks.length === 1) {
    decimal = marks[0];
    const [before, after] = text.split(decimal);
    if (!spaced && /^\d{3}$/.test(after) && /^[1-9]\d{0,2}$/.test(before)) return { ok: false, error: 'ambiguous' };
  }
  const [wholeText, fraction = '', extra] = decimal ? text.split(decimal) : [text];
  if (extra !== undefined || (decimal && !/^\d+$/.test(fraction))) return { ok: false, error: 'notNumber' };
  const whole = group ? grouped(wholeText, group) : wholeText;
  if (whole === undefined || !/^\d*$/.test(whole)) return { ok: false, error: 'notNumber' };
  if (fraction.length > 2) return { ok: false, error: 'decimals' };
  return { ok: true, whole, fraction };
}

/** Leva cents to euro cents at the fixed rate, rounded half up, on integers only. */
export function levaToEuroCents(levaCents: number): number {
  return Math.floor((levaCents * 200_000 + BGN_PER_EUR_E5) / (2 * BGN_PER_EUR_E5));
}

/** Reads an amount of money; the text must not be empty. */
export function parseMoney(input: string): MoneyReading {
  // NFKC turns the no-break and thin spaces Bulgarian numbers are printed with into plain ones.
  let text = input.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  const suffix = SUFFIX.exec(text);
  if (suffix) text = text.slice(0, suffix.index).trim();
  const prefix = PREFIX.exec(text);
  if (prefix) text = text.slice(prefix[0].length).trim();
  if (suffix && prefix) return { ok: false, error: 'notNumber' };
  const leva = Boolean((suffix ?? prefix)?.[2]);
  const negative = /^[-−–]/.test(text);
  if (negative) text = text.slice(1).trim();
  const number = readNumber(text);
  if (!number.ok) return OTHER_CURRENCY.test(text) ? { ok: false, error: 'currency' } : number;
  if (negative) return { ok: false, error: 'negative' };
  const whole = number.whole.replace(/^0+/, '');
  if (whole.length > MAX_WHOLE_DIGITS) return { ok: false, error: 'tooLarge' };
  const cents = Number(whole || '0') * 100 + Number(number.fraction.padEnd(2, '0'));
  // Refused before the conversion, whose integer arithmetic is exact only for sane amounts.
  if (cents > 2 * BGN_PER_EUR * MAX_FEE_CENTS) return { ok: false, error: 'tooLarge' };
  const euro = leva ? levaToEuroCents(cents) : cents;
  if (euro > MAX_FEE_CENTS) return { ok: false, error: 'tooLarge' };
  return leva ? { ok: true, cents: euro, levaCents: cents } : { ok: true, cents };
}

/** Cents as the form shows them: "12,50" (no thousands separator, so it reads back as typed). */
export function centsText(cents: number): string {
  return `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

/** The amount the knowledge files hold (euro or leva as a number) in whole cents. */
export const centsOf = (amount: number): number => Math.round(amount * 100);
