// What a citizen has said so far in the feedback dialog; it travels in the dialog's options, so a
// correction at the summary can restart with it, and the conversation core can prefill it.
import type { FeedbackContact, FeedbackKind } from './types.js';

export interface FeedbackDraft {
  kind?: FeedbackKind;
  /** The category of a report the bot recognised in the citizen's message (signals/). */
  category?: string;
  description?: string;
  /** An opener that said whom or what the matter is about ("…от служител на гишето"): kept before the account. */
  preface?: string;
  /** undefined: not asked yet; '': asked and skipped. */
  location?: string;
  contact?: FeedbackContact | 'anonymous';
  consent?: boolean;
  /** An anonymous citizen asked at the summary to add a contact: the name is asked at once, not the choice again. */
  addContact?: boolean;
  introduced?: boolean;
  /** The question-log entry of the recognised report, marked as registered once the record is saved. */
  questionId?: string;
}

/** The description of a record: the account, after the opener that framed it when there was one (and both fit). */
export function describedAs(account: string, preface: string | undefined, max: number): string {
  if (!preface) return account;
  const joined = `${preface.trim().replace(/[.!]+$/u, '')}: ${account}`;
  return joined.length <= max ? joined : account;
}
