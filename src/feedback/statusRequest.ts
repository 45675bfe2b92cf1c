// Reads a request for a record's status from one message. A reference number anywhere asks for its
// record, in any words and language ("какво става с ПТ-2026-000123?", "status of PT-2026-123"): a
// citizen who types their number means it, and a number taken for the answer to another question
// (a place, a description) would be worse than asking for the code. The access code typed after the
// number is read too ("…ПТ-2026-000123, кодът ми е K7PQ2XMA"), so the status comes at once; "статус"
// or "status" alone asks for the number.
import { findAccessCode } from './accessCode.js';
import { locateReference } from './reference.js';

export interface StatusRequest {
  reference?: string;
  /** The access code typed after the reference, normalised; absent when none was typed. */
  code?: string;
  /** The message without the reference number and the code: what tells its language. */
  words?: string;
}

/**
 * The status request a message makes, or undefined when it makes none. `statusWords` are the
 * commands of every language ("статус", "status"), in lower case.
 */
export function readStatusRequest(text: string, prefix: string, statusWords: readonly string[]): StatusRequest | undefined {
  const lower = text.trim().toLocaleLowerCase('bg');
  const found = locateReference(text, prefix);
  if (!found) return statusWords.some((w) => lower === w || lower.startsWith(`${w} `)) ? {} : undefined;
  const rest = text.slice(found.end);
  const code = findAccessCode(rest);
  const words = `${text.slice(0, found.start)} ${code ? '' : rest}`.trim();
  return { reference: found.reference, ...(code ? { code } : {}), ...(words ? { words } : {}) };
}
