// Where feedback records are kept, as the dialogs, the staff console, the notifier and retention
// see it. Storage implements it (lowdb files by default, PostgreSQL with DATABASE_URL). A record's
// reference number exists for the citizen only after create() resolves, which is after the record
// is stored.
import type { DeliveryState, FeedbackFilter, FeedbackRecord, FeedbackStatus, NewFeedback } from './types.js';

export interface FeedbackRepository {
  /** Saves a new record; resolves once it is stored, with its one-time access code. */
  create(input: NewFeedback): Promise<{ record: FeedbackRecord; accessCode: string }>;
  getByReference(reference: string): Promise<FeedbackRecord | undefined>;
  /** The record when the access code is right; undefined for a wrong code or an unknown reference alike. */
  verifyAccess(reference: string, accessCode: string): Promise<FeedbackRecord | undefined>;
  /** Records in the order they were made. */
  list(filter?: FeedbackFilter): Promise<FeedbackRecord[]>;
  updateStatus(reference: string, status: FeedbackStatus, by: string): Promise<FeedbackRecord>;
  appendReply(reference: string, text: string, by: string): Promise<FeedbackRecord>;
  recordDelivery(reference: string, channel: 'email' | 'webhook', state: DeliveryState): Promise<void>;
  /** Erases the personal data of one record; the record and its statistics stay. */
  anonymise(reference: string, by: string): Promise<FeedbackRecord>;
  /** Erases the personal data of records closed before the date; returns how many. */
  anonymiseClosedBefore(date: Date, by: string): Promise<number>;
}

export class RecordNotFoundError extends Error {}

/** What every implementation needs to number records and hash conversations. */
export interface RepositoryOptions {
  prefix: string;
  salt: string;
  now?: () => Date;
}
