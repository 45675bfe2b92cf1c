// For channels that show text with buttons (Viber, Messenger): turns an outgoing Bot Framework
// activity into plain text plus buttons, and a tapped button back into what the dialogs expect.
import type { Activity, CardAction } from 'botbuilder';

export interface ReplyButton {
  title: string;
  /** Sent back by the channel when tapped: the text to say, or a JSON action value. */
  payload: string;
}

export interface TextReply {
  text: string;
  buttons: ReplyButton[];
}

interface CardContent {
  fallbackText?: string;
  actions?: Array<{ type?: string; title?: string; data?: unknown }>;
}

const VALUE_PREFIX = '{';

function buttonOf(action: CardAction): ReplyButton | undefined {
  if (!action.title) return undefined;
  if (action.type === 'imBack' || typeof action.value === 'string') return { title: action.title, payload: String(action.value ?? action.title) };
  return { title: action.title, payload: JSON.stringify(action.value) };
}

export function toTextReply(activity: Partial<Activity>): TextReply | undefined {
  if (activity.type !== 'message') return undefined;
  const parts: string[] = activity.text ? [activity.text] : [];
  const buttons: ReplyButton[] = [];
  for (const attachment of activity.attachments ?? []) {
    const card = attachment.content as CardContent | undefined;
    if (card?.fallbackText) parts.push(card.fallbackText);
    for (const a of card?.actions ?? []) {
      if (a.type === 'Action.Submit' && a.title) buttons.push({ title: a.title, payload: JSON.stringify(a.data) });
    }
  }
  for (const action of activity.suggestedActions?.actions ?? []) {
    const button = buttonOf(action);
    if (button) buttons.push(button);
  }
  const text = parts.join('\n\n').trim();
  return text || buttons.length > 0 ? { text, buttons } : undefined;
}

/** A tapped button's payload as the fields of an incoming message activity. */
export function fromPayload(payload: string): Pick<Partial<Activity>, 'text' | 'value'> {
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

/** Splits text into pieces of at most `max` characters, at paragraph, line or word ends where possible. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const at = cut > max / 2 ? cut : max;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}
