// Reference numbers: PREFIX-YEAR-NNNNNN, sequential within a year (e.g. ПТ-2026-000123). The prefix
// is the municipality's (knowledge/feedback.yaml); a citizen may type it in Latin letters.
import { canonical } from '../search/canonical.js';

export function formatReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

const LATIN_LOOKALIKE: Record<string, string> = { P: 'П', T: 'Т', A: 'А', B: 'В', E: 'Е', K: 'К', M: 'М', H: 'Н', O: 'О', C: 'С', X: 'Х', Y: 'У' };

/** Where a reference number stands in free text: the number, where it starts and the index just after it. */
export interface ReferenceInText {
  reference: string;
  start: number;
  end: number;
}

/**
 * Finds a reference number in free text, tolerating lower case, spaces and a prefix typed in Latin
 * letters, as look-alikes ("PT" for "РТ") or transliterated ("pt" for "ПТ", "sf" for "СФ").
 */
export function locateReference(text: string, prefix: string): ReferenceInText | undefined {
  const m = /([\p{L}]{1,6})\s*[-–\s]\s*(\d{4})\s*[-–\s]\s*(\d{1,6})\b/u.exec(text);
  if (!m) return undefined;
  const typed = m[1].toUpperCase();
  const asCyrillic = [...typed].map((c) => LATIN_LOOKALIKE[c] ?? c).join('');
  const transliterated = canonical(typed) === canonical(prefix);
  if (typed !== prefix && asCyrillic !== prefix && !transliterated) return undefined;
  return { reference: formatReference(prefix, Number(m[2]), Number(m[3])), start: m.index, end: m.index + m[0].length };
}

export function findReference(text: string, prefix: string): string | undefined {
  return locateReference(text, prefix)?.reference;
}
