// Text as PostgreSQL can store it. A `text` value cannot hold NUL, and `jsonb` refuses both "\u0000"
// and a lone surrogate escape (half an emoji, which JSON.stringify writes as "\ud83d"), so one such
// character in a citizen's message would make the whole write fail. The edge replaces them in every
// body it parses (inputText.ts); the stores replace them again, since text also comes from files
// (db:import) and from code, and a save must not fail after the citizen was answered.
import { sanitizeInput } from './inputText.js';

/** `text` with NUL and lone surrogates replaced by U+FFFD; the same string when it has none. */
export const storableText = sanitizeInput;

/** JSON.stringify(value), with every string in it (keys included) made storable. */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string') return storableText(v);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v);
      if (entries.some(([k]) => storableText(k) !== k)) return Object.fromEntries(entries.map(([k, x]) => [storableText(k), x]));
    }
    return v;
  });
}
