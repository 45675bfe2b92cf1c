// What a new record looks like and how a clerk's changes alter one, as plain functions, so that
// every storage applies them the same way.
import { hashConversation } from '../common/conversationHash.js';
import { hashAccessCode } from './accessCode.js';
import type { FeedbackFilter, FeedbackRecord, FeedbackStatus, NewFeedback } from './types.js';

const ERASED = '[erased]';

/** A new record as the citizen (or the clerk) submitted it; only the hash of the access code is kept. */
export function newFeedbackRecord(input: NewFeedback, reference: string, accessCode: string, salt: string, at: string): FeedbackRecord {
  const keepContact = input.contact !== undefined && input.consent === true;
  return {
    reference,
    kind: input.kind,
    ...(input.category ? { category: input.category } : {}),
    ...(input.origin ? { origin: input.origin } : {}),
    status: 'received',
    description: input.description.trim(),
    ...(input.location ? { location: input.location.trim() } : {}),
    ...(keepContact ? { contact: input.contact, consentAt: at } : {}),
    lang: input.lang,
    channel: input.channel,
    conversation: hashConversation(salt, input.channel, input.conversationId),
    createdAt: at,
    updatedAt: at,
    statusChangedAt: at,
    accessCodeHash: hashAccessCode(reference, accessCode),
    history: [{ at, by: input.origin === 'unanswered-log' ? input.by ?? 'staff' : 'citizen', action: 'received' }],
    notifications: {},
  };
}

/** A change a clerk (or retention) makes: its history action and what it does to the record. */
export interface RecordChange {
  action: string;
  apply(r: FeedbackRecord, at: string): void;
}

export function statusChange(status: FeedbackStatus): RecordChange {
  return {
    action: `status:${status}`,
    apply(r, at) {
      r.status = status;
      r.statusChangedAt = at;
      if (status === 'closed') r.closedAt = at;
      else delete r.closedAt;
    },
  };
}

export function replyChange(text: string, by: string): RecordChange {
  return {
    action: 'reply',
    apply(r, at) {
      r.publicReply = { text: text.trim(), at, by };
    },
  };
}

/** Personal data goes; kind, status, dates and the public reply stay for statistics and the citizen's status check. */
export const anonymiseChange: RecordChange = {
  action: 'anonymised',
  apply(r, at) {
    delete r.contact;
    delete r.consentAt;
    if (r.location) r.location = ERASED;
    r.description = ERASED;
    r.anonymisedAt = at;
  },
};

/** Applies a change in place, with its time and its line in the history. */
export function applyChange(r: FeedbackRecord, change: RecordChange, by: string, at: string): void {
  change.apply(r, at);
  r.updatedAt = at;
  r.history.push({ at, by, action: change.action });
}

/** Retention's erasure: like anonymise, but the record's updatedAt stays (no clerk changed it). */
export function eraseForRetention(r: FeedbackRecord, by: string, at: string): void {
  anonymiseChange.apply(r, at);
  r.history.push({ at, by, action: anonymiseChange.action });
}

/** Whether retention erases the record when the cutoff is `cutoff` (an ISO time). */
export function dueForErasure(r: FeedbackRecord, cutoff: string): boolean {
  return r.status === 'closed' && r.closedAt !== undefined && r.closedAt < cutoff && !r.anonymisedAt;
}

/** Whether the record passes the console's filter. */
export function matchesFilter(r: FeedbackRecord, filter: FeedbackFilter): boolean {
  return (
    (!filter.kind || r.kind === filter.kind) &&
    (!filter.statuses || filter.statuses.includes(r.status)) &&
    (filter.category === undefined || (r.category ?? null) === filter.category) &&
    (!filter.from || r.createdAt >= filter.from) &&
    (!filter.to || r.createdAt <= filter.to)
  );
}
