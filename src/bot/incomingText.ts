// One limit for everything a citizen's message brings in, whatever the way it came: typed text,
// a button's action value, a Viber or Messenger payload that starts with "{", a Bot Framework
// activity. Checked once at the bot's edge, before any dialog, search or storage sees the message.
import type { Activity } from 'botbuilder';
import { DESCRIPTION_MAX } from '../feedback/validate.js';

/** The longest text the bot reads: the longest answer any prompt takes (a feedback description). */
export const MAX_INCOMING_TEXT = DESCRIPTION_MAX;
/** A button's value is a small object: `{"action":"rate","id":"…","useful":true}`. */
const MAX_VALUE_DEPTH = 4;
const MAX_VALUE_CHARS = MAX_INCOMING_TEXT + 500;

/** The characters of a value's strings and keys, or Infinity when it nests deeper than allowed. */
function valueSize(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object') return 8;
  if (depth >= MAX_VALUE_DEPTH) return Infinity;
  let size = 2;
  for (const [key, item] of Object.entries(value)) {
    size += key.length + valueSize(item, depth + 1);
    if (size > MAX_VALUE_CHARS) return Infinity;
  }
  return size;
}

export type IncomingCheck = { ok: true; activity: Partial<Activity> } | { ok: false };

/**
 * Refuses a message whose text or value is over the limit; otherwise returns it with an "ask"
 * value turned into the text it asks, as the bot's own ask buttons send it (imBack), so that the
 * text takes the same way, and meets the same checks, as a typed question.
 */
export function checkIncoming(activity: Partial<Activity>): IncomingCheck {
  if (typeof activity.text === 'string' && activity.text.length > MAX_INCOMING_TEXT) return { ok: false };
  const value: unknown = activity.value;
  if (value === undefined || value === null) return { ok: true, activity };
  if (valueSize(value) > MAX_VALUE_CHARS) return { ok: false };
  const asked = value as { action?: unknown; text?: unknown };
  if (asked.action === 'ask' && typeof asked.text === 'string') {
    if (asked.text.length > MAX_INCOMING_TEXT) return { ok: false };
    return { ok: true, activity: { ...activity, text: asked.text, value: undefined } };
  }
  return { ok: true, activity };
}
