// A clerk's erasure of a record's personal data reaches every place the citizen's words were kept:
// the entries of the unanswered-question log that held them (the one registered as the record and
// every one of its conversation), the web chat transcripts of those conversations, and then the
// record itself. In that order, so that when a step fails the record still offers its erase button
// and the clerk tries again; each step does nothing the second time.
import { RecordNotFoundError, type FeedbackRepository } from './repository.js';
import type { FeedbackRecord } from './types.js';

export interface RecordErasureDeps {
  feedback: FeedbackRepository;
  /** The unanswered-question log: removes the record's entries, resolves with their hashed conversations. */
  questions: { eraseRecord(reference: string, conversation: string): Promise<string[]> };
  /** The web chat's transcripts, when this server keeps them (the self-hosted Direct Line), by hashed conversation. */
  transcripts?: { forgetConversations(hashes: ReadonlySet<string>): Promise<number> };
}

/** Erases one record's personal data everywhere; resolves with the record as it stays. */
export type EraseRecord = (reference: string, by: string) => Promise<FeedbackRecord>;

export function recordEraser(deps: RecordErasureDeps): EraseRecord {
  return async (reference, by) => {
    const record = await deps.feedback.getByReference(reference);
    if (!record) throw new RecordNotFoundError(reference);
    const conversations = await deps.questions.eraseRecord(reference, record.conversation);
    await deps.transcripts?.forgetConversations(new Set([record.conversation, ...conversations]));
    return deps.feedback.anonymise(reference, by);
  };
}
