import type { FeedbackKind } from '../knowledge/schema.js';

export type { FeedbackKind };

export const FEEDBACK_STATUSES = ['received', 'in_progress', 'answered', 'closed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export interface FeedbackContact {
  name: string;
  phone?: string;
  email?: string;
}

export type DeliveryState = { state: 'pending' | 'sent' | 'failed'; attempts: number; lastError?: string; sentAt?: string };

export interface FeedbackRecord {
  reference: string;
  kind: FeedbackKind;
  /** The category of a problem report (signals/), when the bot recognised one or staff chose it. */
  category?: string;
  /** `unanswered-log`: made by staff from a message in the log of unanswered questions; the citizen cannot be reached. */
  origin?: 'unanswered-log';
  status: FeedbackStatus;
  description: string;
  location?: string;
  contact?: FeedbackContact;
  /** When the citizen agreed to the processing of the contact data. */
  consentAt?: string;
  lang: string;
  channel: string;
  /** Salted hash of the conversation, never the channel's ids. */
  conversation: string;
  createdAt: string;
  updatedAt: string;
  statusChangedAt: string;
  closedAt?: string;
  accessCodeHash: string;
  publicReply?: { text: string; at: string; by: string };
  history: Array<{ at: string; by: string; action: string }>;
  /** Set when personal data was erased (retention or on request). */
  anonymisedAt?: string;
  notifications: Partial<Record<'email' | 'webhook', DeliveryState>>;
}

export interface NewFeedback {
  kind: FeedbackKind;
  category?: string;
  origin?: 'unanswered-log';
  /** Who made the record when it is not the citizen (the clerk's user name). */
  by?: string;
  description: string;
  location?: string;
  contact?: FeedbackContact;
  consent?: boolean;
  lang: string;
  channel: string;
  conversationId: string;
}

/** What the store filters records on (in the database on PostgreSQL); every part given must match. */
export interface FeedbackFilter {
  kind?: FeedbackKind;
  /** Any of these statuses. */
  statuses?: readonly FeedbackStatus[];
  /** A report category's id (signals/); null: records without a category. */
  category?: string | null;
  /** Instants (ISO), both included. */
  from?: string;
  to?: string;
}
