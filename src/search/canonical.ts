// One canonical Latin spelling for Bulgarian, whether typed in Cyrillic, in the
// official transliteration or in colloquial Latin ("шльокавица"). Cyrillic →
// Latin is a function while the reverse is one-to-many, so Latin is the key.
// See docs/research.md §3 for the measurements behind it.

import type { TokenSpan } from './message.js';

const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'sht', ъ: 'a', ь: 'y', ю: 'yu', я: 'ya', ѝ: 'i', ѐ: 'e',
  // Look-alike letters from Russian and Ukrainian keyboards.
  ё: 'yo', ы: 'i', э: 'e', і: 'i', ї: 'i', є: 'e',
};

/** Splits text into word tokens: letters and digits, keeping digits inside words ("ku4e"). */
export function tokenize(text: string): string[] {
  return tokenSpans(text).map((t) => t.text);
}

/** The word tokens of a text (in Unicode NFC, as `read` keeps it) with where each stands. */
export function tokenSpans(text: string): TokenSpan[] {
  return [...text.normalize('NFC').matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/** The English spelling key: lower-case with Latin accents removed. */
export function englishKey(token: string): string {
  return token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Lower-cases, strips Latin accents and removes the soft signs of Cyrillic fonts, keeping й. */
function fold(token: string): string {
  // NFD would split й into и + breve, so only Latin letters are decomposed.
  return token
    .normalize('NFC')
    .toLowerCase()
    .replace(/[a-zà-ž]/g, (c) => c.normalize('NFD').replace(/\p{M}/gu, ''));
}

/** The canonical key of one token. */
export function canonical(token: string): string {
  const known = CANONICAL_CACHE.get(token);
  if (known !== undefined) return known;
  const key = spell(token);
  // Every reader of a message asks for the same words' keys; a bounded cache answers the repeats.
  if (CANONICAL_CACHE.size >= CANONICAL_CACHE_MAX) CANONICAL_CACHE.clear();
  if (token.length <= 40) CANONICAL_CACHE.set(token, key);
  return key;
}

const CANONICAL_CACHE = new Map<string, string>();
const CANONICAL_CACHE_MAX = 20_000;

function spell(token: string): string {
  let t = fold(token).replace(/[\u0400-\u04ff]/g, (c) => CYRILLIC_TO_LATIN[c] ?? c);
  // Digits stand for letters only inside words: "4" in "ku4e" is ч, "2026" stays a number.
  if (/[a-z]/.test(t)) t = t.replace(/6t/g, 'sht').replace(/6/g, 'sh').replace(/4/g, 'ch');
  return t
    .replace(/w/g, 'v')
    .replace(/q/g, 'ya')
    .replace(/x/g, 'h')
    .replace(/j/g, 'zh')
    .replace(/c(?!h)/g, 'ts')
    .replace(/iya/g, 'ia')
    .replace(/ya/g, 'ia')
    .replace(/yu/g, 'iu')
    .replace(/y/g, 'i')
    .replace(/iia/g, 'ia');
}

/** Length in Bulgarian letters: each of sht, sh, ch, zh, ts, ia, iu stands for one. */
export function letterCount(key: string): number {
  return key.replace(/sht|sh|ch|zh|ts|ia|iu/g, '_').length;
}

const CYRILLIC = /[\u0400-\u04ff]/;
export function hasCyrillic(text: string): boolean {
  return CYRILLIC.test(text);
}
