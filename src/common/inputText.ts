// Text as it may come in from strangers, made safe to keep and to show. Pure; used at the edge
// (the body reader, so every channel and the staff forms alike) and where staff read citizens' text.
//
// - A NUL cannot be stored in PostgreSQL text or JSONB, and a lone surrogate (half an emoji, i.e.
//   invalid UTF-16) cannot be encoded as UTF-8: either made a save fail after the citizen had been
//   answered. Both become U+FFFD, the character Unicode reserves for "something was here".
// - Bidirectional controls (U+202E and its kin) reorder the text around them: a name holding one
//   made the console show the phone beside it reversed. They are taken out of text shown to staff.

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the LRM/RLM marks and the Arabic letter mark. */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** NUL and lone surrogates replaced by U+FFFD; everything else (whole emoji included) as it was. */
export function sanitizeInput(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/**
 * A parsed JSON value or form with `sanitizeInput` applied to every string in it, object keys
 * included (a key is kept too, as JSONB). Depth is bounded by whoever parsed it (bodyReader).
 */
export function sanitizeInputValue(value: unknown): unknown {
  if (typeof value === 'string') return sanitizeInput(value);
  if (Array.isArray(value)) return value.map(sanitizeInputValue);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value) === null ? null : Object.prototype) as Record<string, unknown>;
  // Defined, not assigned: a "__proto__" key stays an own property, as JSON.parse made it.
  for (const [key, item] of Object.entries(value)) Object.defineProperty(out, sanitizeInput(key), { value: sanitizeInputValue(item), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Text with its bidirectional controls taken out, so it reads in the order it was typed. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
