// Text as PostgreSQL can store it. A `text` value cannot hold NUL, and `jsonb` refuses both "\u0000"
// and a lone surrogate escape (half an emoji, which JSON.stringify writes as "\ud83d"), so one such
// character in a citizen's message would make the whole write fail. Each is replaced by U+FFFD,
// the replacement character, so the rest of what the citizen wrote is kept as written.

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const REPLACEMENT = '\uFFFD';

/** `text` with NUL and lone surrogates replaced by U+FFFD; the same string when it has none. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, REPLACEMENT);
}

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
