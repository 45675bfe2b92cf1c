// Finds the place a message names ("на ул. „Младежка“ 12", "с. Мрамор, ул. Мичур 3А", "кв. Запад",
// "on Rila Street"), so a report's place need not be asked again. Pure. The words that introduce a
// place come from knowledge/lexicon/reports.yaml (place_markers).
import { canonical, englishKey } from './canonical.js';
import type { TokenSpan as Token } from './message.js';

const OPENING_QUOTES = '„"“«\'‘';
const CLOSING_QUOTES = '“”"»\'’';
const NAME_TOKENS_MAX = 4;
/** Places are short; a longer span means the reading ran past the place. */
const PLACE_MAX = 120;

/** The message's words with "12-14", "5/2" and "Мичур-3" joined into one, as a house number or a name is written. */
function placeTokens(text: string, words: Token[]): Token[] {
  const out: Token[] = [];
  for (const w of words) {
    const last = out[out.length - 1];
    if (last && w.start === last.end + 1 && /[/-]/.test(text[last.end])) out[out.length - 1] = { text: text.slice(last.start, w.end), start: last.start, end: w.end };
    else out.push(w);
  }
  return out;
}

const isCapitalised = (w: string) => /^\p{Lu}/u.test(w);
const isNumber = (w: string) => /^\d+[\p{L}]?(?:[/-]\d+[\p{L}]?)?$/u.test(w);
/** Joins inside a name: "Кирил и Методий", "Цар Борис III". */
const JOINERS = new Set(['и', 'i', 'and', 'of', 'на', 'na']);

/** The end of a name that starts at token `i` (after a marker), or -1 when no name follows. */
function nameEnd(text: string, list: Token[], i: number, markerEnd: number, abbreviated: boolean): number {
  const between = text.slice(markerEnd, list[i]?.start ?? markerEnd);
  const quote = [...between].find((c) => OPENING_QUOTES.includes(c));
  if (quote && list[i]) {
    const close = [...text.slice(list[i].start)].findIndex((c) => CLOSING_QUOTES.includes(c));
    if (close > 0 && close < 60) {
      const end = list[i].start + close + 1;
      // A house number after the quoted name: „Рила“ 12.
      const next = list.find((t) => t.start >= end);
      return next && isNumber(next.text) && /^\s*(№\s*)?$/.test(text.slice(end, next.start)) ? next.end : end;
    }
  }
  if (!list[i] || /[,;:!?()]/.test(between)) return -1;
  let end = -1;
  for (let j = i, taken = 0; j < list.length && taken < NAME_TOKENS_MAX; j += 1, taken += 1) {
    const w = list[j].text;
    const gap = text.slice(list[j - 1]?.end ?? list[j].start, list[j].start);
    if (j > i && /[,;:!?()]/.test(gap)) break;
    // Typed in lower case, a name is accepted only after an abbreviation with its dot ("ул. рила 5").
    const nameLike = isCapitalised(w) || isNumber(w) || (abbreviated && j === i && w.length > 1);
    const joiner = j > i && JOINERS.has(w.toLowerCase()) && list[j + 1] && isCapitalised(list[j + 1].text);
    if (!nameLike && !joiner) break;
    end = list[j].end;
  }
  return end;
}

/** The first place named in a text, with a following house or block number, or undefined. */
export function findPlace(text: string, words: Token[], markers: { bg: ReadonlySet<string>; en: ReadonlySet<string> }): string | undefined {
  const list = placeTokens(text, words);
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < list.length; i += 1) {
    const t = list[i];
    const isMarkerBg = markers.bg.has(canonical(t.text));
    const isMarkerEn = markers.en.has(englishKey(t.text));
    if (!isMarkerBg && !isMarkerEn) continue;
    const dotted = text[t.end] === '.';
    // One-letter abbreviations ("с." for село) are prepositions without their dot.
    if (t.text.length === 1 && !dotted) continue;
    const abbreviated = dotted && t.text.length <= 3;
    const end = nameEnd(text, list, i + 1, t.end + (dotted ? 1 : 0), abbreviated);
    if (end > 0) {
      spans.push([t.start, end]);
      continue;
    }
    // English names come before their marker: "Rila Street", "Main Road".
    if (isMarkerEn && i > 0 && isCapitalised(list[i - 1].text) && /^\s+$/.test(text.slice(list[i - 1].end, t.start))) {
      let start = i - 1;
      while (start > 0 && isCapitalised(list[start - 1].text) && /^\s+$/.test(text.slice(list[start - 1].end, list[start].start)) && i - start < NAME_TOKENS_MAX) start -= 1;
      spans.push([list[start].start, t.end]);
    }
  }
  if (spans.length === 0) return undefined;
  // Neighbouring parts belong to one place: "с. Мрамор, ул. „Мичур“ 3А".
  const from = spans[0][0];
  let to = spans[0][1];
  for (const [s, e] of spans.slice(1)) {
    if (/^[\s,.]*$/.test(text.slice(to, s))) to = e;
    else break;
  }
  const place = text.slice(from, to).trim();
  return place.length <= PLACE_MAX ? place : undefined;
}
