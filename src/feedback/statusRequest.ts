// Reads a request for a record's status from one message: "статус ПТ-2026-000123", "status", a bare
// reference number, or the number followed by its access code ("статус ПТ-2026-000123 K7PQ2XMA"), so
// that a citizen who types both on one line gets the status at once instead of a second question.
import { ACCESS_CODE_PATTERN, normaliseAccessCode } from './accessCode.js';
import { locateReference } from './reference.js';

export interface StatusRequest {
  reference?: string;
  /** The access code typed after the reference, normalised; absent when none was typed. */
  code?: string;
}

/** What may stand between the number and the code, or after the code: "ПТ-2026-000123, код: K7PQ2XMA." */
const SEPARATORS = /^[\s,;:.–-]+|[\s,;:.!?]+$/g;

/** The access code in what follows the reference, optionally after one word such as "код" or "code". */
function codeAfter(rest: string): string | undefined {
  const words = rest.replace(SEPARATORS, '').split(/[\s,;:]+/).filter(Boolean);
  const candidates = [words.join(''), ...(words.length === 2 ? [words[1]] : [])].map(normaliseAccessCode);
  return candidates.find((c) => ACCESS_CODE_PATTERN.test(c));
}

/**
 * The status request a message makes, or undefined when it makes none. `statusWords` are the
 * commands of every language ("статус", "status"), in lower case.
 */
export function readStatusRequest(text: string, prefix: string, statusWords: readonly string[]): StatusRequest | undefined {
  const lower = text.trim().toLocaleLowerCase('bg');
  const found = locateReference(text, prefix);
  const rest = found ? text.slice(found.end) : '';
  const code = found ? codeAfter(rest) : undefined;
  const asked = statusWords.some((w) => lower === w || lower.startsWith(`${w} `));
  if (asked) return found ? { reference: found.reference, ...(code ? { code } : {}) } : {};
  if (!found) return undefined;
  // Without the word, only a message that is nothing but the number (and its code) is a request.
  const before = text.slice(0, found.end).replace(/[\s.!?]/g, '');
  const bare = before.length <= found.reference.length + 2 && (code !== undefined || rest.replace(SEPARATORS, '') === '');
  return bare ? { reference: found.reference, ...(code ? { code } : {}) } : undefined;
}
