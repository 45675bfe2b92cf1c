// Light stemmers. Both sides of the search (index and question) pass through the
// same function, so consistency matters more than linguistic precision.
import { letterCount } from './canonical.js';

const VOWEL = /[aeiou]$/;

/** Words whose suffix rules would merge them with another word: такси (taxi) is not такса (fee). */
const KEEP_AS_IS = new Set(['taksi']);

/**
 * Bulgarian light stemmer on the canonical Latin key, after J. Savoy's rules as
 * Lucene implements them, with the fixes measured in docs/research.md §1: articles,
 * the -ие/-ия family, plurals (-ци→к, -зи→г), then a final vowel and -ен→-н.
 */
export function stemBulgarian(key: string): string {
  if (letterCount(key) < 4 || /^\d+$/.test(key) || KEEP_AS_IS.has(key)) return key;
  let t = key;
  const n = () => letterCount(t);

  if (t.endsWith('ishta') && n() > 5) return t.slice(0, -5);

  // Definite articles.
  if (t.endsWith('iat') && n() > 6) t = t.slice(0, -3);
  else if (t.endsWith('at') && n() > 5) t = t.slice(0, -2);
  else if (/(to|te|ta)$/.test(t) && VOWEL.test(t.slice(0, -2)) && n() > 4) t = t.slice(0, -2);

  // удостоверение / удостоверения / регистрации → one stem.
  if (/i[eai]$/.test(t) && n() > 4) return t.slice(0, -1);

  // Plurals.
  if (t.endsWith('ovtsi') && n() > 6) t = t.slice(0, -5);
  else if (t.endsWith('ove') && n() > 5) t = t.slice(0, -3);
  else if (t.endsWith('tsi') && n() > 4) t = `${t.slice(0, -3)}k`;
  else if (t.endsWith('zi') && n() > 4) t = `${t.slice(0, -2)}g`;
  else if (t.endsWith('i') && n() > 4) t = t.slice(0, -1);

  if (t.endsWith('ia') && n() > 4) t = t.slice(0, -2);
  if (/[aoe]$/.test(t) && n() > 3) t = t.slice(0, -1);
  if (t.endsWith('en') && n() > 4) t = `${t.slice(0, -2)}n`;
  return t;
}

/** English light stemmer: plurals, -ing, -ed, possessives. */
export function stemEnglish(word: string): string {
  let w = word.replace(/'s$/, '');
  if (w.length <= 3 || /^\d+$/.test(w)) return w;
  if (/ie[sd]$/.test(w) && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(ss|us|is)$/.test(w)) {
    // glass, status, basis: not plurals
  } else if (/(sses|shes|ches|xes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}
