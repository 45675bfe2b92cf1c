// The longest value each field of a staff console form may have (and each parameter of the feedback
// list's query, feedbackQuery.ts). Without them the facts form saved a 100,000-character value (the
// mayor's reception day became 101,307 characters) and every citizen who asked was sent it. A form
// with a longer value is refused whole (400) before anything is done with it; the pages give each
// text field the same maxlength, so a browser stops the clerk first. Pure.
import { SPEEDS } from '../knowledge/schema.js';
import { FACT_BLOCKS, MAX_SEEN } from './factsForm.js';

/** Any field not named below: ids, tokens, choices, hours, the reception day, a bank account. */
export const FIELD_MAX_DEFAULT = 500;

const FIELD_MAX: Readonly<Record<string, number>> = {
  /** A public reply to a citizen (its text area says the same). */
  reply: 2000,
  /** Lines "value | етикет | label" of the facts form. */
  codes: 4000,
  phones: 4000,
  emails: 4000,
  /** The source of a service's fees and deadlines, and of each block of the municipality's facts. */
  ...Object.fromEntries(['', ...FACT_BLOCKS.map((b) => `${b}_`)].flatMap((prefix) => [[`${prefix}source_title`, 300], [`${prefix}source_url`, 2000]])),
  /** An amount of money: "1 234,56 лв." is 12 characters. */
  ...Object.fromEntries(SPEEDS.map((speed) => [`${speed}_fee`, 40])),
  /** What the municipality form showed, as JSON (factsForm.ts reads no more). */
  _seen: MAX_SEEN,
  /** An unanswered group's key: the search keys of a question of up to 1,000 characters. */
  key: 2000,
  user: 100,
  /** The place the feedback list is filtered by (a street, a quarter, a village). */
  place: 200,
  password: 1024,
};

/** The longest value field `name` may have. */
export function fieldMax(name: string): number {
  return Object.hasOwn(FIELD_MAX, name) ? FIELD_MAX[name] : FIELD_MAX_DEFAULT;
}

/** The first field of a posted form (a value or a list of values) over its length, or undefined. */
export function fieldTooLong(form: Readonly<Record<string, unknown>>): { field: string; max: number } | undefined {
  for (const [field, value] of Object.entries(form)) {
    const max = fieldMax(field);
    if ([value].flat().some((v) => typeof v === 'string' && v.length > max)) return { field, max };
  }
  return undefined;
}
