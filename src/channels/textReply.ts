// For channels that show text with buttons (Viber, Messenger): renders a channel-neutral reply as
// plain text plus buttons, and turns a tapped button back into what the bot reads.
import type { Reply } from './message.js';
import { viewToText, type ViewAction } from '../render/answerView.js';
import { newCardId, ratingActions } from '../render/ratingCard.js';

export interface ReplyButton {
  title: string;
  /** The title written short, for a channel whose buttons hold fewer characters than `title` has. */
  shortTitle?: string;
  /** Sent back by the channel when tapped: the text to say, or a JSON action value. */
  payload: string;
}

export interface TextReply {
  text: string;
  buttons: ReplyButton[];
}

const VALUE_PREFIX = '{';

const buttonOf = (a: ViewAction): ReplyButton => ({
  title: a.title,
  ...(a.shortTitle ? { shortTitle: a.shortTitle } : {}),
  payload: a.value.action === 'ask' ? a.value.text : JSON.stringify(a.value),
});

/**
 * A reply as text and buttons, each said once: the actions and the rating's answers are buttons and
 * not also lines of the text (`layOut` lists in the text only the buttons a channel cannot show);
 * the rating buttons, stamped with the card's id, come before the other buttons.
 */
export function textReplyOf(view: Reply): TextReply | undefined {
  const body = viewToText({ ...view, actions: [], rating: undefined });
  const text = [body, view.rating?.question].filter(Boolean).join('\n\n').trim();
  const buttons = [...ratingActions(view, newCardId()), ...view.actions].map(buttonOf);
  return text || buttons.length > 0 ? { text, buttons } : undefined;
}

/**
 * The longest piece of a reply sent as one message, whatever more a channel takes (Viber takes
 * 7,000 characters): a long answer reads better on a phone in parts, each starting where a section
 * or a line does. Messenger's own limit, so that both channels cut a reply alike.
 */
export const READABLE_TEXT_MAX = 2000;

/** What a text channel can show of a reply: its longest message, its most buttons, their longest titles and payloads. */
export interface ChannelLimits {
  textMax: number;
  buttonsMax: number;
  titleMax: number;
  payloadMax: number;
}

/** A reply laid out for a channel: the text in pieces, and the buttons for the last piece with titles that fit. */
export interface LaidOutReply {
  pieces: string[];
  buttons: Array<ReplyButton & { label: string }>;
}

/** Buttons listed as numbered lines, for those that do not fit (too many, or a payload too long). */
const listed = (buttons: ReplyButton[]) => buttons.map((b, i) => `${i + 1}. ${b.title}`).join('\n');

/**
 * Splits the text where sections or lines end (see splitText) into pieces of at most the channel's
 * limit and `READABLE_TEXT_MAX`, keeps the buttons that fit for the last piece, and lists the rest. A button
 * whose title is too long for the channel shows its short title when it has one.
 */
export function layOut(reply: TextReply, limits: ChannelLimits): LaidOutReply {
  const placed = reply.buttons.filter((b) => b.payload.length <= limits.payloadMax).slice(0, limits.buttonsMax);
  const rest = reply.buttons.filter((b) => !placed.includes(b));
  const text = [reply.text, listed(rest)].filter(Boolean).join('\n\n') || listed(placed);
  const fitting = placed.map((b) => (Array.from(b.title).length > limits.titleMax && b.shortTitle ? b.shortTitle : b.title));
  const labels = distinctTitles(fitting, limits.titleMax);
  return { pieces: splitText(text, Math.min(limits.textMax, READABLE_TEXT_MAX)), buttons: placed.map((b, i) => ({ ...b, label: labels[i] })) };
}

/** A tapped button's payload as the fields of an incoming message activity. */
export function fromPayload(payload: string): { text?: string; value?: unknown } {
  if (payload.startsWith(VALUE_PREFIX)) {
    try {
      return { value: JSON.parse(payload) as unknown };
    } catch {
      // not JSON after all: treat as typed text
    }
  }
  return { text: payload };
}

/** Shortens to `max` characters (not splitting an emoji), ending with an ellipsis. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * Where a sentence ends: after . ! ? or … (and any closing quote or bracket) before a space. A dot
 * after a number or a short lower-case word is taken for an abbreviation ("ул.", "гр.", "чл.", "2026 г.")
 * rather than a sentence end; missing a real end there only moves the cut to an earlier one.
 */
const SENTENCE_END = /[.!?…]["“”»)]*(?=\s)/gu;
const ABBREVIATION_BEFORE = /(?:^|[\s(„"])(?:\p{Ll}{1,3}|\d+)$/u;

function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(SENTENCE_END)) {
    const mark = m[0][0];
    if (mark === '.' && ABBREVIATION_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    ends.push(m.index + m[0].length);
  }
  return ends;
}

/**
 * Splits text into pieces of at most `max` characters: at the end of a section (a blank line) when
 * one falls in the second half of the piece, else at the last end of a line, so that a piece holds
 * whole lines (a bullet read in two messages reads as two bullets). Only a single line longer than
 * `max` is cut inside: at its last sentence end, else at a word end (or, with no space at all, at `max`).
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const at = cutAt(rest.slice(0, max + 1), max); // a boundary right after the last allowed character counts
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** Where the first piece of a text ends, given its first `max` + 1 characters (see splitText). */
function cutAt(window: string, max: number): number {
  const section = window.lastIndexOf('\n\n');
  if (section >= max / 2) return section;
  const line = window.lastIndexOf('\n');
  if (line > 0) return line;
  const sentence = sentenceEnds(window).filter((i) => i <= max).pop();
  if (sentence) return sentence;
  const space = window.lastIndexOf(' ');
  return space > 0 ? space : max;
}

/**
 * Button titles cut to `max` characters that stay distinct: titles that would read the same once cut
 * ("Разрешение за отсич…" twice) show what sets them apart, after the words they share
 * ("…дърво (в двора, в…", "…дървета и лозя в …"), and are numbered if even that is not enough.
 */
export function distinctTitles(titles: readonly string[], max: number): string[] {
  const cut = titles.map((t) => shorten(t, max));
  const clashing = (list: string[], i: number) => list.some((other, j) => j !== i && other === list[i]);
  const told = cut.map((title, i) => {
    if (!clashing(cut, i)) return title;
    const group = titles.filter((_, j) => cut[j] === title).map(wordsOf);
    const rest = wordsOf(titles[i]).slice(sharedWords(group)).join(' ');
    return rest ? shorten(`…${rest}`, max) : title;
  });
  return told.map((title, i) => {
    if (!clashing(told, i)) return title;
    const n = ` ${told.slice(0, i + 1).filter((t) => t === title).length}`;
    return `${shorten(titles[i], max - n.length)}${n}`;
  });
}

const wordsOf = (title: string) => title.trim().split(/\s+/);

/** How many leading words all the titles share. */
function sharedWords(titles: string[][]): number {
  let n = 0;
  while (titles.every((words) => n < words.length && words[n] === titles[0][n])) n += 1;
  return n;
}
